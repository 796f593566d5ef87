import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BuildStore } from "../../../src/codebuild/store";
import type { Build, CodeBuildApi, Project, StartBuildRequest } from "../../../src/codebuild/model/types";
import { aBuild, aFinishedBuild, aProject } from "./builders";

/** An in-memory CodeBuild that counts calls. */
class FakeCodeBuild implements CodeBuildApi {
  projects: Project[] = [];
  builds = new Map<string, Build>();
  calls: string[] = [];

  listProjectNames() {
    this.calls.push("ListProjects");
    return Promise.resolve(this.projects.map((p) => p.name));
  }
  getProjects(names: readonly string[]) {
    this.calls.push(`BatchGetProjects(${names.length})`);
    return Promise.resolve(this.projects.filter((p) => names.includes(p.name)));
  }
  listBuildIdsForProject(name: string, max: number) {
    this.calls.push(`ListBuildsForProject(${name})`);
    return Promise.resolve(
      [...this.builds.values()]
        .filter((b) => b.projectName === name)
        .map((b) => b.id)
        .slice(0, max),
    );
  }
  listBuildIds(max: number) {
    this.calls.push("ListBuilds");
    return Promise.resolve([...this.builds.keys()].slice(0, max));
  }
  getBuilds(ids: readonly string[]) {
    this.calls.push(`BatchGetBuilds(${ids.length})`);
    return Promise.resolve(ids.flatMap((id) => this.builds.get(id) ?? []));
  }
  startBuild(request: StartBuildRequest) {
    const build = aBuild({ projectName: request.projectName, sourceVersion: request.sourceVersion });
    this.builds.set(build.id, build);
    return Promise.resolve(build);
  }
  stopBuild(id: string): Promise<Build> {
    return Promise.resolve({ ...this.builds.get(id)!, status: "STOPPED", complete: true });
  }
  retryBuild(id: string) {
    return this.startBuild({ projectName: this.builds.get(id)!.projectName });
  }
}

describe("the build store", () => {
  it("tells whose repository a build built and whether this window started it, until a reset", async () => {
    const api = new FakeCodeBuild();
    api.projects = [{ ...aProject("web-app"), sourceLocation: "https://github.com/example-org/web-app.git" }];
    const store = new BuildStore(api, 10);
    const before = await store.start({ projectName: "web-app" }, new AbortController().signal);
    assert.deepEqual(
      store.origin(before),
      { sourceLocation: undefined, startedHere: true },
      "not described yet",
    );
    await store.loadProjects();
    assert.deepEqual(store.origin(before), {
      sourceLocation: "https://github.com/example-org/web-app.git",
      startedHere: true,
    });
    const other = aBuild({ id: "web-app:other" });
    store.upsert(other);
    assert.equal(store.origin(other).startedHere, false);
    store.reset();
    assert.deepEqual(store.origin(before), { sourceLocation: undefined, startedHere: false });
  });

  it("a running build this window asked to stop is stopping until CodeBuild says it ended", async () => {
    const api = new FakeCodeBuild();
    const running = aBuild({ currentPhase: "BUILD" });
    api.builds.set(running.id, running);
    // CodeBuild answers StopBuild with the build still running: it ends in its phase later.
    api.stopBuild = (id: string) => Promise.resolve(api.builds.get(id)!);
    const store = new BuildStore(api, 10);
    await store.loadBuilds("web-app");
    const told: string[] = [];
    store.onDidChangeBuild((b) => told.push(b.id));
    assert.equal(store.isStopping(running.id), false);
    await store.stop(running.id, new AbortController().signal);
    assert.equal(store.isStopping(running.id), true);
    assert.deepEqual(told, [running.id], "the views are told, though CodeBuild's answer did not change");
    store.upsert(aFinishedBuild("STOPPED", { id: running.id }));
    assert.equal(store.isStopping(running.id), false, "ended: no longer stopping");
  });

  it("loads projects once when several views ask at the same time", async () => {
    const api = new FakeCodeBuild();
    api.projects = [aProject("web-app"), aProject("api-service")];
    const store = new BuildStore(api, 10);
    const [a, b] = await Promise.all([store.loadProjects(), store.loadProjects()]);
    assert.equal(a, b);
    assert.deepEqual(api.calls, ["ListProjects", "BatchGetProjects(2)"]);
    assert.deepEqual(
      store.projects?.map((p) => p.name),
      ["web-app", "api-service"],
    );
  });

  it("describes only new and running builds when a project's list is reloaded", async () => {
    const api = new FakeCodeBuild();
    const done = aFinishedBuild("SUCCEEDED");
    const running = aBuild();
    api.builds.set(done.id, done);
    api.builds.set(running.id, running);
    const store = new BuildStore(api, 10);
    await store.loadBuilds("web-app");
    api.calls = [];
    await store.loadBuilds("web-app");
    assert.deepEqual(api.calls, ["ListBuildsForProject(web-app)", "BatchGetBuilds(1)"]);
  });

  it("announces a change only when a build looks different, and a finish once", async () => {
    const api = new FakeCodeBuild();
    const build = aBuild({ currentPhase: "BUILD" });
    api.builds.set(build.id, build);
    const store = new BuildStore(api, 10);
    const changed: string[] = [];
    const finished: string[] = [];
    store.onDidChangeBuild((b) => changed.push(`${b.status}/${b.currentPhase}`));
    store.onDidFinishBuild((b) => finished.push(b.status));
    await store.refreshBuilds([build.id]);
    assert.equal(await store.refreshBuilds([build.id]), false);
    api.builds.set(build.id, { ...build, currentPhase: "POST_BUILD" });
    assert.equal(await store.refreshBuilds([build.id]), true);
    api.builds.set(build.id, { ...build, status: "FAILED", complete: true, currentPhase: "COMPLETED" });
    await store.refreshBuilds([build.id]);
    await store.refreshBuilds([build.id]);
    assert.deepEqual(changed, ["IN_PROGRESS/BUILD", "IN_PROGRESS/POST_BUILD", "FAILED/COMPLETED"]);
    assert.deepEqual(finished, ["FAILED"]);
  });

  it("announces a known build that a project's list reload finds finished (the status bar hears it)", async () => {
    const api = new FakeCodeBuild();
    const build = aBuild({ currentPhase: "POST_BUILD" });
    api.builds.set(build.id, build);
    const store = new BuildStore(api, 10);
    await store.refreshBuilds([build.id]);
    const changed: string[] = [];
    const finished: string[] = [];
    store.onDidChangeBuild((b) => changed.push(b.status));
    store.onDidFinishBuild((b) => finished.push(b.status));
    const other = aFinishedBuild("FAILED");
    api.builds.set(other.id, other);
    api.builds.set(build.id, { ...build, status: "SUCCEEDED", complete: true, currentPhase: "COMPLETED" });
    await store.loadBuilds("web-app");
    assert.deepEqual(changed, ["SUCCEEDED"], "the known build, not the one new to the list");
    assert.deepEqual(finished, ["SUCCEEDED"]);
    // Nothing else left to tell: a refresh then finds it unchanged.
    assert.equal(await store.refreshBuilds([build.id]), false);
  });

  it("puts a started build at the top of its project's list", async () => {
    const api = new FakeCodeBuild();
    const old = aFinishedBuild("SUCCEEDED");
    api.builds.set(old.id, old);
    const store = new BuildStore(api, 10);
    await store.loadBuilds("web-app");
    const started = await store.start(
      { projectName: "web-app", sourceVersion: "main" },
      new AbortController().signal,
    );
    assert.deepEqual(
      store.buildsOf("web-app")?.map((b) => b.id),
      [started.id, old.id],
    );
  });

  it("gives the projects' names once they are listed, before they are described, in one load", async () => {
    const api = new FakeCodeBuild();
    api.projects = [aProject("web-app"), aProject("api-service")];
    let describe!: () => void;
    const described = new Promise<void>((resolve) => (describe = resolve));
    const getProjects = api.getProjects.bind(api);
    api.getProjects = async (names: readonly string[]) => {
      await described;
      return getProjects(names);
    };
    const store = new BuildStore(api, 10);
    const changes: string[] = [];
    store.onDidChangeProjects(() => changes.push("projects"));
    // Were the names to wait for the descriptions, they would never come: fail instead of hang.
    const names = await Promise.race([
      store.loadProjectNames(),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error("the names waited for the descriptions")), 2_000).unref(),
      ),
    ]);
    assert.deepEqual(names, ["web-app", "api-service"]);
    assert.equal(store.projects, undefined, "not described yet");
    assert.deepEqual(store.projectNames, ["web-app", "api-service"]);
    assert.deepEqual(changes, []);
    describe();
    const projects = await store.loadProjects();
    assert.deepEqual(
      projects.map((p) => p.name),
      ["web-app", "api-service"],
    );
    assert.deepEqual(changes, ["projects"]);
    assert.deepEqual(api.calls, ["ListProjects", "BatchGetProjects(2)"], "the names and the list: one load");
    assert.deepEqual(await store.loadProjectNames(), ["web-app", "api-service"]);
    assert.equal(api.calls.length, 2, "known names are not asked again");
  });

  it("rejects the names when the listing fails, and the list when describing fails after the names", async () => {
    const api = new FakeCodeBuild();
    api.projects = [aProject("web-app")];
    api.listProjectNames = () => Promise.reject(new Error("AccessDenied: ListProjects"));
    const store = new BuildStore(api, 10);
    await assert.rejects(store.loadProjectNames(), /ListProjects/);

    const api2 = new FakeCodeBuild();
    api2.projects = [aProject("web-app")];
    api2.getProjects = () => Promise.reject(new Error("AccessDenied: BatchGetProjects"));
    const store2 = new BuildStore(api2, 10);
    const [names, list] = await Promise.allSettled([store2.loadProjectNames(), store2.loadProjects()]);
    assert.deepEqual(names, { status: "fulfilled", value: ["web-app"] });
    assert.equal(list.status, "rejected");
    assert.match(String(list.reason), /BatchGetProjects/);
    assert.equal(store2.projects, undefined);
  });

  it("forgets everything on reset, and a load in flight does not repopulate it", async () => {
    const api = new FakeCodeBuild();
    api.projects = [aProject("web-app")];
    const store = new BuildStore(api, 10);
    const loading = store.loadProjects();
    store.reset();
    await assert.rejects(loading, { name: "AbortError" });
    assert.equal(store.projects, undefined);
    assert.equal(store.projectNames, undefined);
  });
});
