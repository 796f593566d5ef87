// The call budget with the real SDK middleware against the simulator: every attempt of a
// background request is recorded, a user's request is not, and polls wait for room.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { AwsClients, fixedClients } from "../../src/aws/clients";
import { CodeBuildGateway } from "../../src/codebuild/gateway";
import { BuildStore } from "../../src/codebuild/store";
import { CallBudget, inBackground } from "../../src/core/callBudget";
import { paced } from "../../src/core/paced";
import { startSimulator, type Simulator } from "../sim/index";

describe("the call budget with the SDK clients", () => {
  let sim: Simulator;
  let clients: AwsClients;
  before(async () => {
    sim = await startSimulator({ scenario: "demo", speed: 1 });
    process.env.AWS_ACCESS_KEY_ID = sim.credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = sim.credentials.secretAccessKey;
    clients = new AwsClients({
      profile: undefined,
      region: sim.region,
      endpoint: sim.url,
      endpointSource: "setting",
    });
  });
  after(async () => {
    clients.dispose();
    await sim.close();
  });

  it("records every attempt of background requests, retries included, and not the user's", async () => {
    const budget = new CallBudget(100);
    const gateway = new CodeBuildGateway(fixedClients(clients));
    const signal = new AbortController().signal;
    sim.faults.configure("ListProjects:throttle=x1");
    const before = sim.calls.length;
    await gateway.listProjectNames(inBackground(budget, new AbortController().signal));
    assert.equal(sim.calls.length - before, 2, "a throttled attempt and its retry");
    assert.equal(budget.stats.calls, 2);
    await gateway.listProjectNames(signal);
    assert.equal(budget.stats.calls, 2, "the user's call is not the budget's");
    sim.faults.clear();
    budget.dispose();
  });

  it("a store's load is the budget's when a poll started it, and not when the user did", async () => {
    const budget = new CallBudget(100);
    const store = new BuildStore(new CodeBuildGateway(fixedClients(clients)), 5);
    const before = sim.calls.length;
    // A poll's load (ListProjects + BatchGetProjects through the store's single flight, its
    // lifetime signal and the request deadline); the user's click joins it and sends nothing.
    const poll = store.loadProjects(inBackground(budget, new AbortController().signal));
    const click = store.loadProjects(new AbortController().signal);
    await Promise.all([poll, click]);
    assert.equal(sim.calls.length - before, 2);
    assert.equal(budget.stats.calls, 2, "the poll's two requests");
    await store.loadProjects(new AbortController().signal);
    assert.equal(sim.calls.length - before, 4);
    assert.equal(budget.stats.calls, 2, "the user's own load is not the budget's");
    store.dispose();
    budget.dispose();
  });

  it("paces a poll's requests sent at once: three go out in the minute, the others wait (the user's do not) and are never sent once it stops", async () => {
    const budget = new CallBudget(3);
    const gateway = new CodeBuildGateway(fixedClients(clients));
    const stop = new AbortController();
    const before = sim.calls.length;
    // One poll sending five requests together (as the poll of the folded moving pipelines does).
    const poll = inBackground(budget, stop.signal);
    const sent = Promise.allSettled(
      Array.from({ length: 5 }, () => paced(poll, () => gateway.listProjectNames(poll))),
    );
    await new Promise((r) => setTimeout(r, 1000));
    assert.equal(sim.calls.length - before, 3, "two of the five wait for the window");
    await gateway.listProjectNames(new AbortController().signal);
    assert.equal(sim.calls.length - before, 4, "the user's request goes at once");
    stop.abort();
    const results = await sent;
    assert.equal(results.filter((r) => r.status === "fulfilled").length, 3);
    assert.equal(sim.calls.length - before, 4);
    budget.dispose();
  });
});
