// What a user does to a pipeline, through the real SDK against the simulator: disabling and enabling a stage's inbound transition.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DisableStageTransitionCommand, EnableStageTransitionCommand } from "@aws-sdk/client-codepipeline";
import { getExecution, stageState, waitForExecution, waitForStage } from "./helpers/sim-pipelines";
import { waitFor } from "./helpers/wait";

import { harness, start } from "./helpers/pipeline-actions";

describe("stage transitions", () => {
  const h = harness();

  it("enabling the disabled Deploy transition releases the held execution", async () => {
    const c = h.c();
    const held = (await stageState(c.cp, "gated-pipeline", "Deploy")).inboundExecution!.pipelineExecutionId!;
    assert.equal((await getExecution(c.cp, "gated-pipeline", held)).status, "InProgress");
    await c.cp.send(
      new EnableStageTransitionCommand({
        pipelineName: "gated-pipeline",
        stageName: "Deploy",
        transitionType: "Inbound",
      }),
    );
    const deploy = await stageState(c.cp, "gated-pipeline", "Deploy");
    assert.equal(deploy.inboundTransitionState?.enabled, true);
    assert.equal(deploy.inboundTransitionState?.lastChangedBy, "arn:aws:iam::123456789012:user/sim-user");
    assert.equal(deploy.inboundTransitionState?.disabledReason, undefined);
    assert.equal(deploy.latestExecution?.pipelineExecutionId, held);
    assert.equal((await waitForExecution(c.cp, "gated-pipeline", held)).status, "Succeeded");
  });

  it("a disabled inbound transition holds new executions before the stage (the newest waits, older ones are superseded)", async () => {
    const c = h.c();
    await assert.rejects(
      c.cp.send(
        new DisableStageTransitionCommand({
          pipelineName: "gated-pipeline",
          stageName: "Build",
          transitionType: "Inbound",
          reason: "no; semicolons",
        }),
      ),
      { name: "ValidationException" },
    );
    await assert.rejects(
      c.cp.send(
        new DisableStageTransitionCommand({
          pipelineName: "gated-pipeline",
          stageName: "Nope",
          transitionType: "Inbound",
          reason: "Testing",
        }),
      ),
      { name: "StageNotFoundException" },
    );
    await c.cp.send(
      new DisableStageTransitionCommand({
        pipelineName: "gated-pipeline",
        stageName: "Build",
        transitionType: "Inbound",
        reason: "Waiting for the database migration",
      }),
    );
    const buildBefore = (await stageState(c.cp, "gated-pipeline", "Build")).latestExecution
      ?.pipelineExecutionId;
    const first = await start(c, "gated-pipeline");
    const s = await waitFor("first to be held before Build", async () => {
      const st = await stageState(c.cp, "gated-pipeline", "Build");
      return st.inboundExecution?.pipelineExecutionId === first ? st : undefined;
    });
    assert.deepEqual(s.inboundTransitionState?.enabled, false);
    assert.equal(s.inboundTransitionState?.disabledReason, "Waiting for the database migration");
    assert.equal(s.latestExecution?.pipelineExecutionId, buildBefore, "Build did not run");
    const second = await start(c, "gated-pipeline");
    await waitFor("second to be held", async () => {
      const st = await stageState(c.cp, "gated-pipeline", "Build");
      return st.inboundExecution?.pipelineExecutionId === second;
    });
    assert.equal((await getExecution(c.cp, "gated-pipeline", first)).status, "Superseded");
    // Outbound of Source is Build's inbound transition.
    await c.cp.send(
      new EnableStageTransitionCommand({
        pipelineName: "gated-pipeline",
        stageName: "Source",
        transitionType: "Outbound",
      }),
    );
    await waitForStage(c.cp, "gated-pipeline", "Build", second, ["InProgress", "Succeeded"]);
    assert.equal((await waitForExecution(c.cp, "gated-pipeline", second)).status, "Succeeded");
  });
});
