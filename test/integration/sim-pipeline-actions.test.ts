// What a user does to a pipeline, through the real SDK against the simulator: approve and
// reject, retry a failed stage, disable/enable a transition, stop and abandon, supersede, and
// V2 variables. Each describe starts its own simulator (pipelines scenario, speed 50).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { BatchGetBuildsCommand } from "@aws-sdk/client-codebuild";
import {
  DisableStageTransitionCommand,
  EnableStageTransitionCommand,
  GetPipelineStateCommand,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
  PutApprovalResultCommand,
  RetryStageExecutionCommand,
  StartPipelineExecutionCommand,
  StopPipelineExecutionCommand,
} from "@aws-sdk/client-codepipeline";
import { startSimulator, type Simulator } from "../sim/index";
import { simClients, type Clients } from "./helpers/sim-clients";
import {
  actionState,
  getExecution,
  modelProblems,
  simPipelineClient,
  stageState,
  waitForExecution,
  waitForStage,
  type PipelineClient,
} from "./helpers/sim-pipelines";
import { waitFor } from "./helpers/wait";

const OTHER_UUID = "00000000-0000-4000-8000-000000000000";

function harness(): { sim: () => Simulator; c: () => PipelineClient; cb: () => Clients } {
  let sim: Simulator;
  let c: PipelineClient;
  let cb: Clients;
  before(async () => {
    sim = await startSimulator({ scenario: "pipelines", speed: 50 });
    c = simPipelineClient(sim);
    cb = simClients(sim);
  });
  after(async () => {
    assert.deepEqual(modelProblems(c.answers), [], "every answer conforms to botocore's model");
    c.destroy();
    cb.destroy();
    await sim.close();
  });
  return { sim: () => sim, c: () => c, cb: () => cb };
}

async function start(c: PipelineClient, name: string): Promise<string> {
  const out = await c.cp.send(new StartPipelineExecutionCommand({ name }));
  return out.pipelineExecutionId!;
}

/** The token of the approval waiting for execution `id` (polls until it waits). */
async function tokenFor(c: PipelineClient, id: string): Promise<string> {
  return waitFor(`approval of ${id}`, async () => {
    const s = await stageState(c.cp, "approval-pipeline", "Approval");
    const token = s.actionStates?.[0]?.latestExecution?.token;
    return s.latestExecution?.pipelineExecutionId === id && s.latestExecution.status === "InProgress"
      ? token
      : undefined;
  });
}

function approval(token: string, status: "Approved" | "Rejected", summary: string) {
  return new PutApprovalResultCommand({
    pipelineName: "approval-pipeline",
    stageName: "Approval",
    actionName: "ManualApproval",
    result: { status, summary },
    token,
  });
}

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

describe("V2 pipelines", () => {
  const h = harness();

  it("StartPipelineExecution variables override the defaults and reach actions and the build", async () => {
    const c = h.c();
    const out = await c.cp.send(
      new StartPipelineExecutionCommand({
        name: "docs-v2",
        variables: [{ name: "DEPLOY_ENV", value: "production" }],
      }),
    );
    const id = out.pipelineExecutionId!;
    const done = await waitForExecution(c.cp, "docs-v2", id);
    assert.equal(done.status, "Succeeded");
    assert.deepEqual(done.variables, [
      { name: "DEPLOY_ENV", resolvedValue: "production" },
      { name: "RELEASE_NOTE", resolvedValue: "none" },
    ]);
    const actions = await c.cp.send(
      new ListActionExecutionsCommand({ pipelineName: "docs-v2", filter: { pipelineExecutionId: id } }),
    );
    const publish = actions.actionExecutionDetails?.find((a) => a.actionName === "Publish");
    assert.equal(publish?.input?.resolvedConfiguration?.BucketName, "docs-production");
    const build = actions.actionExecutionDetails?.find((a) => a.actionName === "Build");
    const b = (
      await h
        .cb()
        .codebuild.send(
          new BatchGetBuildsCommand({ ids: [build!.output!.executionResult!.externalExecutionId!] }),
        )
    ).builds?.[0];
    assert.equal(
      b?.environment?.environmentVariables?.find((v) => v.name === "DEPLOY_ENV")?.value,
      "production",
    );
  });

  it("rejects undeclared variables, variables on a V1 pipeline, and a reused clientRequestToken with other values", async () => {
    const c = h.c();
    await assert.rejects(
      c.cp.send(
        new StartPipelineExecutionCommand({ name: "docs-v2", variables: [{ name: "NOPE", value: "x" }] }),
      ),
      { name: "ValidationException" },
    );
    await assert.rejects(
      c.cp.send(
        new StartPipelineExecutionCommand({
          name: "stop-pipeline",
          variables: [{ name: "DEPLOY_ENV", value: "x" }],
        }),
      ),
      { name: "ValidationException" },
    );
    const token = "release-2026-11-29";
    const a = await c.cp.send(
      new StartPipelineExecutionCommand({ name: "docs-v2", clientRequestToken: token }),
    );
    const b = await c.cp.send(
      new StartPipelineExecutionCommand({ name: "docs-v2", clientRequestToken: token }),
    );
    assert.equal(b.pipelineExecutionId, a.pipelineExecutionId, "same token, same execution");
    await assert.rejects(
      c.cp.send(
        new StartPipelineExecutionCommand({
          name: "docs-v2",
          clientRequestToken: token,
          variables: [{ name: "DEPLOY_ENV", value: "production" }],
        }),
      ),
      { name: "ConflictException" },
    );
    await waitForExecution(c.cp, "docs-v2", a.pipelineExecutionId!);
  });

  it("QUEUED mode: a second execution waits for the busy stage and then runs; nothing is superseded", async () => {
    const c = h.c();
    const first = await start(c, "docs-v2");
    const second = await start(c, "docs-v2");
    const third = await start(c, "docs-v2");
    const seenQueued = await waitFor("an execution queued before a stage", async () => {
      const state = await c.cp.send(new GetPipelineStateCommand({ name: "docs-v2" }));
      return state.stageStates?.some((s) => (s.inboundExecutions?.length ?? 0) > 0) ? true : undefined;
    });
    assert.ok(seenQueued);
    for (const id of [first, second, third])
      assert.equal((await waitForExecution(c.cp, "docs-v2", id)).status, "Succeeded");
  });

  it("a push to the source starts an execution the way a webhook does (sim.pipelines.push)", async () => {
    const c = h.c();
    const id = h.sim().pipelines.push("docs-v2", { message: "Add a changelog page" });
    const done = await waitForExecution(c.cp, "docs-v2", id);
    assert.equal(done.status, "Succeeded");
    assert.equal(done.trigger?.triggerType, "WebhookV2");
    assert.match(
      done.trigger?.triggerDetail ?? "",
      /^arn:aws:codeconnections:us-east-1:123456789012:connection\//,
    );
    const list = await c.cp.send(
      new ListPipelineExecutionsCommand({ pipelineName: "docs-v2", maxResults: 1 }),
    );
    const rev = list.pipelineExecutionSummaries?.[0]?.sourceRevisions?.[0];
    assert.deepEqual(JSON.parse(rev?.revisionSummary ?? "{}"), {
      ProviderType: "GitHub",
      CommitMessage: "Add a changelog page",
    });
    assert.match(rev?.revisionUrl ?? "", /FullRepositoryId=acme%2Fdocs&Commit=[0-9a-f]{40}$/);
    // The pushed commit is the new head: a manual release picks it up too.
    const again = await start(c, "docs-v2");
    const next = await waitForExecution(c.cp, "docs-v2", again);
    assert.equal(next.artifactRevisions?.[0]?.revisionId, rev?.revisionId);
  });
});
