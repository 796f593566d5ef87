import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import {
  MAX_LINE_LENGTH,
  matchProblems,
  type BuildProblem,
} from "../../../src/codebuild/model/problemMatchers";

/** Any UTF-16 code unit: control characters, lone surrogates, everything. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));

/** Pieces of the formats the matchers read, so random lines come close to matching. */
const fragment = fc.constantFrom(
  "src/app.ts",
  "C:\\Program Files (x86)\\x.targets",
  "(12,5)",
  "(",
  ")",
  ":",
  ": ",
  "12",
  ",",
  " - error TS2322: ",
  ": error: ",
  ": warning: ",
  "): warning CS0618: ",
  "[ERROR] ",
  "[WARNING] ",
  ":[3,4] ",
  "  --> ",
  "error[E0308]: ",
  "at ",
  "    at f (a.js:1:2)",
  "  ● ",
  "  1) ",
  "Traceback (most recent call last):",
  '  File "x.py", line 3',
  "  2:10  error  x  no-var",
  " [Error/no-var]",
  "should replace x",
  ".go",
  ".java",
  "/",
  "\\",
  ".",
  " ",
  "  ",
  "\t",
  "\r",
  "\u2028",
  "\u001b[31m",
  "\ud800",
  "\udfff",
  "[Container] 2026/11/29 10:00:01.123456 ",
);

const logLine = fc.oneof(
  fc.string({ unit: codeUnit, maxLength: 120 }),
  fc.array(fragment, { maxLength: 30 }).map((parts) => parts.join("")),
  // Long lines: one piece many times over, as minified bundles and base64 are.
  fc.tuple(fragment, fc.integer({ min: 100, max: 5_000 })).map(([piece, n]) => piece.repeat(n)),
);

const log = fc.array(logLine, { maxLength: 40 });

function assertWellFormed(problems: readonly BuildProblem[], lines: readonly string[]): void {
  assert.ok(problems.length <= lines.length, "a line is used by at most one problem");
  for (const p of problems) {
    assert.ok(p.file.length > 0, "a problem names a file");
    assert.ok(Number.isSafeInteger(p.line) && p.line >= 1, `line ${p.line}`);
    assert.ok(
      p.column === undefined || (Number.isSafeInteger(p.column) && p.column >= 1),
      `column ${p.column}`,
    );
    assert.ok(p.severity === "error" || p.severity === "warning");
    assert.equal(typeof p.message, "string");
  }
}

describe("the problem matchers on arbitrary input", () => {
  it(
    "never throw, and every problem they find has a file, a 1-based position and a severity",
    { timeout: 120_000 },
    () => {
      fc.assert(
        fc.property(log, (lines) => {
          assertWellFormed(matchProblems(lines), lines);
          assertWellFormed(matchProblems(lines, { maxLineLength: Infinity }), lines);
        }),
        { numRuns: 300 },
      );
    },
  );

  it("read lines up to the length limit exactly as they would without it", { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(log, (lines) => {
        const short = lines.map((l) => l.slice(0, MAX_LINE_LENGTH));
        assert.deepEqual(matchProblems(short), matchProblems(short, { maxLineLength: Infinity }));
      }),
      { numRuns: 200 },
    );
  });

  const segment = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
  const path = fc
    .tuple(fc.array(segment, { minLength: 1, maxLength: 6 }), fc.stringMatching(/^[a-z]{1,6}$/))
    .map(([dirs, extension]) => `${dirs.join("/")}.${extension}`);
  const position = fc.integer({ min: 1, max: 999_999 });
  const message = fc.stringMatching(/^[A-Za-z'`][ -~]{0,80}[A-Za-z.'`]$/);

  it("find a compiler's `path:line:col: error: message` as written", () => {
    fc.assert(
      fc.property(
        path,
        position,
        position,
        fc.constantFrom("error", "warning"),
        message,
        (file, line, column, severity, text) => {
          const [p, ...more] = matchProblems([`${file}:${line}:${column}: ${severity}: ${text}`]);
          assert.deepEqual(more, []);
          assert.deepEqual(
            { file: p?.file, line: p?.line, column: p?.column, severity: p?.severity, message: p?.message },
            { file, line, column, severity, message: text },
          );
        },
      ),
    );
  });

  it("find MSBuild's and tsc's `path(line,col): error CODE: message` as written", () => {
    fc.assert(
      fc.property(
        path,
        position,
        position,
        fc.constantFrom("error", "warning"),
        message,
        (file, line, column, severity, text) => {
          const [p] = matchProblems([`${file}(${line},${column}): ${severity} CS1234: ${text}`]);
          assert.deepEqual(
            { file: p?.file, line: p?.line, column: p?.column, severity: p?.severity, code: p?.code },
            { file, line, column, severity, code: "CS1234" },
          );
        },
      ),
    );
  });
});

/** Lines of the kind that made the old patterns backtrack for seconds or forever. */
const MEGABYTE = 1_000_000;
const adversarialLines: Record<string, string> = {
  "one long word (a path with no position)": "a".repeat(MEGABYTE),
  "a path of a million folders": "a/".repeat(MEGABYTE / 2),
  "a path that ends in a position": `${"a/".repeat(MEGABYTE / 2)}x.ts:1:2: error: late`,
  "blanks before a last character": `${" ".repeat(MEGABYTE)}x`,
  "dots everywhere": ".a".repeat(MEGABYTE / 2),
  "colons and digits": "1:".repeat(MEGABYTE / 2),
  "open parentheses with numbers": "(1,".repeat(MEGABYTE / 3),
  "a stack frame of parentheses": `    at ${"(".repeat(MEGABYTE)}`,
  "a Maven line without a position": `[ERROR] ${"a".repeat(MEGABYTE)}`,
  "an ESLint row of double blanks": `  1:1  error ${"  a".repeat(MEGABYTE / 3)}`,
  "minified JavaScript": "function(a,b){return a.b(c)+d[e]};".repeat(MEGABYTE / 35),
  base64: "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0123456789+/".repeat(MEGABYTE / 48),
};

describe("the problem matchers on megabyte lines", () => {
  for (const [name, line] of Object.entries(adversarialLines)) {
    it(`finish on ${name}, with and without the line length limit`, { timeout: 20_000 }, () => {
      const lines = ["src/a.ts(1,2): error TS1005: ';' expected.", line, line];
      assert.equal(matchProblems(lines)[0]?.file, "src/a.ts");
      assert.equal(matchProblems(lines, { maxLineLength: Infinity })[0]?.file, "src/a.ts");
    });
  }

  it(
    "finish on 300,000 lines with a problem on each, without spreading them into calls",
    { timeout: 20_000 },
    () => {
      const lines = Array.from({ length: 300_000 }, (_, i) => `src/f${i % 97}.py:${i + 1}: AssertionError`);
      assert.equal(matchProblems(lines).length, 300_000);
    },
  );
});
