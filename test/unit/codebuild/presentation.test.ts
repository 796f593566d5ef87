import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { currentBranchBuild } from "../../../src/codebuild/model/branchBuild";
import { deferred } from "../../../src/core/deferred";
import { repositoryKey, sameRepository } from "../../../src/git/sourceMatch";
import { phaseName, summaryLine } from "../../../src/codebuild/model/buildStatus";
import { buildConsoleUrl } from "../../../src/aws/consoleLinks";
import {
  describeVariable,
  parseEnvironmentVariable,
} from "../../../src/codebuild/model/environmentOverrides";
import { buildStatusBarLook } from "../../../src/codebuild/model/statusBarText";
import { aBuild, aFinishedBuild, aPhase } from "./builders";

const now = new Date("2026-11-29T10:00:42Z");

describe("the status bar", () => {
  it("spins with the phase while the build runs", () => {
    const look = buildStatusBarLook(aBuild({ number: 5, currentPhase: "PRE_BUILD" }), now);
    assert.equal(look.text, "$(sync~spin) web-app #5 · Pre build");
    assert.equal(look.failed, false);
  });

  it("shows a check and the duration on success, a cross on failure", () => {
    assert.equal(
      buildStatusBarLook(aFinishedBuild("SUCCEEDED", { number: 5 }), now).text,
      "$(check) web-app #5 · 1m 3s",
    );
    const failed = buildStatusBarLook(
      aFinishedBuild("FAILED", { number: 6, projectName: "api-service" }),
      now,
    );
    assert.equal(failed.text, "$(x) api-service #6 failed · 1m 3s");
    assert.ok(failed.failed);
  });
});

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

describe("the summary line at the end of a log", () => {
  it("names the status, the failing phase and the duration", () => {
    const build = aFinishedBuild("FAILED", {
      number: 3,
      projectName: "api-service",
      phases: [aPhase("INSTALL", "SUCCEEDED"), aPhase("BUILD", "FAILED")],
    });
    assert.equal(
      summaryLine(build, now),
      "──── Build api-service #3 FAILED (phase BUILD FAILED) in 1m 3s ────",
    );
    assert.equal(phaseName("UPLOAD_ARTIFACTS"), "Upload artifacts");
  });
});

describe("console links", () => {
  it("point at the build in its own region and account", () => {
    const build = aBuild({
      id: "web-app:1234",
      arn: "arn:aws:codebuild:eu-west-1:111122223333:build/web-app:1234",
    });
    assert.equal(
      buildConsoleUrl(build, "us-east-1"),
      "https://eu-west-1.console.aws.amazon.com/codesuite/codebuild/111122223333/projects/web-app/build/web-app%3A1234/?region=eu-west-1",
    );
  });
});

describe("environment-variable overrides", () => {
  it("parses plain, Parameter Store and Secrets Manager variables", () => {
    assert.deepEqual(parseEnvironmentVariable("DEPLOY_ENV=staging=blue"), {
      ok: true,
      variable: { name: "DEPLOY_ENV", value: "staging=blue", type: "PLAINTEXT" },
    });
    assert.deepEqual(parseEnvironmentVariable("ssm:TOKEN=/ci/token"), {
      ok: true,
      variable: { name: "TOKEN", value: "/ci/token", type: "PARAMETER_STORE" },
    });
    assert.deepEqual(parseEnvironmentVariable("secret:DB=prod/db"), {
      ok: true,
      variable: { name: "DB", value: "prod/db", type: "SECRETS_MANAGER" },
    });
  });

  it("rejects what CodeBuild would reject, with the reason", () => {
    assert.match((parseEnvironmentVariable("no equals") as { error: string }).error, /NAME=value/);
    assert.match(
      (parseEnvironmentVariable("1BAD=x") as { error: string }).error,
      /not a valid variable name/,
    );
    assert.match((parseEnvironmentVariable("CODEBUILD_X=1") as { error: string }).error, /reserved/);
  });

  it("never shows a plain-text value back", () => {
    assert.equal(
      describeVariable({ name: "API_KEY", value: "s3cr3t", type: "PLAINTEXT" }),
      "API_KEY (plain text, 6 characters)",
    );
  });
});

describe("matching a repository to the projects that build it", () => {
  it("sees a CodeCommit repository in all its URL forms", () => {
    const https = "https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/orders";
    assert.ok(sameRepository(https, "ssh://git-codecommit.eu-west-1.amazonaws.com/v1/repos/orders"));
    assert.ok(sameRepository(https, "codecommit::eu-west-1://orders"));
    assert.ok(sameRepository(https, "codecommit://orders"));
    assert.ok(!sameRepository(https, "codecommit::us-east-1://orders"));
    assert.ok(!sameRepository(https, "https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/orders-ui"));
  });

  it("sees a GitHub repository by HTTPS, SSH and CodeStar connection id", () => {
    const project = "https://github.com/Acme/web-app.git";
    assert.ok(sameRepository(project, "git@github.com:acme/web-app.git"));
    assert.ok(sameRepository(project, "ssh://git@github.com/acme/web-app"));
    assert.ok(sameRepository(project, "acme/web-app"));
    assert.ok(!sameRepository(project, "git@gitlab.com:acme/web-app.git"));
    assert.equal(repositoryKey(undefined), undefined);
  });
});

describe("an API used before its connection is resolved", () => {
  it("forwards calls once the target is ready, and is not itself a promise", async () => {
    let resolve!: (api: { twice(n: number): Promise<number> }) => void;
    const ready = new Promise<{ twice(n: number): Promise<number> }>((r) => (resolve = r));
    const api = deferred(() => ready);
    const answer = api.twice(21);
    resolve({ twice: (n) => Promise.resolve(n * 2) });
    assert.equal(await answer, 42);
    assert.equal((api as unknown as { then?: unknown }).then, undefined);
  });
});
