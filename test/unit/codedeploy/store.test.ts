// The CodeDeploy store: what it asks CodeDeploy for, what it remembers, and the events views get.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CodeDeployApi, Deployment } from "../../../src/codedeploy/model/types";
import { lastDeploymentLook } from "../../../src/codedeploy/model/status";
import { DeployStore } from "../../../src/codedeploy/store";
import { aDeployment, aGroup } from "./builders";

/** A CodeDeploy that answers from a table and counts what it was asked. */
function fakeApi(deployments: Map<string, Deployment>): CodeDeployApi & { asked: string[] } {
  const asked: string[] = [];
  const ask = <T>(what: string, value: T) => {
    asked.push(what);
    return Promise.resolve(value);
  };
  return {
    asked,
    listApplicationNames: () => ask("ListApplications", ["api-service"]),
    getApplications: (names) =>
      ask(
        "BatchGetApplications",
        names.map((name) => ({ name, computePlatform: "Server" as const })),
      ),
    listGroupNames: () => ask("ListDeploymentGroups", ["production"]),
    getGroups: () => ask("BatchGetDeploymentGroups", [aGroup()]),
    listDeploymentIds: () => ask("ListDeployments", [...deployments.keys()]),
    getDeployments: (ids) =>
      ask(
        `BatchGetDeployments ${ids.join(",")}`,
        ids.flatMap((id) => deployments.get(id) ?? []),
      ),
    listTargetIds: () => ask("ListDeploymentTargets", []),
    getTargets: () => ask("BatchGetDeploymentTargets", []),
    listConfigNames: () => ask("ListDeploymentConfigs", []),
    createDeployment: () => ask("CreateDeployment", "d-NEW000000"),
    stopDeployment: () => ask("StopDeployment", undefined),
    continueDeployment: () => ask("ContinueDeployment", undefined),
    registerRevision: () => ask("RegisterApplicationRevision", undefined),
    upload: () => ask("PutObject", {}),
    headObject: () => ask("HeadObject", undefined),
  };
}

describe("the CodeDeploy store", () => {
  it("describes only new and running deployments when a group's list is read again", async () => {
    const table = new Map<string, Deployment>([
      ["d-RUNNING00", aDeployment({ id: "d-RUNNING00" })],
      ["d-DONE00000", aDeployment({ id: "d-DONE00000", status: "Succeeded" })],
    ]);
    const api = fakeApi(table);
    const store = new DeployStore(api, 10);
    await store.loadDeployments("api-service", "production");
    await store.loadDeployments("api-service", "production");
    assert.deepEqual(api.asked, [
      "ListDeployments",
      "BatchGetDeployments d-RUNNING00,d-DONE00000",
      "ListDeployments",
      "BatchGetDeployments d-RUNNING00",
    ]);
    store.dispose();
  });

  it("describes a group's last deployment that succeeded once, to tell a rollback from a success", async () => {
    const rollback = aDeployment({ id: "d-ROLLBACK0", status: "Succeeded", creator: "codeDeployRollback" });
    const api = fakeApi(new Map([[rollback.id, rollback]]));
    api.getGroups = () =>
      Promise.resolve([
        aGroup({ lastAttempted: { id: rollback.id, status: "Succeeded", createTime: rollback.createTime } }),
      ]);
    const store = new DeployStore(api, 10);
    await store.loadGroups("api-service");
    await store.describeLastDeployments("api-service");
    await store.loadGroups("api-service");
    await store.describeLastDeployments("api-service");
    assert.deepEqual(
      api.asked.filter((a) => a.startsWith("BatchGetDeployments")),
      ["BatchGetDeployments d-ROLLBACK0"],
      "once: a finished deployment does not change",
    );
    const group = store.groupsOf("api-service")?.[0];
    assert.ok(group);
    assert.equal(store.lastDeployment(group)?.rollback, true);
    store.dispose();
  });

  it("describes a finished last deployment (a rollback that failed too), never a running one, and asks for a missing one once", async () => {
    const failed = aDeployment({
      id: "d-RBFAILED0",
      group: "a",
      status: "Failed",
      creator: "codeDeployRollback",
    });
    const api = fakeApi(new Map([[failed.id, failed]]));
    api.getGroups = () =>
      Promise.resolve([
        aGroup({ name: "a", lastAttempted: { id: failed.id, status: "Failed" } }),
        aGroup({ name: "b", lastAttempted: { id: "d-RUNNING00", status: "InProgress" } }),
        aGroup({ name: "c", lastAttempted: { id: "d-GONE00000", status: "Succeeded" } }),
      ]);
    const store = new DeployStore(api, 10);
    await store.loadGroups("api-service");
    await store.describeLastDeployments("api-service");
    await store.describeLastDeployments("api-service");
    assert.deepEqual(
      api.asked.filter((x) => x.startsWith("BatchGetDeployments")),
      ["BatchGetDeployments d-RBFAILED0,d-GONE00000"],
    );
    const a = store.groupsOf("api-service")?.find((g) => g.name === "a");
    assert.ok(a);
    assert.equal(lastDeploymentLook(store.lastDeployment(a)!).word, "rollback failed");
    store.dispose();
  });

  it("tells once that a running deployment finished, and joins concurrent reads into one request", async () => {
    const table = new Map<string, Deployment>([["d-RUNNING00", aDeployment({ id: "d-RUNNING00" })]]);
    const api = fakeApi(table);
    const store = new DeployStore(api, 10);
    const finished: string[] = [];
    store.onDidFinishDeployment((d) => finished.push(`${d.id} ${d.status}`));
    await store.refreshDeployments(["d-RUNNING00"]);
    table.set("d-RUNNING00", aDeployment({ id: "d-RUNNING00", status: "Failed" }));
    await Promise.all([store.refreshDeployments(["d-RUNNING00"]), store.refreshDeployments(["d-RUNNING00"])]);
    await store.refreshDeployments(["d-RUNNING00"]);
    assert.deepEqual(finished, ["d-RUNNING00 Failed"]);
    assert.equal(
      api.asked.filter((a) => a.startsWith("BatchGetDeployments")).length,
      3,
      "the two at once were one",
    );
    store.dispose();
  });

  it("puts a deployment it created (or a rollback it learns of) at the top of its group's list", async () => {
    const table = new Map<string, Deployment>([
      ["d-DONE00000", aDeployment({ id: "d-DONE00000", status: "Succeeded" })],
    ]);
    const api = fakeApi(table);
    const store = new DeployStore(api, 10);
    await store.loadDeployments("api-service", "production");
    const changed: string[] = [];
    store.onDidChangeGroupDeployments((key) => changed.push(key));
    table.set("d-NEW000000", aDeployment({ id: "d-NEW000000" }));
    await store.create(
      { application: "api-service", group: "production", revision: { kind: "S3", bucket: "b", key: "k" } },
      new AbortController().signal,
    );
    assert.deepEqual(
      store.deploymentsOf("api-service", "production")?.map((d) => d.id),
      ["d-NEW000000", "d-DONE00000"],
    );
    assert.deepEqual(changed, ["api-service/production"]);
    store.upsert(aDeployment({ id: "d-ROLLBACK0", creator: "codeDeployRollback" }));
    assert.equal(store.deploymentsOf("api-service", "production")?.[0]?.id, "d-ROLLBACK0");
    store.dispose();
  });

  it("says a group's last deployment is the one started after its list was read, while it runs", async () => {
    const listed = {
      id: "d-DONE00000",
      status: "Succeeded" as const,
      createTime: new Date("2026-11-30T09:00:00Z"),
    };
    const table = new Map<string, Deployment>();
    const api = fakeApi(table);
    api.getGroups = () => Promise.resolve([aGroup({ lastAttempted: listed })]);
    const store = new DeployStore(api, 10);
    await store.loadGroups("api-service");
    const group = store.group("api-service", "production")!;
    assert.equal(store.lastDeployment(group)?.status, "Succeeded");
    table.set("d-NEW000000", aDeployment({ id: "d-NEW000000", status: "InProgress" }));
    await store.create(
      { application: "api-service", group: "production", revision: { kind: "S3", bucket: "b", key: "k" } },
      new AbortController().signal,
    );
    assert.deepEqual(
      { id: store.lastDeployment(group)?.id, status: store.lastDeployment(group)?.status },
      { id: "d-NEW000000", status: "InProgress" },
    );
    store.dispose();
  });

  it("tells views of a known deployment's change even when a group's list load found it", async () => {
    const table = new Map<string, Deployment>([["d-RUNNING00", aDeployment({ id: "d-RUNNING00" })]]);
    const store = new DeployStore(fakeApi(table), 10);
    await store.refreshDeployments(["d-RUNNING00"]);
    const seen: string[] = [];
    store.onDidChangeDeployment((d) => seen.push(`${d.id} ${d.status}`));
    table.set("d-RUNNING00", aDeployment({ id: "d-RUNNING00", status: "Succeeded" }));
    await store.loadDeployments("api-service", "production");
    assert.deepEqual(seen, ["d-RUNNING00 Succeeded"]);
    store.dispose();
  });

  it("forgets everything on reset (another profile or region)", async () => {
    const api = fakeApi(new Map());
    const store = new DeployStore(api, 10);
    await store.loadApplications();
    await store.loadGroups("api-service");
    store.reset();
    assert.equal(store.applications, undefined);
    assert.equal(store.groupsOf("api-service"), undefined);
    store.dispose();
  });
});
