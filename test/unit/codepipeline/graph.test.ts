import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { pipelineGraph } from "../../../src/codepipeline/model/graph";
import { executionOfCommit, pipelineBuildsHead } from "../../../src/codepipeline/model/source";
import {
  currentStage,
  executionRevision,
  pipelineStatus,
  waitingApprovals,
} from "../../../src/codepipeline/model/status";
import type { PipelineDefinition, PipelineState } from "../../../src/codepipeline/model/types";

const definition: PipelineDefinition = {
  name: "web-app-release",
  pipelineType: "V2",
  variables: [],
  stages: [
    {
      name: "Source",
      actions: [{ name: "Checkout", category: "Source", provider: "CodeCommit", configuration: {} }],
    },
    {
      name: "Build",
      actions: [{ name: "Compile", category: "Build", provider: "CodeBuild", configuration: {} }],
    },
    {
      name: "Approval",
      actions: [{ name: "Review", category: "Approval", provider: "Manual", configuration: {} }],
    },
    { name: "Deploy", actions: [{ name: "Ship", category: "Deploy", provider: "S3", configuration: {} }] },
  ],
};

function stateWith(approvalWaiting: boolean, buildStatus = "Succeeded"): PipelineState {
  const run = (status: string) => ({ executionId: "e-2", status });
  return {
    pipelineName: "web-app-release",
    stages: [
      {
        name: "Source",
        transitionEnabled: true,
        latestExecution: run("Succeeded"),
        actions: [{ name: "Checkout", latest: { status: "Succeeded" } }],
      },
      {
        name: "Build",
        transitionEnabled: true,
        latestExecution: run(buildStatus),
        actions: [
          {
            name: "Compile",
            latest: {
              status: buildStatus,
              externalExecutionId: "web-app:123",
              errorMessage: buildStatus === "Failed" ? "Build failed" : undefined,
            },
          },
        ],
      },
      {
        name: "Approval",
        transitionEnabled: true,
        latestExecution: approvalWaiting ? run("InProgress") : undefined,
        actions: [
          { name: "Review", latest: approvalWaiting ? { status: "InProgress", token: "tok-1" } : undefined },
        ],
      },
      { name: "Deploy", transitionEnabled: false, disabledReason: "freeze", actions: [{ name: "Ship" }] },
    ],
  };
}

describe("the pipeline as the user sees it", () => {
  it("is waiting at the approval stage, with the approval's token at hand", () => {
    const state = stateWith(true);
    assert.equal(pipelineStatus(state), "InProgress");
    assert.equal(currentStage(state)?.name, "Approval");
    assert.deepEqual(waitingApprovals(state), [{ stage: "Approval", action: "Review", token: "tok-1" }]);
  });

  it("has failed at the build stage, which can be retried", () => {
    const state = stateWith(false, "Failed");
    assert.equal(pipelineStatus(state), "Failed");
    assert.equal(currentStage(state)?.name, "Build");
    const graph = pipelineGraph("web-app-release", definition, state);
    const build = graph.stages[1]!;
    assert.equal(build.retryable, true);
    assert.equal(build.actions[0]?.codebuild, true);
    assert.equal(build.actions[0]?.error, "Build failed");
  });

  it("draws stages and actions in definition order with providers, approvals and disabled transitions", () => {
    const graph = pipelineGraph("web-app-release", definition, stateWith(true));
    assert.deepEqual(
      graph.stages.map((s) => s.name),
      ["Source", "Build", "Approval", "Deploy"],
    );
    assert.deepEqual(
      graph.stages.map((s) => s.actions[0]?.provider),
      ["CodeCommit", "CodeBuild", "Manual", "S3"],
    );
    assert.equal(graph.stages[2]?.actions[0]?.approval, true);
    assert.equal(graph.stages[2]?.current, true);
    assert.equal(graph.stages[3]?.transitionEnabled, false);
    assert.equal(graph.waitingApprovals, 1);
  });

  it("shows an execution's commit with the first line of its message, also from a connection's JSON summary", () => {
    const base = { id: "e", pipelineName: "p", status: "Succeeded" as const };
    assert.equal(
      executionRevision({
        ...base,
        sourceRevisions: [
          { actionName: "Source", revisionId: "a".repeat(40), revisionSummary: "Fix login\n\nLonger text" },
        ],
      }),
      "aaaaaaa Fix login",
    );
    assert.equal(
      executionRevision({
        ...base,
        sourceRevisions: [
          {
            actionName: "Source",
            revisionId: "b".repeat(40),
            revisionSummary: '{"ProviderType":"GitHub","CommitMessage":"Add docs page"}',
          },
        ],
      }),
      "bbbbbbb Add docs page",
    );
  });
});

describe("pipelines that build the workspace's repository", () => {
  const source = (provider: string, configuration: Record<string, string>): PipelineDefinition => ({
    name: "p",
    variables: [],
    stages: [{ name: "Source", actions: [{ name: "Src", category: "Source", provider, configuration }] }],
  });
  const head = {
    branch: "main",
    commit: "c".repeat(40),
    remoteUrl: "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/web-app",
  };

  it("recognise a CodeCommit source on the same branch and region", () => {
    assert.ok(
      pipelineBuildsHead(
        source("CodeCommit", { RepositoryName: "web-app", BranchName: "main" }),
        head,
        "us-east-1",
      ),
    );
    assert.ok(
      !pipelineBuildsHead(
        source("CodeCommit", { RepositoryName: "web-app", BranchName: "release" }),
        head,
        "us-east-1",
      ),
    );
    assert.ok(
      !pipelineBuildsHead(
        source("CodeCommit", { RepositoryName: "web-app", BranchName: "main" }),
        head,
        "eu-west-1",
      ),
    );
    assert.ok(
      !pipelineBuildsHead(
        source("CodeCommit", { RepositoryName: "web-app", BranchName: "main" }),
        { ...head, remoteUrl: undefined },
        "us-east-1",
      ),
    );
    assert.ok(
      pipelineBuildsHead(
        source("CodeCommit", { RepositoryName: "web-app", BranchName: "main" }),
        {
          ...head,
          remoteUrl: "git@github.com:me/web-app.git",
          remoteUrls: ["git@github.com:me/web-app.git", head.remoteUrl],
        },
        "us-east-1",
      ),
      "a fork whose upstream is the pipeline's source",
    );
  });

  it("recognise a CodeStar connection source by FullRepositoryId", () => {
    const github = { ...head, remoteUrl: "git@github.com:acme/docs-site.git" };
    assert.ok(
      pipelineBuildsHead(
        source("CodeStarSourceConnection", { FullRepositoryId: "acme/docs-site", BranchName: "main" }),
        github,
        "us-east-1",
      ),
    );
    assert.ok(
      !pipelineBuildsHead(
        source("CodeStarSourceConnection", { FullRepositoryId: "acme/web", BranchName: "main" }),
        github,
        "us-east-1",
      ),
    );
  });

  it("find the execution carrying the HEAD commit", () => {
    const executions = [
      {
        id: "new",
        pipelineName: "p",
        status: "InProgress" as const,
        sourceRevisions: [{ actionName: "Src", revisionId: "d".repeat(40) }],
      },
      {
        id: "mine",
        pipelineName: "p",
        status: "Succeeded" as const,
        sourceRevisions: [{ actionName: "Src", revisionId: "c".repeat(40) }],
      },
    ];
    assert.equal(executionOfCommit(executions, "c".repeat(40))?.id, "mine");
    assert.equal(executionOfCommit(executions, "e".repeat(40)), undefined);
  });
});
