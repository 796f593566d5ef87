import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { stringify } from "yaml";
import { keyPathAt, validateBuildspec, type SpecProblem } from "../../../src/codebuild/buildspec/validate";

/** Any UTF-16 code unit: control characters, lone surrogates, everything. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

/** Pieces of YAML and of buildspecs, so random texts come close to real ones. */
const fragment = fc.constantFrom(
  "version: 0.2\n",
  "version: 0.1\n",
  "phases:\n",
  "  build:\n",
  "    commands:\n",
  "      - ",
  "env:\n",
  "  shell: ",
  "reports:\n",
  "artifacts:\n",
  "  files:\n",
  "  secondary-artifacts:\n",
  "on-failure: RETRY-3\n",
  "batch:\n",
  "- ",
  "? ",
  ": ",
  "[",
  "]",
  "{",
  "}",
  ",",
  "&a ",
  "*a",
  "<<: *a\n",
  "!!str ",
  "!Ref ",
  "|\n",
  ">-\n",
  "# comment\n",
  '"',
  "'",
  "\n",
  "\r\n",
  "\t",
  "  ",
  "---\n",
  "...\n",
  "%YAML 1.2\n",
  "\u0000",
  "\u001b",
  "\ud800",
  "\udc00",
  "\ufeff",
);

const text = fc.oneof(
  fc.string({ unit: codeUnit, maxLength: 200 }),
  fc.array(fragment, { maxLength: 60 }).map((parts) => parts.join("")),
  fc
    .tuple(fc.array(fragment, { maxLength: 5 }), fragment, fc.integer({ min: 10, max: 3_000 }))
    .map(([start, piece, n]) => start.join("") + piece.repeat(n)),
);

function assertWellFormed(problems: readonly SpecProblem[]): void {
  for (const p of problems) {
    assert.ok(p.severity === "error" || p.severity === "warning");
    assert.ok(p.message.length > 0);
    for (const n of [p.start.line, p.start.column, p.end.line, p.end.column]) {
      assert.ok(Number.isSafeInteger(n) && n >= 0, `position ${n}`);
    }
    assert.ok(p.end.line > p.start.line || (p.end.line === p.start.line && p.end.column >= p.start.column));
  }
}

describe("the buildspec validator on arbitrary text", () => {
  it("never throws, and places every problem at a position in the text", { timeout: 120_000 }, () => {
    fc.assert(
      fc.property(text, (t) => assertWellFormed(validateBuildspec(t))),
      { numRuns: 400 },
    );
  });

  it("finishes on any nesting depth, warning when it is too deep to check", { timeout: 60_000 }, () => {
    const opener = fc.constantFrom("[", "{a: ", "- ", "? ", "a: ", "&x [", "!!seq [", "[{", "- - ");
    fc.assert(
      fc.property(opener, fc.integer({ min: 1, max: 20_000 }), (open, depth) => {
        assertWellFormed(validateBuildspec(`version: 0.2\nphases: ${open.repeat(depth)}`));
      }),
      { numRuns: 60 },
    );
    const deep = validateBuildspec(`version: 0.2\nphases: ${"[".repeat(10_000)}`);
    assert.match(deep[0]?.message ?? "", /nests more than \d+ levels deep/);
  });

  it("checks a list named by many aliases once", { timeout: 20_000 }, () => {
    const big = Array.from({ length: 20_000 }, (_, i) => `  - echo ${i}`).join("\n");
    const groups = Array.from({ length: 5_000 }, (_, i) => `  g${i}:\n    files: *files`).join("\n");
    const problems = validateBuildspec(
      `version: 0.2\nlists:\n  - &files\n${big}\nphases:\n  build:\n    commands: *files\nreports:\n${groups}\n`,
    );
    assert.deepEqual(
      problems.map((p) => p.message),
      [
        "Unknown key `lists`; expected one of: version, run-as, env, proxy, batch, phases, reports, artifacts, cache.",
      ],
    );
  });

  const value = fc.string({ unit: "grapheme", maxLength: 40 });
  const name = fc.stringMatching(/^[A-Z][A-Z0-9_]{0,15}$/);
  const commands = fc.array(value, { minLength: 1, maxLength: 5 });
  const buildspec = fc.record(
    {
      version: fc.constantFrom(0.2, "0.2"),
      env: fc.record({
        variables: fc.dictionary(name, value),
        shell: fc.constantFrom("bash", "/bin/sh", "powershell.exe", "cmd.exe"),
      }),
      phases: fc.record(
        {
          install: fc.record({
            "runtime-versions": fc.dictionary(fc.constantFrom("nodejs", "python", "java"), value),
          }),
          pre_build: fc.record({
            commands,
            "on-failure": fc.constantFrom("ABORT", "CONTINUE", "RETRY", "RETRY-2", "retry-3-timed out"),
          }),
          build: fc.record({ commands, finally: commands }),
          post_build: fc.record({ commands }),
        },
        { requiredKeys: ["build"] },
      ),
      reports: fc.dictionary(
        name,
        fc.record({
          files: commands,
          "file-format": fc.constantFrom("JUNITXML", "JunitXml", "cucumberjson"),
        }),
      ),
      artifacts: fc.record({ files: commands, "discard-paths": fc.constantFrom("yes", "no", true, false) }),
      cache: fc.record({ paths: commands }),
    },
    { requiredKeys: ["version", "phases"] },
  );

  it("finds no problem in a buildspec written with the reference's keys, whatever its strings hold", () => {
    fc.assert(
      fc.property(buildspec, (spec) => {
        assert.deepEqual(validateBuildspec(stringify(spec)), []);
      }),
      { numRuns: 200 },
    );
  });

  it("knows the key path at any line of any text", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: codeUnit, maxLength: 40 }), { maxLength: 30 }),
        fc.nat(40),
        fc.nat(20),
        (lines, at, column) => {
          const path = keyPathAt(lines, at, column);
          assert.ok(path.every((key) => /^[\w-]+$/.test(key)));
        },
      ),
    );
  });
});

/** Buildspecs of the kind that take a YAML parser down: megabyte lines, deep nesting, error floods. */
const MEGABYTE = 1_000_000;
const adversarialTexts: Record<string, string> = {
  "a megabyte command": `version: 0.2\nphases:\n  build:\n    commands:\n      - ${"a".repeat(MEGABYTE)}\n`,
  "a megabyte of `: `": `version: 0.2\nphases: ${": ".repeat(MEGABYTE / 2)}`,
  "a megabyte of `[`": `version: 0.2\nphases: ${"[".repeat(MEGABYTE)}`,
  "a megabyte of `{a: `": `version: 0.2\nphases: ${"{a: ".repeat(MEGABYTE / 4)}`,
  "a megabyte of `- `": "- ".repeat(MEGABYTE / 2),
  "a megabyte of commas in a flow list": `version: 0.2\nphases: [${",".repeat(MEGABYTE)}`,
  "a megabyte of anchors": "&a ".repeat(MEGABYTE / 3),
  "100,000 repeated keys": "version: 0.2\n" + "phases: {}\n".repeat(100_000),
  "100,000 distinct environment variables": `version: 0.2\nenv:\n  variables:\n${Array.from({ length: 100_000 }, (_, i) => `    V${i}: x`).join("\n")}\nphases:\n  build:\n    commands:\n      - make\n`,
};

describe("the buildspec validator on megabyte buildspecs", () => {
  for (const [name, text] of Object.entries(adversarialTexts)) {
    it(`finishes on ${name}`, { timeout: 20_000 }, () => {
      assertWellFormed(validateBuildspec(text));
    });
  }
});
