// Fault injection (test/sim/faults.ts) as the real AWS SDK v3 clients observe it over HTTP:
// each kind of fault, next-N and seeded probabilities, scopes, and every way to configure it.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, afterEach, before, describe, it } from "node:test";
import { DescribeLogGroupsCommand, GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  BatchGetProjectsCommand,
  CreateProjectCommand,
  ListProjectsCommand,
} from "@aws-sdk/client-codebuild";
import { isLoopback } from "../sim/admin";
import { startSimulator, type Simulator } from "../sim/index";
import { simClients, type Clients } from "./helpers/sim-clients";
import { waitFor } from "./helpers/wait";

type SdkError = Error & { code?: string; $metadata?: { httpStatusCode?: number } };

function rejectsWith(name: string, status: number | undefined, message?: RegExp) {
  return (e: SdkError): boolean => {
    assert.equal(e.name, name);
    assert.equal(e.$metadata?.httpStatusCode, status);
    if (message) assert.match(e.message, message);
    return true;
  };
}

/** "ok", or the error name (and status) the SDK reports. */
async function outcome(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "ok";
  } catch (e) {
    const err = e as SdkError;
    return `${err.name}${err.$metadata?.httpStatusCode ? ` ${err.$metadata.httpStatusCode}` : ""}`;
  }
}

const listProjects = (c: Clients, signal?: AbortSignal) =>
  c.codebuild.send(new ListProjectsCommand({}), signal ? { abortSignal: signal } : {});
const describeGroups = (c: Clients) => c.logs.send(new DescribeLogGroupsCommand({}));

const adminUrl = (sim: Simulator) => `${sim.url}/__sim/faults`;

describe("fault injection, as the AWS SDK sees it", () => {
  let sim: Simulator;
  let c: Clients;
  before(async () => {
    sim = await startSimulator({ scenario: "fail", speed: 100 });
    c = simClients(sim);
  });
  afterEach(() => {
    sim.faults.configure("");
    sim.faults.resetCounts();
  });
  after(async () => {
    c.destroy();
    await sim.close();
  });

  describe("each kind of fault", () => {
    it("throttle: 400 ThrottlingException 'Rate exceeded' (the name the SDK's retry treats as throttling)", async () => {
      sim.faults.configure("throttle=x1");
      await assert.rejects(listProjects(c), rejectsWith("ThrottlingException", 400, /^Rate exceeded$/));
      assert.deepEqual((await listProjects(c)).projects, ["broken-build"]);
    });

    it("internal: 500 InternalFailure; unavailable: 503 ServiceUnavailable", async () => {
      sim.faults.configure("internal=x1,DescribeLogGroups:unavailable=x1");
      await assert.rejects(listProjects(c), rejectsWith("InternalFailure", 500));
      await assert.rejects(
        describeGroups(c),
        rejectsWith("ServiceUnavailable", 503, /temporary failure of the server/),
      );
    });

    it("expired: 400 ExpiredTokenException 'The security token included in the request is expired'", async () => {
      sim.faults.configure("expired=x1");
      await assert.rejects(
        describeGroups(c),
        rejectsWith("ExpiredTokenException", 400, /^The security token included in the request is expired$/),
      );
    });

    it("error: any code and status", async () => {
      sim.faults.configure("ListProjects:error=x1@RequestLimitExceeded/429");
      await assert.rejects(listProjects(c), rejectsWith("RequestLimitExceeded", 429));
    });

    it("reset: the connection is reset before any answer (ECONNRESET), and the call says so", async () => {
      sim.faults.configure("reset=x1");
      await assert.rejects(listProjects(c), (e: SdkError) => {
        assert.equal(e.code, "ECONNRESET");
        assert.equal(e.$metadata?.httpStatusCode, undefined, "no answer at all");
        return true;
      });
      const call = sim.calls.at(-1)!;
      assert.deepEqual([call.operation, call.status, call.fault], ["ListProjects", 0, "reset"]);
      assert.deepEqual((await listProjects(c)).projects, ["broken-build"], "the next call is fine");
    });

    it("stall: no answer until the client's deadline ends the call", async () => {
      sim.faults.configure("stall=x1");
      const started = Date.now();
      await assert.rejects(listProjects(c, AbortSignal.timeout(300)), rejectsWith("AbortError", undefined));
      const waited = Date.now() - started;
      assert.ok(waited >= 290 && waited < 3000, `ended by the 300 ms deadline (${waited} ms)`);
      const call = await waitFor("the stalled call on record", () =>
        sim.calls.find((x) => x.fault === "stall"),
      );
      assert.equal(call.status, 0);
    });

    it("slow: the answer comes after the delay", async () => {
      sim.faults.configure("slow=x1@400");
      const started = Date.now();
      assert.deepEqual((await listProjects(c)).projects, ["broken-build"]);
      assert.ok(Date.now() - started >= 400);
      assert.ok(sim.calls.at(-1)!.ms >= 400);
      // Shorter than the delay, a deadline ends it.
      sim.faults.configure("slow=x1@5000");
      await assert.rejects(listProjects(c, AbortSignal.timeout(200)), rejectsWith("AbortError", undefined));
    });

    it("truncate: the full Content-Length, half the body, then the connection closes; the SDK rejects it", async () => {
      sim.faults.configure("BatchGetProjects:truncate=x1");
      await assert.rejects(
        c.codebuild.send(new BatchGetProjectsCommand({ names: ["broken-build"] })),
        (e: SdkError) => {
          assert.equal(e.code, "ECONNRESET");
          assert.match(e.message, /aborted/);
          assert.equal(e.$metadata?.httpStatusCode, 200, "the status line arrived");
          return true;
        },
      );
      // The operation itself ran: an answer lost on the way is not an operation undone.
      sim.faults.configure("CreateProject:truncate=x1");
      const project = {
        name: "half-answered",
        source: { type: "NO_SOURCE" as const, buildspec: "version: 0.2" },
        artifacts: { type: "NO_ARTIFACTS" as const },
        environment: {
          type: "LINUX_CONTAINER" as const,
          image: "aws/codebuild/standard:7.0",
          computeType: "BUILD_GENERAL1_SMALL" as const,
        },
        serviceRole: "arn:aws:iam::123456789012:role/cb",
      };
      await assert.rejects(c.codebuild.send(new CreateProjectCommand(project)));
      assert.ok((await listProjects(c)).projects?.includes("half-answered"));
    });

    it("truncates an error answer as well", async () => {
      sim.faults.configure("BatchGetProjects:truncate=x1");
      await assert.rejects(
        c.codebuild.send(new BatchGetProjectsCommand({ names: [] })),
        (e: SdkError) => e.code === "ECONNRESET" && e.$metadata?.httpStatusCode === 400,
      );
    });
  });

  describe("choosing which requests", () => {
    it("next N: exactly the next N matching calls, then the rule is spent", async () => {
      sim.faults.configure("GetLogEvents:throttle=x2");
      const get = () =>
        outcome(c.logs.send(new GetLogEventsCommand({ logGroupName: "/none", logStreamName: "none" })));
      assert.equal(await outcome(listProjects(c)), "ok", "other operations are not touched");
      assert.deepEqual(sim.faults.state().rules, [{ kind: "throttle", scope: "GetLogEvents", times: 2 }]);
      assert.equal(await get(), "ThrottlingException 400");
      assert.deepEqual(sim.faults.state().rules, [{ kind: "throttle", scope: "GetLogEvents", times: 1 }]);
      assert.equal(await get(), "ThrottlingException 400");
      assert.deepEqual(sim.faults.state().rules, []);
      assert.equal(await get(), "ResourceNotFoundException 400", "then the real answer");
    });

    it("a rule for an operation overrides the global one of its kind", async () => {
      sim.faults.configure("throttle=1,ListProjects:throttle=0");
      assert.equal(await outcome(listProjects(c)), "ok");
      assert.equal(
        await outcome(c.codebuild.send(new BatchGetProjectsCommand({ names: ["broken-build"] }))),
        "ThrottlingException 400",
      );
      assert.equal(await outcome(describeGroups(c)), "ThrottlingException 400");
    });

    it("a service scope covers the service's operations only", async () => {
      sim.faults.configure("logs:internal=1,DescribeLogGroups:internal=0");
      assert.equal(
        await outcome(c.logs.send(new GetLogEventsCommand({ logGroupName: "/g", logStreamName: "s" }))),
        "InternalFailure 500",
      );
      assert.equal(await outcome(describeGroups(c)), "ok");
      assert.equal(await outcome(listProjects(c)), "ok");
    });

    it("next-N rules come before probabilities, the most specific first", async () => {
      sim.faults.configure("throttle=1,ListProjects:expired=x1,unavailable=x1");
      assert.equal(await outcome(listProjects(c)), "ExpiredTokenException 400");
      assert.equal(await outcome(listProjects(c)), "ServiceUnavailable 503");
      assert.equal(await outcome(listProjects(c)), "ThrottlingException 400");
    });

    it("the same seed gives the same faults for the same calls; another seed, others", async () => {
      const run = async (spec: string): Promise<string[]> => {
        sim.faults.configure(spec);
        const seen: string[] = [];
        for (let i = 0; i < 40; i++) seen.push(await outcome(listProjects(c)));
        return seen;
      };
      const spec = "throttle=0.3,internal=0.1,unavailable=10%";
      const first = await run(`${spec},seed=7`);
      assert.deepEqual(await run(`seed=7,${spec}`), first);
      const other = await run(`${spec},seed=8`);
      assert.notDeepEqual(other, first);
      for (const seen of [first, other]) {
        const faulted = seen.filter((s) => s !== "ok").length;
        assert.ok(faulted >= 8 && faulted <= 32, `about half of 40 calls fail (${faulted})`);
        assert.ok(seen.includes("ThrottlingException 400") && seen.includes("ok"));
      }
      // A fresh simulator started with the same spec sees the same sequence.
      const again = await startSimulator({ scenario: "fail", faults: `${spec},seed=7` });
      const c2 = simClients(again);
      try {
        const seen: string[] = [];
        for (let i = 0; i < 40; i++) seen.push(await outcome(listProjects(c2)));
        assert.deepEqual(seen, first);
      } finally {
        c2.destroy();
        await again.close();
      }
    });

    it("counts what it injected, per kind and per operation", async () => {
      sim.faults.configure("ListProjects:throttle=x2,DescribeLogGroups:internal=x1");
      for (let i = 0; i < 3; i++) await outcome(listProjects(c));
      await outcome(describeGroups(c));
      await outcome(describeGroups(c));
      assert.deepEqual(sim.faults.counts(), {
        requests: 5,
        injected: 3,
        byKind: { throttle: 2, internal: 1 },
        byOperation: { "codebuild.ListProjects": { throttle: 2 }, "logs.DescribeLogGroups": { internal: 1 } },
      });
    });

    it("keeps the original API: throttle(target, times), fail(target, times, code, status), clear()", async () => {
      sim.faults.throttle("CodeBuild_20161006.ListProjects", 1);
      sim.faults.fail("DescribeLogGroups", 1, "ServiceUnavailableException", 503);
      assert.equal(await outcome(listProjects(c)), "ThrottlingException 400");
      assert.equal(await outcome(describeGroups(c)), "ServiceUnavailableException 503");
      sim.faults.throttle("ListProjects", 5);
      sim.faults.clear();
      assert.equal(await outcome(listProjects(c)), "ok");
    });
  });

  describe("configuration", () => {
    it("from a scenario file's `faults` key, checked when the scenario loads", async () => {
      const dir = mkdtempSync(join(tmpdir(), "sim-faults-"));
      try {
        const file = join(dir, "flaky.json");
        writeFileSync(
          file,
          JSON.stringify({ projects: [{ name: "flaky" }], faults: "ListProjects:unavailable=x1,seed=3" }),
        );
        const flaky = await startSimulator({ scenario: file });
        const fc = simClients(flaky);
        try {
          assert.equal(flaky.faults.state().seed, 3);
          assert.equal(await outcome(listProjects(fc)), "ServiceUnavailable 503");
          assert.deepEqual((await listProjects(fc)).projects, ["flaky"]);
        } finally {
          fc.destroy();
          await flaky.close();
        }
        const structured = join(dir, "structured.json");
        writeFileSync(
          structured,
          JSON.stringify({ faults: { seed: 5, rules: [{ kind: "throttle", scope: "logs", times: 1 }] } }),
        );
        const s2 = await startSimulator({ scenario: structured, faults: "expired=x1" });
        assert.deepEqual(
          s2.faults.state().rules,
          [{ kind: "expired", times: 1 }],
          "the faults option replaces them",
        );
        await s2.close();

        const broken = join(dir, "broken.json");
        writeFileSync(broken, JSON.stringify({ faults: "throttle=often" }));
        await assert.rejects(
          startSimulator({ scenario: broken }),
          /invalid scenario .*broken\.json: faults: bad fault spec item "throttle=often"/,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it("from the admin endpoint: POST sets, GET shows config and counts, DELETE clears", async () => {
      const post = await fetch(adminUrl(sim), {
        method: "POST",
        body: JSON.stringify({ spec: "seed=9,ListProjects:throttle=x1,slow=0.5@10" }),
      });
      assert.equal(post.status, 200);
      assert.equal(await outcome(listProjects(c)), "ThrottlingException 400");
      const got = (await (await fetch(adminUrl(sim))).json()) as Record<string, unknown>;
      assert.deepEqual(got, {
        seed: 9,
        rules: [{ kind: "slow", probability: 0.5, delayMs: 10 }],
        spec: "seed=9,slow=0.5@10",
        counts: {
          requests: 1,
          injected: 1,
          byKind: { throttle: 1 },
          byOperation: { "codebuild.ListProjects": { throttle: 1 } },
        },
      });

      const added = await fetch(adminUrl(sim), {
        method: "POST",
        body: JSON.stringify({
          append: true,
          rules: [{ kind: "internal", scope: "ListProjects", times: 1 }],
        }),
      });
      assert.equal(
        ((await added.json()) as { spec: string }).spec,
        "seed=9,slow=0.5@10,ListProjects:internal=x1",
      );
      assert.equal(await outcome(listProjects(c)), "InternalFailure 500");

      const bad = await fetch(adminUrl(sim), { method: "POST", body: JSON.stringify({ spec: "explode=1" }) });
      assert.equal(bad.status, 400);
      assert.match(((await bad.json()) as { message: string }).message, /unknown fault "explode"/);

      const cleared = await fetch(adminUrl(sim), { method: "DELETE" });
      assert.deepEqual(((await cleared.json()) as { rules: unknown[] }).rules, []);
      assert.equal(await outcome(listProjects(c)), "ok");
    });

    it("keeps the admin endpoint out of faults and out of the call record", async () => {
      sim.faults.configure("stall=1");
      const before = sim.calls.length;
      const got = await fetch(adminUrl(sim), { signal: AbortSignal.timeout(2000) });
      assert.equal(got.status, 200, "a stalled simulator can still be told to stop stalling");
      const off = await fetch(adminUrl(sim), { method: "DELETE" });
      assert.equal(off.status, 200);
      assert.equal(sim.calls.length, before);
      assert.equal(await outcome(listProjects(c)), "ok");
    });

    it("answers the admin endpoint to loopback clients only", () => {
      for (const a of ["127.0.0.1", "127.8.9.10", "::1", "::ffff:127.0.0.1"]) assert.ok(isLoopback(a), a);
      for (const a of ["10.0.0.5", "192.168.1.2", "::ffff:10.0.0.5", "fe80::1", "", undefined])
        assert.ok(!isLoopback(a), String(a));
    });
  });
});

describe("closing with requests held open", () => {
  it("sim.close() ends stalled and slow requests at once", async () => {
    const sim = await startSimulator({
      scenario: "fail",
      faults: "ListProjects:stall=1,DescribeLogGroups:slow=1@60000",
    });
    const c = simClients(sim);
    try {
      const pending = [listProjects(c), listProjects(c), listProjects(c), describeGroups(c)].map((p) =>
        outcome(p),
      );
      await waitFor("four requests held", () => sim.faults.counts().injected === 4);
      const started = Date.now();
      await sim.close();
      const took = Date.now() - started;
      assert.ok(took < 1000, `closed in ${took} ms`);
      const seen = await Promise.all(pending);
      assert.ok(
        seen.every((s) => s !== "ok"),
        `every held request fails once the simulator is gone: ${seen.join(", ")}`,
      );
      assert.deepEqual(
        sim.calls.map((x) => `${x.fault} ${x.status}`).sort(),
        ["slow 0", "stall 0", "stall 0", "stall 0"],
        "all on record by the time close() resolves",
      );
    } finally {
      c.destroy();
      await sim.close();
    }
  });
});
