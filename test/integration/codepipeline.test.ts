import { fixedClients } from "../../src/aws/clients";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CodePipelineGateway } from "../../src/codepipeline/gateway";
import { classifyError } from "../../src/aws/errors";
import { pipelineStatus, waitingApprovals } from "../../src/codepipeline/model/status";
import { PipelineStore } from "../../src/codepipeline/store";
import { startWorld, type World } from "./world";

const signal = () => new AbortController().signal;

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 150));
  }
  assert.fail(`timed out waiting until ${what}`);
}

describe("CodePipeline through the SDK against the simulator", () => {
  let world: World;
  let store: PipelineStore;
  before(async () => {
    world = await startWorld({ scenario: "demo", speed: 60 });
    store = new PipelineStore(new CodePipelineGateway(fixedClients(world.clients)));
  });
  after(async () => {
    store.dispose();
    await world.close();
  });

  it("lists the pipelines with one GetPipelineState each, and loads definitions only on demand", async () => {
    const pipelines = await store.loadPipelines();
    const names = pipelines.map((p) => p.name);
    for (const n of ["api-service-pipeline", "docs-site-publish", "web-app-release"])
      assert.ok(names.includes(n), names.join());
    const before = world.sim.calls.length;
    await Promise.all(names.map((n) => store.refreshState(n)));
    const ops = world.sim.calls.slice(before).map((c) => c.target.split(".")[1]);
    assert.deepEqual([...new Set(ops)], ["GetPipelineState"]);
    assert.equal(ops.length, names.length);
  });

  it("approves a waiting manual approval, and the execution runs on to success", async () => {
    await until("web-app-release waits for approval", async () => {
      await store.refreshState("web-app-release");
      return waitingApprovals(store.state("web-app-release")).length > 0;
    });
    const [approval] = waitingApprovals(store.state("web-app-release"));
    assert.ok(approval);
    await store.answerApproval(
      { ...approval, pipeline: "web-app-release", approved: true, summary: "Looks good" },
      signal(),
    );
    await until("web-app-release succeeds", async () => {
      await store.refreshState("web-app-release");
      return pipelineStatus(store.state("web-app-release")) === "Succeeded";
    });
  });

  it("rejects an answer with a wrong token, or to an approval already answered, changing nothing", async () => {
    await store.release("web-app-release", [], signal());
    await until("the new execution waits for approval", async () => {
      await store.refreshState("web-app-release");
      return waitingApprovals(store.state("web-app-release")).length > 0;
    });
    const [approval] = waitingApprovals(store.state("web-app-release"));
    assert.ok(approval);
    const wrong = await store
      .answerApproval(
        {
          ...approval,
          pipeline: "web-app-release",
          token: "00000000-0000-4000-8000-000000000000",
          approved: true,
          summary: "",
        },
        signal(),
      )
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.match(String((wrong as Error).name), /InvalidApprovalTokenException/);
    assert.equal(waitingApprovals(store.state("web-app-release")).length, 1, "still waiting");
    await store.answerApproval(
      { ...approval, pipeline: "web-app-release", approved: false, summary: "Not today" },
      signal(),
    );
    const twice = await store
      .answerApproval({ ...approval, pipeline: "web-app-release", approved: true, summary: "" }, signal())
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.match(String((twice as Error).name), /ApprovalAlreadyCompletedException/);
  });

  it("retries a failed stage, and refuses to retry a stage that did not fail", async () => {
    await until("api-service-pipeline has failed", async () => {
      await store.refreshState("api-service-pipeline");
      return pipelineStatus(store.state("api-service-pipeline")) === "Failed";
    });
    const state = store.state("api-service-pipeline")!;
    const failed = state.stages.find((s) => s.latestExecution?.status === "Failed")!;
    const succeeded = state.stages.find((s) => s.latestExecution?.status === "Succeeded")!;
    const refused = await store
      .retry(
        "api-service-pipeline",
        succeeded.name,
        succeeded.latestExecution!.executionId,
        "FAILED_ACTIONS",
        signal(),
      )
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.match(String((refused as Error).name), /StageNotRetryableException/);
    await store.retry(
      "api-service-pipeline",
      failed.name,
      failed.latestExecution!.executionId,
      "FAILED_ACTIONS",
      signal(),
    );
    await store.refreshState("api-service-pipeline");
    assert.equal(
      store.state("api-service-pipeline")?.stages.find((s) => s.name === failed.name)?.latestExecution
        ?.status,
      "InProgress",
    );
  });

  it("disables and enables a transition", async () => {
    const stage = (await store.loadDefinition("docs-site-publish")).stages[1]!.name;
    await store.setTransition("docs-site-publish", stage, false, "Release freeze", signal());
    let s = store.state("docs-site-publish")!.stages.find((x) => x.name === stage)!;
    assert.equal(s.transitionEnabled, false);
    assert.equal(s.disabledReason, "Release freeze");
    await store.setTransition("docs-site-publish", stage, true, "", signal());
    s = store.state("docs-site-publish")!.stages.find((x) => x.name === stage)!;
    assert.equal(s.transitionEnabled, true);
  });

  it("releases a V2 pipeline with variables and lists the execution with its commit", async () => {
    const definition = await store.loadDefinition("docs-site-publish");
    assert.ok(definition.variables.length > 0, "docs-site-publish has variables");
    const id = await store.release(
      "docs-site-publish",
      definition.variables.map((v) => ({ name: v.name, value: "x" })),
      signal(),
    );
    await store.refreshExecutions("docs-site-publish");
    const execution = store.executions("docs-site-publish")?.find((e) => e.id === id);
    assert.ok(execution, "the new execution is listed");
  });

  it("says which pipeline does not exist", async () => {
    const error = await store.refreshState("no-such-pipeline").then(
      () => undefined,
      (e: unknown) => e,
    );
    const friendly = classifyError(error);
    assert.match(String((error as Error).name), /PipelineNotFoundException/);
    assert.match(friendly.message, /no-such-pipeline/);
  });
});
