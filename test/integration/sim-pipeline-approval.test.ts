// What a user does to a pipeline, through the real SDK against the simulator: approving and rejecting a manual approval: tokens, answers, what the execution does next.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ListPipelineExecutionsCommand,
  PutApprovalResultCommand,
  RetryStageExecutionCommand,
  StopPipelineExecutionCommand,
} from "@aws-sdk/client-codepipeline";
import { actionState, getExecution, stageState, waitForExecution } from "./helpers/sim-pipelines";
import { waitFor } from "./helpers/wait";

import { approval, harness, OTHER_UUID, start, tokenFor } from "./helpers/pipeline-actions";

describe("manual approval", () => {
  const h = harness();

  it("checks the token exactly: wrong token, wrong action or stage, right token, answered twice", async () => {
    const c = h.c();
    const waiting = await stageState(c.cp, "approval-pipeline", "Approval");
    const id = waiting.latestExecution!.pipelineExecutionId!;
    const token = waiting.actionStates![0]!.latestExecution!.token!;

    await assert.rejects(c.cp.send(approval(OTHER_UUID, "Approved", "ok")), {
      name: "InvalidApprovalTokenException",
    });
    await assert.rejects(c.cp.send(approval("not-a-token", "Approved", "ok")), {
      name: "ValidationException",
    });
    await assert.rejects(
      c.cp.send(
        new PutApprovalResultCommand({
          pipelineName: "approval-pipeline",
          stageName: "Approval",
          actionName: "Approve",
          result: { status: "Approved", summary: "ok" },
          token,
        }),
      ),
      { name: "ActionNotFoundException" },
    );
    await assert.rejects(
      c.cp.send(
        new PutApprovalResultCommand({
          pipelineName: "approval-pipeline",
          stageName: "Approve",
          actionName: "ManualApproval",
          result: { status: "Approved", summary: "ok" },
          token,
        }),
      ),
      { name: "StageNotFoundException" },
    );
    await assert.rejects(
      c.cp.send(
        new PutApprovalResultCommand({
          pipelineName: "approval-pipeline",
          stageName: "Approval",
          actionName: "ManualApproval",
          result: { status: "Approved" } as never,
          token,
        }),
      ),
      { name: "ValidationException" },
    );

    const before = Date.now();
    const out = await c.cp.send(approval(token, "Approved", "Staging looks right"));
    assert.ok(out.approvedAt!.getTime() >= before - 1000);
    assert.equal(
      h.sim().pipelines.approvalToken("approval-pipeline", "Approval", "ManualApproval"),
      undefined,
    );
    const answered = await actionState(c.cp, "approval-pipeline", "Approval", "ManualApproval");
    assert.equal(answered.latestExecution?.status, "Succeeded");
    assert.equal(answered.latestExecution?.summary, "Staging looks right");
    assert.equal(answered.latestExecution?.lastUpdatedBy, "arn:aws:iam::123456789012:user/sim-user");
    assert.equal(answered.latestExecution?.token, undefined, "no token once answered");

    await assert.rejects(c.cp.send(approval(token, "Approved", "again")), {
      name: "ApprovalAlreadyCompletedException",
      message: "The approval action has already been approved or rejected.",
    });
    await assert.rejects(c.cp.send(approval(token, "Rejected", "changed my mind")), {
      name: "ApprovalAlreadyCompletedException",
    });

    const done = await waitForExecution(c.cp, "approval-pipeline", id);
    assert.equal(done.status, "Succeeded");
    const deploy = await stageState(c.cp, "approval-pipeline", "Deploy");
    assert.deepEqual(deploy.latestExecution, { pipelineExecutionId: id, status: "Succeeded" });
  });

  it("a rejection fails the stage and the execution; retrying the stage asks again with a new token", async () => {
    const c = h.c();
    const id = await start(c, "approval-pipeline");
    const token = await tokenFor(c, id);
    await c.cp.send(approval(token, "Rejected", "Checkout broken on staging"));
    const failed = await waitForExecution(c.cp, "approval-pipeline", id);
    assert.equal(failed.status, "Failed");
    const stage = await stageState(c.cp, "approval-pipeline", "Approval");
    assert.deepEqual(stage.latestExecution, { pipelineExecutionId: id, status: "Failed" });
    assert.equal(stage.actionStates?.[0]?.latestExecution?.status, "Failed");
    assert.equal(stage.actionStates?.[0]?.latestExecution?.summary, "Checkout broken on staging");
    const deploy = await stageState(c.cp, "approval-pipeline", "Deploy");
    assert.notEqual(deploy.latestExecution?.pipelineExecutionId, id, "Deploy never ran");

    await c.cp.send(
      new RetryStageExecutionCommand({
        pipelineName: "approval-pipeline",
        stageName: "Approval",
        pipelineExecutionId: id,
        retryMode: "FAILED_ACTIONS",
      }),
    );
    const again = await tokenFor(c, id);
    assert.notEqual(again, token);
    await assert.rejects(c.cp.send(approval(token, "Approved", "old token")), {
      name: "ApprovalAlreadyCompletedException",
    });
    await c.cp.send(approval(again, "Approved", "Fixed"));
    assert.equal((await waitForExecution(c.cp, "approval-pipeline", id)).status, "Succeeded");
  });

  it("in SUPERSEDED mode a newer execution reaching the busy stage supersedes the older waiting one", async () => {
    const c = h.c();
    const first = await start(c, "approval-pipeline");
    const token = await tokenFor(c, first);
    const second = await start(c, "approval-pipeline");
    // It builds, then waits before Approval, which `first` occupies.
    const held = await waitFor("second to wait before Approval", async () => {
      const s = await stageState(c.cp, "approval-pipeline", "Approval");
      return s.inboundExecution?.pipelineExecutionId === second ? s : undefined;
    });
    assert.equal(held.latestExecution?.pipelineExecutionId, first);
    const third = await start(c, "approval-pipeline");
    const superseded = await waitForExecution(c.cp, "approval-pipeline", second);
    assert.equal(superseded.status, "Superseded");
    await waitFor("third to wait before Approval", async () => {
      const s = await stageState(c.cp, "approval-pipeline", "Approval");
      return s.inboundExecution?.pipelineExecutionId === third;
    });
    await c.cp.send(approval(token, "Approved", "ship"));
    const next = await tokenFor(c, third);
    await c.cp.send(approval(next, "Approved", "ship too"));
    assert.equal((await waitForExecution(c.cp, "approval-pipeline", first)).status, "Succeeded");
    assert.equal((await waitForExecution(c.cp, "approval-pipeline", third)).status, "Succeeded");
    const list = await c.cp.send(
      new ListPipelineExecutionsCommand({ pipelineName: "approval-pipeline", maxResults: 3 }),
    );
    assert.deepEqual(
      list.pipelineExecutionSummaries?.map((e) => [e.pipelineExecutionId, e.status]),
      [
        [third, "Succeeded"],
        [second, "Superseded"],
        [first, "Succeeded"],
      ],
    );
  });
  it("abandoning an execution waiting for approval expires its token", async () => {
    const c = h.c();
    const id = await start(c, "approval-pipeline");
    const token = await tokenFor(c, id);
    await c.cp.send(
      new StopPipelineExecutionCommand({
        pipelineName: "approval-pipeline",
        pipelineExecutionId: id,
        abandon: true,
      }),
    );
    assert.equal((await getExecution(c.cp, "approval-pipeline", id)).status, "Stopped");
    await assert.rejects(c.cp.send(approval(token, "Approved", "too late")), {
      name: "InvalidApprovalTokenException",
    });
  });
});
