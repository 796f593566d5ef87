import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  buildMatchesHead,
  currentBranchBuild,
  type BuildOrigin,
} from "../../../src/codebuild/model/branchBuild";
import { aBuild, aFinishedBuild } from "./builders";

const unknown: BuildOrigin = { startedHere: false };

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
    const originOf = () => unknown;
    assert.equal(
      currentBranchBuild([finishedJustNow, runningSinceLongAgo, other], head, originOf),
      finishedJustNow,
    );
    assert.equal(
      currentBranchBuild([finishedJustNow, runningSinceLongAgo, startedNow], head, originOf),
      startedNow,
    );
    assert.equal(currentBranchBuild([runningSinceLongAgo, other], head, originOf), runningSinceLongAgo);
    assert.equal(currentBranchBuild([other], head, originOf), undefined);
    assert.equal(currentBranchBuild([other], {}, originOf), undefined);
  });

  it("a build of another repository's branch of the same name is not this branch's, unless started here", () => {
    const here = {
      branch: "main",
      commit: "b".repeat(40),
      remoteUrl: "git@github.com:example-org/api-service.git",
    };
    const build = aBuild({ sourceVersion: "refs/heads/main" });
    const mine = { sourceLocation: "https://github.com/example-org/api-service", startedHere: false };
    const theirs = { sourceLocation: "https://github.com/example-org/web-app.git", startedHere: false };
    const codecommit = {
      sourceLocation: "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/integration-tests",
      startedHere: false,
    };
    assert.equal(buildMatchesHead(build, here, mine), true, "this repository's main");
    assert.equal(buildMatchesHead(build, here, theirs), false, "another repository's main");
    assert.equal(buildMatchesHead(build, here, codecommit), false, "a CodeCommit repository's main");
    assert.equal(
      buildMatchesHead(build, here, { ...theirs, startedHere: true }),
      true,
      "started from this window",
    );
    assert.equal(
      buildMatchesHead(build, here, unknown),
      true,
      "a project not described yet: the branch tells",
    );
    assert.equal(
      buildMatchesHead(build, here, { sourceLocation: "", startedHere: false }),
      true,
      "no source (CodePipeline)",
    );
    assert.equal(
      buildMatchesHead(build, { branch: "main" }, theirs),
      true,
      "a repository without a remote: the branch tells",
    );
    const fork = {
      ...here,
      remoteUrl: "git@github.com:me/api-service.git",
      remoteUrls: ["git@github.com:me/api-service.git", "https://github.com/example-org/api-service.git"],
    };
    assert.equal(buildMatchesHead(build, fork, mine), true, "a fork whose upstream the project builds");
    assert.equal(buildMatchesHead(build, fork, theirs), false);
    const ofCommit = aBuild({ sourceVersion: "release", resolvedSourceVersion: "b".repeat(40) });
    assert.equal(buildMatchesHead(ofCommit, here, theirs), true, "the same commit, whatever the project");
    assert.equal(buildMatchesHead(aBuild({ sourceVersion: "develop" }), here, mine), false, "another branch");
  });
});
