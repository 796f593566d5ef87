import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { classifyError } from "../../src/aws/errors";
import { summaryLine } from "../../src/codebuild/model/buildStatus";
import { startWorld, followToEnd, type World } from "./world";

const signal = () => new AbortController().signal;

describe("CodeBuild through the SDK against the simulator", () => {
  let world: World;
  before(async () => {
    world = await startWorld({ scenario: "demo", speed: 40 });
  });
  after(() => world.close());

  it("lists the scenario's projects with their recent builds, newest first", async () => {
    const projects = await world.store.loadProjects();
    const names = projects.map((p) => p.name);
    for (const expected of ["api-service", "docs-site", "nightly-integration", "web-app"])
      assert.ok(names.includes(expected), names.join());
    await world.store.loadBuilds("web-app");
    const builds = world.store.buildsOf("web-app") ?? [];
    assert.ok(builds.length > 0);
    const starts = builds.map((b) => b.startTime?.getTime() ?? 0);
    assert.deepEqual(
      starts,
      [...starts].sort((a, b) => b - a),
    );
  });

  it("starts a build for a branch and streams every phase's log in order, then the summary", async () => {
    const build = await world.store.start(
      { projectName: "web-app", sourceVersion: "feature/login" },
      signal(),
    );
    assert.equal(build.sourceVersion, "feature/login");
    assert.equal(build.status, "IN_PROGRESS");
    const { lines, build: done } = await followToEnd(world, build);
    assert.equal(done.status, "SUCCEEDED");
    const entered = lines
      .filter((l) => /Entering phase/.test(l))
      .map((l) => /Entering phase (\w+)/.exec(l)?.[1]);
    assert.deepEqual(
      entered,
      ["DOWNLOAD_SOURCE", "INSTALL", "PRE_BUILD", "BUILD", "POST_BUILD", "UPLOAD_ARTIFACTS"].filter((p) =>
        entered.includes(p),
      ),
    );
    assert.ok(entered.includes("BUILD") && entered.includes("INSTALL"), entered.join());
    const written = world.sim.logs.events(done.logs!.groupName, done.logs!.streamName).length;
    assert.equal(lines.length >= written, true);
    assert.match(summaryLine(done, new Date()), /^──── Build web-app #\d+ SUCCEEDED in \d+/);
  });

  it("shows a failing build's compiler errors and the phase it failed in", async () => {
    const build = await world.store.start({ projectName: "api-service" }, signal());
    const { lines, build: done } = await followToEnd(world, build);
    assert.equal(done.status, "FAILED");
    assert.ok(
      lines.some((l) => /error TS\d+/.test(l)),
      "the TypeScript errors are in the log",
    );
    assert.equal(done.phases.find((p) => p.type === "BUILD")?.status, "FAILED");
    assert.match(summaryLine(done, new Date()), /FAILED \(phase BUILD FAILED\)/);
  });

  it("stops a long build", async () => {
    const build = await world.store.start({ projectName: "nightly-integration" }, signal());
    await world.store.stop(build.id, signal());
    for (let i = 0; i < 100 && !world.store.build(build.id)?.complete; i++) {
      await new Promise((r) => setTimeout(r, 100));
      await world.store.refreshBuilds([build.id]);
    }
    assert.equal(world.store.build(build.id)?.status, "STOPPED");
  });

  it("retries a finished build as a new build of the same project", async () => {
    const build = await world.store.start({ projectName: "docs-site", sourceVersion: "main" }, signal());
    const { build: done } = await followToEnd(world, build);
    const retried = await world.store.retry(done.id, signal());
    assert.notEqual(retried.id, done.id);
    assert.equal(retried.projectName, "docs-site");
    assert.equal(retried.number, (done.number ?? 0) + 1);
    await world.store.stop(retried.id, signal());
  });

  it("says clearly that a project does not exist, and starts nothing", async () => {
    const before = world.sim.calls.length;
    const error = await world.store.start({ projectName: "no-such-project" }, signal()).then(
      () => undefined,
      (e: unknown) => e,
    );
    const friendly = classifyError(error);
    assert.equal(friendly.kind, "notFound");
    assert.match(friendly.message, /no-such-project/);
    assert.equal(world.sim.calls.length, before + 1);
  });
});

describe("large accounts", () => {
  let world: World;
  before(async () => {
    world = await startWorld({ scenario: "many-projects", speed: 1 });
  });
  after(() => world.close());

  it("pages through 250 projects and describes them 100 at a time", async () => {
    const projects = await world.store.loadProjects();
    assert.equal(projects.length, 250);
    const ops = world.sim.calls.map((c) => c.target.split(".")[1]);
    assert.equal(ops.filter((o) => o === "ListProjects").length, 3);
    assert.equal(ops.filter((o) => o === "BatchGetProjects").length, 3);
  });
});
