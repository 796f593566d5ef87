// What a user does to a pipeline, through the real SDK against the simulator: stopping an execution: stop and wait, abandon, what cannot be stopped.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ListPipelineExecutionsCommand, StopPipelineExecutionCommand } from "@aws-sdk/client-codepipeline";
import {
  actionState,
  getExecution,
  stageState,
  waitForExecution,
  waitForStage,
} from "./helpers/sim-pipelines";

import { harness, OTHER_UUID, start } from "./helpers/pipeline-actions";

describe("stopping an execution", () => {
  const h = harness();

  it("stop and wait: Stopping until the running action finishes, then Stopped; later stages never run", async () => {
    const c = h.c();
    const id = await start(c, "stop-pipeline");
    await waitForStage(c.cp, "stop-pipeline", "Deploy", id, ["InProgress"]);
    const out = await c.cp.send(
      new StopPipelineExecutionCommand({
        pipelineName: "stop-pipeline",
        pipelineExecutionId: id,
        reason: "Bad cert",
      }),
    );
    assert.equal(out.pipelineExecutionId, id);
    assert.equal((await getExecution(c.cp, "stop-pipeline", id)).status, "Stopping");
    assert.equal((await stageState(c.cp, "stop-pipeline", "Deploy")).latestExecution?.status, "Stopping");
    await assert.rejects(
      c.cp.send(new StopPipelineExecutionCommand({ pipelineName: "stop-pipeline", pipelineExecutionId: id })),
      { name: "DuplicatedStopRequestException" },
    );
    const done = await waitForExecution(c.cp, "stop-pipeline", id);
    assert.equal(done.status, "Stopped");
    const deploy = await stageState(c.cp, "stop-pipeline", "Deploy");
    assert.deepEqual(deploy.latestExecution, { pipelineExecutionId: id, status: "Stopped" });
    assert.equal(deploy.actionStates?.[0]?.latestExecution?.status, "Succeeded", "the deployment finished");
    assert.match(deploy.actionStates?.[0]?.latestExecution?.externalExecutionId ?? "", /^d-[A-Z0-9]{9}$/);
    const verify = await stageState(c.cp, "stop-pipeline", "Verify");
    assert.notEqual(verify.latestExecution?.pipelineExecutionId, id);
    const list = await c.cp.send(
      new ListPipelineExecutionsCommand({ pipelineName: "stop-pipeline", maxResults: 1 }),
    );
    assert.deepEqual(list.pipelineExecutionSummaries?.[0]?.stopTrigger, { reason: "Bad cert" });
    await assert.rejects(
      c.cp.send(new StopPipelineExecutionCommand({ pipelineName: "stop-pipeline", pipelineExecutionId: id })),
      { name: "PipelineExecutionNotStoppableException" },
    );
  });

  it("stop and abandon: Stopped at once, the running action Abandoned", async () => {
    const c = h.c();
    const id = await start(c, "stop-pipeline");
    await waitForStage(c.cp, "stop-pipeline", "Deploy", id, ["InProgress"]);
    await c.cp.send(
      new StopPipelineExecutionCommand({
        pipelineName: "stop-pipeline",
        pipelineExecutionId: id,
        abandon: true,
      }),
    );
    assert.equal((await getExecution(c.cp, "stop-pipeline", id)).status, "Stopped");
    const deploy = await stageState(c.cp, "stop-pipeline", "Deploy");
    assert.deepEqual(deploy.latestExecution, { pipelineExecutionId: id, status: "Stopped" });
    assert.equal(deploy.actionStates?.[0]?.latestExecution?.status, "Abandoned");
    await new Promise((r) => setTimeout(r, 1500)); // longer than the deployment would have taken
    assert.equal(
      (await actionState(c.cp, "stop-pipeline", "Deploy", "Deploy")).latestExecution?.status,
      "Abandoned",
    );
    assert.equal((await getExecution(c.cp, "stop-pipeline", id)).status, "Stopped");
  });

  it("stop and wait can be turned into abandon; an unknown execution cannot be stopped", async () => {
    const c = h.c();
    const id = await start(c, "stop-pipeline");
    await waitForStage(c.cp, "stop-pipeline", "Deploy", id, ["InProgress"]);
    await c.cp.send(
      new StopPipelineExecutionCommand({ pipelineName: "stop-pipeline", pipelineExecutionId: id }),
    );
    await c.cp.send(
      new StopPipelineExecutionCommand({
        pipelineName: "stop-pipeline",
        pipelineExecutionId: id,
        abandon: true,
      }),
    );
    assert.equal((await getExecution(c.cp, "stop-pipeline", id)).status, "Stopped");
    await assert.rejects(
      c.cp.send(
        new StopPipelineExecutionCommand({ pipelineName: "stop-pipeline", pipelineExecutionId: OTHER_UUID }),
      ),
      { name: "PipelineExecutionNotStoppableException" },
    );
  });
});
