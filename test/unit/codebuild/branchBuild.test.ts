import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { currentBranchBuild } from "../../../src/codebuild/model/branchBuild";
import { aBuild, aFinishedBuild } from "./builders";

describe("the build of the current branch", () => {
  const head = { branch: "feature/login", commit: "a".repeat(40) };

  it("shows the build with the latest news: the last started or finished, matching refs and commits", () => {
    const finishedJustNow = aFinishedBuild("SUCCEEDED", {
      sourceVersion: "refs/heads/feature/login",
      startTime: new Date("2026-11-29T11:00:00Z"),
      endTime: new Date("2026-11-29T11:05:00Z"),
    });
    const runningSinceLongAgo = aBuild({
      sourceVersion: "main",
      resolvedSourceVersion: "a".repeat(40),
      startTime: new Date("2026-11-29T09:00:00Z"),
    });
    const startedNow = aBuild({
      sourceVersion: "feature/login",
      startTime: new Date("2026-11-29T11:06:00Z"),
    });
    const other = aBuild({ sourceVersion: "main" });
    assert.equal(currentBranchBuild([finishedJustNow, runningSinceLongAgo, other], head), finishedJustNow);
    assert.equal(currentBranchBuild([finishedJustNow, runningSinceLongAgo, startedNow], head), startedNow);
    assert.equal(currentBranchBuild([runningSinceLongAgo, other], head), runningSinceLongAgo);
    assert.equal(currentBranchBuild([other], head), undefined);
    assert.equal(currentBranchBuild([other], {}), undefined);
  });
});
