import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KeptLog } from "../../../src/codebuild/model/keptLog";

describe("the start of a build's log kept for Show Problems", () => {
  it("gives back the lines of every batch in order, empty lines included", () => {
    const kept = new KeptLog();
    kept.add(["[Container] Entering phase BUILD", "", "src/app.ts(3,7): error TS2322: no"]);
    kept.add([""]);
    kept.add(["npm ERR! code 2", "   indented"]);
    assert.deepEqual(kept.lines(), [
      "[Container] Entering phase BUILD",
      "",
      "src/app.ts(3,7): error TS2322: no",
      "",
      "npm ERR! code 2",
      "   indented",
    ]);
  });

  it("gives back nothing before a line arrived", () => {
    assert.deepEqual(new KeptLog().lines(), []);
  });

  it("keeps the log's start up to its size, and no later line once one did not fit", () => {
    const kept = new KeptLog(10);
    kept.add(["abcd", "efg"]);
    kept.add(["hijk", "l"]);
    kept.add(["m"]);
    assert.deepEqual(kept.lines(), ["abcd", "efg"], "the start, without a gap");
  });

  it("gives back every line of a 200,000-line log", () => {
    const kept = new KeptLog();
    const batch = Array.from({ length: 10_000 }, (_, i) => `row ${i}: checksum ok`);
    for (let i = 0; i < 20; i++) kept.add(batch);
    const lines = kept.lines();
    assert.equal(lines.length, 200_000);
    assert.equal(lines[199_999], "row 9999: checksum ok");
  });
});
