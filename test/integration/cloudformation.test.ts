// The extension's CloudFormation gateway and store against the simulator (the real SDK over HTTP,
// the real credential chain): what the tree, the deploy and the followed operation read, and how
// many requests each costs.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { AwsClients, fixedClients } from "../../src/aws/clients";
import { followOperation } from "../../src/cloudformation/followOperation";
import { CloudFormationGateway } from "../../src/cloudformation/gateway";
import { isNoChange } from "../../src/cloudformation/model/changeSetView";
import { plainReason, rootCause } from "../../src/cloudformation/model/operation";
import type { ChangeSet, StackEvent } from "../../src/cloudformation/model/types";
import { StackStore, type FinishedOperation } from "../../src/cloudformation/store";
import { startSimulator, type Simulator } from "../sim/index";
import { connectionTo, useSimulatorCredentials } from "./world";
import { waitFor } from "./helpers/wait";

const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Stage:
    Type: String
    Default: dev
  Secret:
    Type: String
    NoEcho: true
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      MessageRetentionPeriod: 345600
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: !Sub orders-\${Stage}
Outputs:
  QueueUrl:
    Value: !Ref Queue
    Export:
      Name: orders-queue-url
`;

describe("the CloudFormation gateway and store against the simulator", () => {
  let sim: Simulator;
  let clients: AwsClients;
  let store: StackStore;
  const finished: FinishedOperation[] = [];
  const calls = (operation: string, from: number) =>
    sim.calls.slice(from).filter((c) => c.operation === operation).length;

  before(async () => {
    sim = await startSimulator({
      speed: 50,
      scenario: {
        cloudformation: {
          // Slow enough for Cancel Update to arrive while the topic is being replaced.
          resourceSeconds: { Topic: 60 },
          stacks: [
            { name: "kept", template: TEMPLATE, parameters: { Secret: "s3cret" } },
            { name: "gone", template: TEMPLATE, parameters: { Secret: "x" }, deletedMinutesAgo: 60 },
            {
              name: "drifted",
              template:
                "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      VersioningConfiguration:\n        Status: Enabled\n",
              drift: { Bucket: { "VersioningConfiguration.Status": "Suspended" } },
            },
          ],
        },
      },
    });
    useSimulatorCredentials(sim);
    clients = new AwsClients(connectionTo(sim));
    store = new StackStore(new CloudFormationGateway(fixedClients(clients)));
    store.onDidFinishOperation((op) => finished.push(op));
  });
  after(async () => {
    store.dispose();
    clients.dispose();
    await sim.close();
  });

  const signal = () => AbortSignal.timeout(30_000);

  it("lists stacks without the deleted ones (one ListStacks with a status filter), and with them when asked", async () => {
    const from = sim.calls.length;
    const live = await store.loadStacks();
    assert.deepEqual(live.map((s) => s.name).sort(), ["drifted", "kept"]);
    assert.equal(calls("ListStacks", from), 1);
    store.setShowDeleted(true);
    const all = await store.loadStacks();
    assert.deepEqual(all.map((s) => `${s.name} ${s.status}`).sort(), [
      "drifted CREATE_COMPLETE",
      "gone DELETE_COMPLETE",
      "kept CREATE_COMPLETE",
    ]);
    store.setShowDeleted(false);
    await store.loadStacks();
  });

  it("expanding a stack costs one request per part: DescribeStacks, ListStackResources, DescribeStackEvents", async () => {
    const from = sim.calls.length;
    await store.loadDetail("kept");
    await store.loadResources("kept");
    await store.loadEvents("kept");
    assert.deepEqual(
      sim.calls.slice(from).map((c) => c.operation),
      ["DescribeStacks", "ListStackResources", "DescribeStackEvents"],
    );
    const detail = store.detail("kept")!;
    assert.deepEqual(detail.parameters, [
      { key: "Stage", value: "dev" },
      { key: "Secret", value: "****" },
    ]);
    assert.equal(detail.outputs[0]?.exportName, "orders-queue-url");
    assert.deepEqual(
      store.resources("kept")?.map((r) => r.logicalId),
      ["Queue", "Topic"],
    );
    assert.equal(
      store.events("kept")?.[0]?.status,
      "CREATE_IN_PROGRESS",
      "events go back to the operation's start",
    );
  });

  it("reads events down to the last known one only: nothing new, one request and no event", async () => {
    const from = sim.calls.length;
    const fresh = await store.loadEvents("kept");
    assert.deepEqual(fresh, []);
    assert.equal(calls("DescribeStackEvents", from), 1);
  });

  async function changeSetFor(
    template: string,
    type: "CREATE" | "UPDATE",
    stack: string,
  ): Promise<ChangeSet> {
    const { id } = await store.createChangeSet(
      {
        stackName: stack,
        changeSetName: `cs-${Date.now()}`,
        type,
        template: { body: template },
        parameters:
          type === "UPDATE"
            ? [
                { key: "Stage", usePrevious: true },
                { key: "Secret", usePrevious: true },
              ]
            : [{ key: "Secret", value: "x" }],
        capabilities: [],
        tags: [],
      },
      signal(),
    );
    return waitFor("the change set", async () => {
      await store.loadChangeSet(id);
      const cs = store.changeSet(id);
      return cs && !["CREATE_PENDING", "CREATE_IN_PROGRESS"].includes(cs.status) ? cs : undefined;
    });
  }

  async function executeAndFollow(cs: ChangeSet): Promise<StackEvent[]> {
    const startedAt = new Date();
    await store.executeChangeSet(cs, signal());
    const seen: StackEvent[] = [];
    const end = await followOperation({
      refresh: () => store.loadEvents(cs.stackName),
      events: () => store.events(cs.stackName) ?? [],
      running: () => store.isInProgress(cs.stackName),
      onEvents: (events) => seen.push(...events),
      onError: (error) => assert.fail(String(error)),
      signal: signal(),
      startedAt,
      pollMs: 50,
      idleMs: 50,
    });
    assert.equal(end, "completed");
    return seen;
  }

  it("a change set that changes nothing is told apart", async () => {
    const cs = await changeSetFor(TEMPLATE, "UPDATE", "kept");
    assert.equal(isNoChange(cs), true);
  });

  it("an update followed to its end: events in order, each once, the last the stack's own UPDATE_COMPLETE, announced once", async () => {
    const cs = await changeSetFor(TEMPLATE.replace("345600", "600"), "UPDATE", "kept");
    assert.deepEqual(
      cs.changes.map((c) => `${c.action} ${c.logicalId} ${c.replacement}`),
      ["Modify Queue False"],
    );
    assert.deepEqual(cs.changes[0]?.details[0], {
      attribute: "Properties",
      name: "MessageRetentionPeriod",
      path: "/Properties/MessageRetentionPeriod",
      requiresRecreation: "Never",
      before: "345600",
      after: "600",
      changeType: "Modify",
      evaluation: "Static",
      source: "DirectModification",
    });
    finished.length = 0;
    const seen = await executeAndFollow(cs);
    assert.equal(new Set(seen.map((e) => e.id)).size, seen.length, "no event twice");
    assert.deepEqual(
      seen.filter((e) => e.logicalId === "kept").map((e) => e.status),
      ["UPDATE_IN_PROGRESS", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_COMPLETE"],
    );
    assert.deepEqual(
      seen.map((e) => e.timestamp.getTime()),
      [...seen.map((e) => e.timestamp.getTime())].sort((a, b) => a - b),
    );
    assert.deepEqual(
      finished.map((f) => `${f.stack} ${f.status}`),
      ["kept UPDATE_COMPLETE"],
    );
  });

  it("a failed update: the root cause is the handler's message, not the rollback", async () => {
    const cs = await changeSetFor(TEMPLATE.replace("345600", "99999999"), "UPDATE", "kept");
    finished.length = 0;
    await executeAndFollow(cs);
    assert.equal(store.stack("kept")?.status, "UPDATE_ROLLBACK_COMPLETE");
    const cause = rootCause(store.operationEvents("kept"));
    assert.equal(cause?.logicalId, "Queue");
    assert.equal(plainReason(cause?.reason ?? ""), "Invalid value for the parameter MessageRetentionPeriod.");
    assert.equal(finished[0]?.status, "UPDATE_ROLLBACK_COMPLETE");
  });

  it("a template over 51,200 bytes goes through S3: uploaded, then validated by its URL", async () => {
    const big = `${TEMPLATE}Metadata:\n  Notes: "${"n".repeat(60_000)}"\n`;
    await assert.rejects(store.validateTemplate({ body: big }, signal()), { name: "ValidationError" });
    sim.seed({ s3: { buckets: [{ name: "deploy-templates" }] } });
    assert.deepEqual(await store.listBuckets(signal()), ["deploy-templates"]);
    const url = await store.uploadTemplate(
      "deploy-templates",
      "aws-cicd/templates/big/template.yaml",
      big,
      signal(),
    );
    assert.equal(
      url,
      `https://deploy-templates.s3.${sim.region}.amazonaws.com/aws-cicd/templates/big/template.yaml`,
    );
    const validation = await store.validateTemplate({ url }, signal());
    assert.deepEqual(
      validation.parameters.map((p) => [p.key, p.noEcho]),
      [
        ["Stage", false],
        ["Secret", true],
      ],
    );
  });

  it("drift detection: the stack drifts, the resource's property differences read as expected / actual", async () => {
    const id = await store.detectDrift("drifted", signal());
    await waitFor(
      "the detection",
      async () => (await store.driftDetection(id, signal())).status === "DETECTION_COMPLETE",
    );
    const drifts = await store.loadResourceDrifts("drifted", signal());
    assert.deepEqual(
      drifts.map((d) => [d.logicalId, d.status, d.differences]),
      [
        [
          "Bucket",
          "MODIFIED",
          [
            {
              path: "/VersioningConfiguration/Status",
              expected: "Enabled",
              actual: "Suspended",
              type: "NOT_EQUAL",
            },
          ],
        ],
      ],
    );
    assert.equal(store.stack("drifted")?.drift, "DRIFTED");
  });

  it("Cancel Update during an update: followed to its rollback, the cancellation its cause", async () => {
    const cs = await changeSetFor(
      TEMPLATE.replace("345600", "1200").replace("orders-${Stage}", "orders-${Stage}-v2"),
      "UPDATE",
      "kept",
    );
    const startedAt = new Date();
    await store.executeChangeSet(cs, signal());
    await store.cancelUpdate("kept", signal());
    const seen: StackEvent[] = [];
    await followOperation({
      refresh: () => store.loadEvents("kept"),
      events: () => store.events("kept") ?? [],
      running: () => store.isInProgress("kept"),
      onEvents: (events) => seen.push(...events),
      onError: (error) => assert.fail(String(error)),
      signal: signal(),
      startedAt,
      pollMs: 50,
      idleMs: 50,
    });
    assert.equal(store.stack("kept")?.status, "UPDATE_ROLLBACK_COMPLETE");
    assert.ok(seen.some((e) => e.reason === "Stack update cancelled"));
  });

  it("Delete Stack followed to DELETE_COMPLETE: its last events are read by its id after it is gone", async () => {
    finished.length = 0;
    const startedAt = new Date();
    await store.deleteStack("kept", signal());
    const seen: StackEvent[] = [];
    const end = await followOperation({
      refresh: () => store.loadEvents("kept"),
      events: () => store.events("kept") ?? [],
      running: () => store.isInProgress("kept"),
      onEvents: (events) => seen.push(...events),
      onError: (error) => assert.fail(String(error)),
      signal: signal(),
      startedAt,
      pollMs: 50,
      idleMs: 50,
    });
    assert.equal(end, "completed");
    assert.equal(seen.at(-1)?.status, "DELETE_COMPLETE");
    assert.deepEqual(
      finished.map((f) => f.status),
      ["DELETE_COMPLETE"],
    );
    await store.loadStacks();
    assert.ok(!store.stacks?.some((s) => s.name === "kept"), "no longer listed");
  });

  it("the deployed template comes back as it was sent", async () => {
    assert.equal(
      await store.template("drifted", signal()),
      "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      VersioningConfiguration:\n        Status: Enabled\n",
    );
  });
});
