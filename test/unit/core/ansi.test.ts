import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { messageLines, stripAnsi } from "../../../src/core/ansi";

/** Any UTF-16 code unit: control characters, lone surrogates, everything. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
/** Text with no escape character in it. */
const plain = fc
  .string({ unit: codeUnit, maxLength: 200 })
  .map((s) => s.replaceAll("\u001b", "").replaceAll("\u009b", ""));
const escape = fc.constantFrom(
  "\u001b[0m",
  "\u001b[1;31m",
  "\u001b[38;5;208m",
  "\u001b[2K",
  "\u001b[1G",
  "\u009b32m",
  "\u001b]8;;https://example.com\u0007",
  "\u001b]0;title\u001b\\",
  "\u001b(B",
  "\u001b7",
  "\u001b8",
);

describe("stripping ANSI escapes from log text", () => {
  it("removes the character-set switch that `tput sgr0` prints", () => {
    assert.equal(stripAnsi("\u001b[1;31mFAIL\u001b(B\u001b[m src/a.test.ts"), "FAIL src/a.test.ts");
  });

  it("leaves text without escapes as it is", () => {
    fc.assert(fc.property(plain, (text) => assert.equal(stripAnsi(text), text)));
  });

  it("gives back the text between the escapes, wherever they are", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(plain, escape), { maxLength: 20 }), (pieces) => {
        const colored = pieces.map(([text, esc]) => esc + text).join("");
        assert.equal(stripAnsi(colored), pieces.map(([text]) => text).join(""));
      }),
    );
  });

  it("never throws nor lengthens anything", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(plain, escape, fc.constantFrom("\u001b", "\u001b[", "\u001b]", "\u009b")), {
          maxLength: 40,
        }),
        (parts) => {
          const text = parts.join("");
          assert.ok(stripAnsi(text).length <= text.length);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("splits a log event into the lines it holds, whatever the line ends", () => {
    fc.assert(
      fc.property(
        fc.array(
          plain.map((s) => s.replace(/[\r\n]/g, "")),
          { minLength: 1, maxLength: 10 },
        ),
        fc.constantFrom("\n", "\r\n", "\r"),
        (lines, end) => {
          assert.deepEqual(messageLines(lines.join(end) + end), lines);
        },
      ),
    );
  });
});

/** Escapes that never end, a megabyte long: each is one failed scan, not one per character. */
const MEGABYTE = 1_000_000;
const adversarial: Record<string, string> = {
  "a CSI whose parameters never end": `\u001b[${"0;".repeat(MEGABYTE / 2)}`,
  "a CSI with parameters and intermediates but no final byte": `\u001b[${"0".repeat(MEGABYTE / 2)}${" ".repeat(MEGABYTE / 2)}\u0001`,
  "an OSC that is never ended": `\u001b]${"a".repeat(MEGABYTE)}`,
  "many OSCs that are never ended": "\u001b]a".repeat(MEGABYTE / 3),
  "a megabyte of ESC": "\u001b".repeat(MEGABYTE),
  "a megabyte of ESC [": "\u001b[".repeat(MEGABYTE / 2),
  "a C1 CSI that never ends": `\u009b${"1".repeat(MEGABYTE)}`,
  "carriage returns": "a\r".repeat(MEGABYTE / 2),
};

describe("stripping ANSI escapes from megabyte lines", () => {
  for (const [name, text] of Object.entries(adversarial)) {
    it(`finishes on ${name}`, { timeout: 20_000 }, () => {
      assert.ok(stripAnsi(text).length <= text.length);
      assert.ok(messageLines(text).length >= 1);
    });
  }
});
