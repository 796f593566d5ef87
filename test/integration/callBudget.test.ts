// The call budget holds the SDK's background requests at the ceiling — the real middleware in
// real clients against the simulator — and lets the user's own requests through.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { AwsClients, fixedClients } from "../../src/aws/clients";
import { CodeBuildGateway } from "../../src/codebuild/gateway";
import { CallBudget, inBackground } from "../../src/core/callBudget";
import { startSimulator, type Simulator } from "../sim/index";

describe("the call budget in the SDK clients", () => {
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

  it("sends at most the ceiling of background calls in a minute; the user's calls are not held", async () => {
    const budget = new CallBudget(3);
    const gateway = new CodeBuildGateway(fixedClients(clients));
    const signal = new AbortController();
    const before = sim.calls.length;
    const background = Array.from({ length: 5 }, () =>
      inBackground(budget, () => gateway.listProjectNames(signal.signal)).catch(() => undefined),
    );
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(sim.calls.length - before, 3, "three background calls went out, two wait for the window");
    const names = await gateway.listProjectNames(new AbortController().signal);
    assert.ok(names.includes("web-app"), "a user's call is answered at once");
    assert.equal(sim.calls.length - before, 4);
    signal.abort();
    await Promise.all(background);
    assert.equal(sim.calls.length - before, 4, "the held calls were abandoned when aborted");
    budget.dispose();
  });
});
