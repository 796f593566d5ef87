import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { describe, it } from "node:test";
import { matchProblems, type BuildProblem } from "../../../src/codebuild/model/problemMatchers";
import { corpusFiles, readCorpusFile } from "./corpus";

/**
 * The regression set: real tool outputs (corpus/logs/NN-tool.txt), each with the problems a
 * person wants in the Problems panel (NN-tool.expected.tsv: file, line, column, severity).
 * The matchers must find every row and nothing else.
 */

type Row = string;

function row(p: Pick<BuildProblem, "file" | "line" | "column" | "severity">): Row {
  return [p.file, p.line, p.column ?? "", p.severity].join("\t");
}

function expectedRows(tsv: string): Row[] {
  const [header, ...rows] = tsv.split(/\r?\n/).filter((l) => l.trim() !== "");
  assert.equal(header, "file\tline\tcolumn\tseverity", "the expected.tsv header");
  return rows;
}

/** The rows of `want` not in `have`, counting repeats. */
function minus(want: readonly Row[], have: readonly Row[]): Row[] {
  const left = new Map<Row, number>();
  for (const r of have) left.set(r, (left.get(r) ?? 0) + 1);
  return want.filter((r) => {
    const n = left.get(r) ?? 0;
    left.set(r, n - 1);
    return n <= 0;
  });
}

describe("the problem matchers on the real build logs of the corpus", () => {
  const logs = corpusFiles("logs", /\.txt$/);

  it("finds the corpus, each log with its expected problems", () => {
    assert.ok(logs.length >= 15, `only ${logs.length} logs found`);
    for (const log of logs) {
      assert.ok(existsSync(log.path.replace(/\.txt$/, ".expected.tsv")), `${log.name} has no .expected.tsv`);
    }
  });

  for (const { name, path } of logs) {
    it(`${name}: every expected problem, with its file, line, column and severity, and nothing else`, () => {
      const expected = expectedRows(readCorpusFile(path.replace(/\.txt$/, ".expected.tsv")));
      const found = matchProblems(readCorpusFile(path).split(/\r?\n/)).map(row);
      const missing = minus(expected, found);
      const extra = minus(found, expected);
      assert.deepEqual(
        { missing, extra },
        { missing: [], extra: [] },
        `${name}: ${expected.length - missing.length}/${expected.length} found, ${extra.length} extra`,
      );
    });
  }
});
