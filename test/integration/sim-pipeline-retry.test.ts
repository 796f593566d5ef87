// What a user does to a pipeline, through the real SDK against the simulator: retrying a failed stage: failed actions or all, and what cannot be retried.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BatchGetBuildsCommand } from "@aws-sdk/client-codebuild";
import {
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
  RetryStageExecutionCommand,
} from "@aws-sdk/client-codepipeline";
import { actionState, getExecution, stageState, waitForExecution } from "./helpers/sim-pipelines";

import { harness, start } from "./helpers/pipeline-actions";

describe("retrying a failed stage", () => {
  const h = harness();

  it("refuses executions that are not the stage's latest and stages that did not fail", async () => {
    const c = h.c();
    const list = await c.cp.send(new ListPipelineExecutionsCommand({ pipelineName: "retry-pipeline" }));
    const [failed, older] = list.pipelineExecutionSummaries ?? [];
    assert.equal(failed?.status, "Failed");
    const retry = (stageName: string, pipelineExecutionId: string) =>
      c.cp.send(
        new RetryStageExecutionCommand({
          pipelineName: "retry-pipeline",
          stageName,
          pipelineExecutionId,
          retryMode: "FAILED_ACTIONS",
        }),
      );
    await assert.rejects(retry("Build", older!.pipelineExecutionId!), {
      name: "NotLatestPipelineExecutionException",
    });
    await assert.rejects(retry("Source", failed.pipelineExecutionId!), {
      name: "StageNotRetryableException",
    });
    await assert.rejects(retry("Nope", failed.pipelineExecutionId!), { name: "StageNotFoundException" });
    await assert.rejects(
      c.cp.send(
        new RetryStageExecutionCommand({
          pipelineName: "retry-pipeline",
          stageName: "Build",
          pipelineExecutionId: failed.pipelineExecutionId!,
        } as never),
      ),
      { name: "ValidationException" },
    );
  });

  it("retries the failed Build of the seeded execution: a new build succeeds and the execution completes", async () => {
    const c = h.c();
    const before = await stageState(c.cp, "retry-pipeline", "Build");
    const id = before.latestExecution!.pipelineExecutionId!;
    const failedBuild = before.actionStates![0]!.latestExecution!.externalExecutionId!;
    const out = await c.cp.send(
      new RetryStageExecutionCommand({
        pipelineName: "retry-pipeline",
        stageName: "Build",
        pipelineExecutionId: id,
        retryMode: "FAILED_ACTIONS",
      }),
    );
    assert.equal(out.pipelineExecutionId, id);
    const running = await getExecution(c.cp, "retry-pipeline", id);
    assert.equal(running.status, "InProgress");
    const done = await waitForExecution(c.cp, "retry-pipeline", id);
    assert.equal(done.status, "Succeeded");

    const stage = await stageState(c.cp, "retry-pipeline", "Build");
    assert.deepEqual(stage.latestExecution, { pipelineExecutionId: id, status: "Succeeded" });
    assert.deepEqual(stage.retryStageMetadata, {
      manualStageRetryAttempt: 1,
      latestRetryTrigger: "ManualStageRetry",
    });
    const newBuild = stage.actionStates![0]!.latestExecution!.externalExecutionId!;
    assert.notEqual(newBuild, failedBuild);
    const builds = await h.cb().codebuild.send(new BatchGetBuildsCommand({ ids: [failedBuild, newBuild] }));
    assert.deepEqual(
      builds.builds?.map((b) => [b.buildStatus, b.initiator]),
      [
        ["FAILED", "codepipeline/retry-pipeline"],
        ["SUCCEEDED", "codepipeline/retry-pipeline"],
      ],
    );
    const actions = await c.cp.send(
      new ListActionExecutionsCommand({
        pipelineName: "retry-pipeline",
        filter: { pipelineExecutionId: id },
      }),
    );
    assert.deepEqual(
      actions.actionExecutionDetails?.map((a) => [a.stageName, a.status]),
      [
        ["Deploy", "Succeeded"],
        ["Build", "Succeeded"],
        ["Build", "Failed"],
        ["Source", "Succeeded"],
      ],
    );
    await assert.rejects(
      c.cp.send(
        new RetryStageExecutionCommand({
          pipelineName: "retry-pipeline",
          stageName: "Build",
          pipelineExecutionId: id,
          retryMode: "FAILED_ACTIONS",
        }),
      ),
      { name: "StageNotRetryableException" },
    );
  });

  it("a new execution fails its first Build attempt and an ALL_ACTIONS retry succeeds", async () => {
    const c = h.c();
    const id = await start(c, "retry-pipeline");
    const failed = await waitForExecution(c.cp, "retry-pipeline", id);
    assert.equal(failed.status, "Failed");
    const build = await actionState(c.cp, "retry-pipeline", "Build", "Build");
    assert.equal(build.latestExecution?.status, "Failed");
    assert.equal(build.latestExecution?.errorDetails?.message, "Build terminated with state: FAILED");
    await c.cp.send(
      new RetryStageExecutionCommand({
        pipelineName: "retry-pipeline",
        stageName: "Build",
        pipelineExecutionId: id,
        retryMode: "ALL_ACTIONS",
      }),
    );
    assert.equal((await waitForExecution(c.cp, "retry-pipeline", id)).status, "Succeeded");
  });
});
