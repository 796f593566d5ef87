// Scenarios as objects, seed() at run time, region override, and outcomes other than the
// bundled scenarios show: FAULT in PROVISIONING, TIMED_OUT by timeoutInMinutes, stop while queued.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ListProjectsCommand, StartBuildCommand, StopBuildCommand } from "@aws-sdk/client-codebuild";
import { startSimulator, type Scenario, type Simulator } from "../sim/index";
import { waitForBuild } from "./helpers/sim-builds";
import { simClients, type Clients } from "./helpers/sim-clients";

const SCENARIO: Scenario = {
  region: "us-east-1",
  projects: [
    { name: "svc-{i}", count: 3 },
    { name: "faulty", build: { outcome: "FAULT", failPhase: "PROVISIONING" } },
    { name: "slow", timeoutInMinutes: 5, build: { phaseSeconds: { BUILD: 1000 } } },
    { name: "long-queue", build: { phaseSeconds: { QUEUED: 600 }, stopSeconds: 1 } },
  ],
};

describe("seeding the simulator from objects", () => {
  let sim: Simulator;
  let c: Clients;
  before(async () => {
    sim = await startSimulator({ scenario: SCENARIO, region: "eu-west-1", speed: 200 });
    c = simClients(sim);
  });
  after(async () => {
    c.destroy();
    await sim.close();
  });

  it("seeds the region given in the options, expanding counted projects", async () => {
    assert.equal(sim.region, "eu-west-1");
    assert.deepEqual((await c.codebuild.send(new ListProjectsCommand({}))).projects, [
      "faulty",
      "long-queue",
      "slow",
      "svc-001",
      "svc-002",
      "svc-003",
    ]);
    const east = simClients(sim, { region: "us-east-1" });
    try {
      assert.deepEqual((await east.codebuild.send(new ListProjectsCommand({}))).projects, []);
    } finally {
      east.destroy();
    }
  });

  it("adds projects to any region at run time with seed()", async () => {
    sim.seed({ projects: [{ name: "added-later" }] }, "ap-southeast-2");
    sim.seed("fail");
    const ap = simClients(sim, { region: "ap-southeast-2" });
    try {
      assert.deepEqual((await ap.codebuild.send(new ListProjectsCommand({}))).projects, ["added-later"]);
      const build = (await ap.codebuild.send(new StartBuildCommand({ projectName: "added-later" }))).build!;
      assert.equal(build.arn, `arn:aws:codebuild:ap-southeast-2:123456789012:build/${build.id}`);
      assert.equal((await waitForBuild(ap.codebuild, build.id!)).buildStatus, "SUCCEEDED");
    } finally {
      ap.destroy();
    }
    const projects = (await c.codebuild.send(new ListProjectsCommand({}))).projects ?? [];
    assert.ok(projects.includes("broken-build"), "a named scenario seeds the default region");
  });

  it("faults in PROVISIONING and skips to FINALIZING", async () => {
    const started = (await c.codebuild.send(new StartBuildCommand({ projectName: "faulty" }))).build!;
    const done = await waitForBuild(c.codebuild, started.id!);
    assert.equal(done.buildStatus, "FAULT");
    assert.deepEqual(
      done.phases?.map((p) => [p.phaseType, p.phaseStatus]),
      [
        ["SUBMITTED", "SUCCEEDED"],
        ["QUEUED", "SUCCEEDED"],
        ["PROVISIONING", "FAULT"],
        ["FINALIZING", "SUCCEEDED"],
        ["COMPLETED", undefined],
      ],
    );
    assert.equal(done.phases?.[2]?.contexts?.[0]?.statusCode, "BUILD_CONTAINER_UNABLE_TO_PULL_IMAGE");
  });

  it("times a build out after timeoutInMinutes of simulated time", async () => {
    // 5 simulated minutes at speed 200 = 1.5 s; BUILD alone would take 1000 s (5 s wall).
    const started = (await c.codebuild.send(new StartBuildCommand({ projectName: "slow" }))).build!;
    const done = await waitForBuild(c.codebuild, started.id!);
    assert.equal(done.buildStatus, "TIMED_OUT");
    assert.equal(done.phases?.find((p) => p.phaseType === "BUILD")?.phaseStatus, "TIMED_OUT");
    assert.equal(done.phases?.at(-1)?.phaseType, "COMPLETED");
    const took = done.endTime!.getTime() - done.startTime!.getTime();
    assert.ok(took >= 1400 && took < 4000, `${took} ms`);
  });

  it("stops a queued build before it has a container or a log", async () => {
    const started = (await c.codebuild.send(new StartBuildCommand({ projectName: "long-queue" }))).build!;
    await c.codebuild.send(new StopBuildCommand({ id: started.id! }));
    const done = await waitForBuild(c.codebuild, started.id!);
    assert.equal(done.buildStatus, "STOPPED");
    assert.deepEqual(
      done.phases?.map((p) => [p.phaseType, p.phaseStatus]),
      [
        ["SUBMITTED", "SUCCEEDED"],
        ["QUEUED", "STOPPED"],
        ["COMPLETED", undefined],
      ],
    );
    assert.equal(done.logs?.groupName, undefined);
  });

  it("refuses invalid scenarios and unknown names with a clear error", async () => {
    await assert.rejects(
      startSimulator({ scenario: "no-such-scenario" }),
      /scenario not found: no-such-scenario/,
    );
    await assert.rejects(
      startSimulator({ scenario: { projects: [{ name: "x", build: { failPhase: "COMPILE" as never } }] } }),
      /unknown failPhase COMPILE/,
    );
    await assert.rejects(
      startSimulator({ scenario: { projects: [{ name: "many", count: 2 }] } }),
      /needs "\{i\}"/,
    );
    await assert.rejects(startSimulator({ speed: 0 }), /speed must be a positive number/);
  });

  it("loads every bundled scenario", async () => {
    const expected: Record<string, number> = {
      demo: 4,
      empty: 0,
      "many-projects": 250,
      "big-log": 1,
      fail: 1,
    };
    for (const [name, count] of Object.entries(expected)) {
      const s = await startSimulator({ scenario: name, speed: 1000 });
      const sc = simClients(s);
      try {
        const all: string[] = [];
        let token: string | undefined;
        do {
          const page = await sc.codebuild.send(new ListProjectsCommand({ nextToken: token }));
          all.push(...(page.projects ?? []));
          token = page.nextToken;
        } while (token);
        assert.equal(all.length, count, name);
      } finally {
        sc.destroy();
        await s.close();
      }
    }
  });
});
