// Request-rate quotas (test/sim/quota-buckets.ts), opt-in: over an operation's quota the
// simulator answers as AWS does, with the service's throttling error, per account and region;
// operations without a published rate and simulators without the option are never throttled.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { ListProjectsCommand } from "@aws-sdk/client-codebuild";
import { startSimulator, type Simulator } from "../sim/index";
import { QuotaBuckets } from "../sim/quota-buckets";
import { simClients, type Clients } from "./helpers/sim-clients";

async function outcomes(n: number, call: () => Promise<unknown>): Promise<string[]> {
  return Promise.all(
    Array.from({ length: n }, () =>
      call().then(
        () => "ok",
        (e: Error & { $metadata?: { httpStatusCode?: number } }) =>
          `${e.name} ${e.$metadata?.httpStatusCode}`,
      ),
    ),
  );
}

describe("the simulator's request-rate quotas", () => {
  let sim: Simulator;
  let plain: Simulator;
  let clients: Clients;
  before(async () => {
    sim = await startSimulator({
      scenario: "demo",
      quotas: [{ operation: "logs.GetLogEvents", tps: 5, source: "test" }],
    });
    plain = await startSimulator({ scenario: "demo" });
    clients = simClients(sim, { maxAttempts: 1 });
  });
  after(async () => {
    await sim.close();
    await plain.close();
  });

  const read = (c: Clients) => () =>
    c.logs.send(new GetLogEventsCommand({ logGroupName: "/aws/codebuild/web-app", logStreamName: "none" }));

  it("throttles the requests over the quota with ThrottlingException (400), and counts them", async () => {
    sim.quotas.resetUsage();
    const results = await outcomes(12, read(clients));
    const throttled = results.filter((r) => r === "ThrottlingException 400").length;
    assert.ok(throttled >= 5, results.join(", ")); // a bucket of 5, refilled at 5/s
    const use = sim.quotas.usage().find((u) => u.operation === "logs.GetLogEvents")!;
    assert.equal(use.throttled, throttled);
    assert.equal(
      use.perSecond.reduce((a, b) => a + b, 0),
      12,
    );
  });

  it("never throttles an operation without a quota", async () => {
    const results = await outcomes(30, () => clients.codebuild.send(new ListProjectsCommand({})));
    assert.deepEqual(new Set(results), new Set(["ok"]));
  });

  it("is off unless asked for", async () => {
    const c = simClients(plain, { maxAttempts: 1 });
    const results = await outcomes(30, read(c));
    assert.ok(!results.some((r) => r.startsWith("Throttling")), results.join(", "));
    assert.equal(plain.quotas.enabled, false);
  });
});

describe("a quota's token bucket", () => {
  it("admits a burst of its size, then its rate per second, per account and region", () => {
    let now = 0;
    const buckets = new QuotaBuckets(() => now);
    buckets.enable([{ operation: "logs.GetLogEvents", tps: 25, source: "test" }]);
    const t = { service: "logs", operation: "GetLogEvents", accountId: "1", region: "us-east-1" };
    const admitted = (n: number, target = t) =>
      Array.from({ length: n }, () => buckets.admit(target)).filter(Boolean).length;
    assert.equal(admitted(30), 25);
    now += 200; // 5 tokens
    assert.equal(admitted(10), 5);
    assert.equal(admitted(10, { ...t, region: "eu-west-1" }), 10);
    now += 10_000;
    assert.equal(admitted(30), 25, "never more than a full bucket");
  });
});
