// Paging through 250 projects and 750 builds (many-projects scenario) with the real SDK.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  BatchGetBuildsCommand,
  BatchGetProjectsCommand,
  ListBuildsCommand,
  ListBuildsForProjectCommand,
  ListProjectsCommand,
  paginateListProjects,
  StartBuildCommand,
} from "@aws-sdk/client-codebuild";
import { startSimulator, type Simulator } from "../sim/index";
import { simClients, type Clients } from "./helpers/sim-clients";

const NAMES = Array.from({ length: 250 }, (_, i) => `service-${String(i + 1).padStart(3, "0")}`);

describe("paging (many-projects scenario)", () => {
  let sim: Simulator;
  let c: Clients;
  before(async () => {
    sim = await startSimulator({ scenario: "many-projects", speed: 100 });
    c = simClients(sim);
  });
  after(async () => {
    c.destroy();
    await sim.close();
  });

  it("lists 250 projects in pages of 100 with nextToken", async () => {
    const p1 = await c.codebuild.send(new ListProjectsCommand({}));
    const p2 = await c.codebuild.send(new ListProjectsCommand({ nextToken: p1.nextToken }));
    const p3 = await c.codebuild.send(new ListProjectsCommand({ nextToken: p2.nextToken }));
    assert.deepEqual(
      [p1, p2, p3].map((p) => p.projects?.length),
      [100, 100, 50],
    );
    assert.ok(p1.nextToken && p2.nextToken);
    assert.equal(p3.nextToken, undefined);
    assert.deepEqual([...p1.projects!, ...p2.projects!, ...p3.projects!], NAMES);
  });

  it("works with the SDK paginator and honours sortBy / sortOrder", async () => {
    const all: string[] = [];
    for await (const page of paginateListProjects({ client: c.codebuild }, { sortOrder: "DESCENDING" })) {
      all.push(...(page.projects ?? []));
    }
    assert.deepEqual(all, [...NAMES].reverse());
    const byCreation = await c.codebuild.send(
      new ListProjectsCommand({ sortBy: "CREATED_TIME", sortOrder: "ASCENDING" }),
    );
    assert.deepEqual(byCreation.projects, NAMES.slice(0, 100));
  });

  it("rejects a forged nextToken with InvalidInputException", async () => {
    await assert.rejects(c.codebuild.send(new ListProjectsCommand({ nextToken: "not-a-token" })), {
      name: "InvalidInputException",
    });
  });

  it("gets up to 100 projects at once, and no more", async () => {
    const got = await c.codebuild.send(
      new BatchGetProjectsCommand({ names: [...NAMES.slice(0, 99), "missing-one"] }),
    );
    assert.equal(got.projects?.length, 99);
    assert.deepEqual(got.projectsNotFound, ["missing-one"]);
    assert.equal(got.projects?.[0]?.arn, "arn:aws:codebuild:us-east-1:123456789012:project/service-001");
    await assert.rejects(c.codebuild.send(new BatchGetProjectsCommand({ names: NAMES.slice(0, 101) })), {
      name: "InvalidInputException",
    });
  });

  it("lists a project's 3 builds newest first", async () => {
    const { ids, nextToken } = await c.codebuild.send(
      new ListBuildsForProjectCommand({ projectName: "service-042" }),
    );
    assert.equal(ids?.length, 3);
    assert.equal(nextToken, undefined);
    const builds = (await c.codebuild.send(new BatchGetBuildsCommand({ ids }))).builds!;
    assert.deepEqual(
      builds.map((b) => [b.buildNumber, b.buildStatus, b.sourceVersion]),
      [
        [3, "SUCCEEDED", "main"],
        [2, "FAILED", "feature/x"],
        [1, "SUCCEEDED", "main"],
      ],
    );
    const asc = await c.codebuild.send(
      new ListBuildsForProjectCommand({ projectName: "service-042", sortOrder: "ASCENDING" }),
    );
    assert.deepEqual(asc.ids, [...ids].reverse());
  });

  it("pages 750 builds across all projects, newest first, each once, with new builds on top", async () => {
    const first = await c.codebuild.send(new ListBuildsCommand({}));
    // A build started between pages must not shift the following pages.
    const started = (await c.codebuild.send(new StartBuildCommand({ projectName: "service-001" }))).build!;
    const ids: string[] = [...(first.ids ?? [])];
    let token = first.nextToken;
    let pages = 1;
    while (token) {
      const page = await c.codebuild.send(new ListBuildsCommand({ nextToken: token }));
      assert.ok((page.ids?.length ?? 0) <= 100);
      ids.push(...(page.ids ?? []));
      token = page.nextToken;
      pages++;
    }
    assert.equal(pages, 8);
    assert.equal(ids.length, 750);
    assert.equal(new Set(ids).size, 750);
    const starts: number[] = [];
    for (let i = 0; i < ids.length; i += 100) {
      const builds = (await c.codebuild.send(new BatchGetBuildsCommand({ ids: ids.slice(i, i + 100) })))
        .builds!;
      starts.push(...builds.map((b) => b.startTime!.getTime()));
    }
    for (let i = 1; i < starts.length; i++) assert.ok(starts[i - 1]! >= starts[i]!, `newest first at ${i}`);
    assert.ok(!ids.includes(started.id!));
    const fresh = await c.codebuild.send(new ListBuildsCommand({}));
    assert.equal(fresh.ids?.[0], started.id);
    assert.deepEqual(fresh.ids?.slice(1), ids.slice(0, 99));
    await assert.rejects(c.codebuild.send(new BatchGetBuildsCommand({ ids: ids.slice(0, 101) })), {
      name: "InvalidInputException",
    });
  });
});
