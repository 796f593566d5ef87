// CloudFormation in the simulator, through the real SDK (query protocol, XML answers): stacks
// deployed through change sets, resources in dependency order with their events, change sets
// computed from the template difference with Replacement, failures that roll back, validation,
// nested stacks, drift, paging — and every answer read against botocore's model.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CancelUpdateStackCommand,
  CreateChangeSetCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackDriftDetectionStatusCommand,
  DescribeStackEventsCommand,
  DescribeStackResourceDriftsCommand,
  DescribeStacksCommand,
  DetectStackDriftCommand,
  ExecuteChangeSetCommand,
  GetTemplateCommand,
  GetTemplateSummaryCommand,
  ListChangeSetsCommand,
  ListStackResourcesCommand,
  ListStacksCommand,
  ValidateTemplateCommand,
} from "@aws-sdk/client-cloudformation";
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListBucketsCommand,
  PutObjectCommand,
} from "@aws-sdk/client-s3";
import { startSimulator, type Simulator } from "../sim/index";
import {
  allEvents,
  deploy,
  modelProblems,
  simCloudFormation,
  waitForChangeSet,
  waitForStack,
  type CfnClient,
} from "./helpers/sim-cloudformation";
import { waitFor } from "./helpers/wait";

const QUEUE_STACK = `AWSTemplateFormatVersion: "2010-09-09"
Description: Orders
Parameters:
  Stage:
    Type: String
    AllowedValues: [dev, prod]
    Default: dev
  ApiKey:
    Type: String
    NoEcho: true
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      VisibilityTimeout: 30
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: orders-events
  Subscription:
    Type: AWS::SNS::Subscription
    Properties:
      TopicArn: !Ref Topic
      Protocol: sqs
      Endpoint: !GetAtt Queue.Arn
  Table:
    Type: AWS::DynamoDB::Table
    DependsOn: Queue
    Properties:
      TableName: !Sub orders-\${Stage}
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
Outputs:
  QueueUrl:
    Value: !Ref Queue
    Export:
      Name: !Sub \${AWS::StackName}-queue
  TopicName:
    Value: !GetAtt Topic.TopicName
`;

describe("CloudFormation in the simulator (real SDK)", () => {
  let sim: Simulator;
  let c: CfnClient;
  before(async () => {
    sim = await startSimulator({
      speed: 40,
      scenario: {
        cloudformation: {
          failures: {
            "doomed-create": [
              { logicalId: "Table", reason: "Table limit exceeded for this account", operation: "CREATE" },
            ],
          },
          stacks: [
            {
              name: "drifted",
              template:
                "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      VersioningConfiguration:\n        Status: Enabled\n  Log:\n    Type: AWS::Logs::LogGroup\n",
              drift: { Bucket: { "VersioningConfiguration.Status": "Suspended" }, Log: "DELETED" },
            },
          ],
        },
      },
    });
    c = simCloudFormation(sim);
  });
  after(async () => {
    c.destroy();
    await sim.close();
  });

  it("a new stack: a CREATE change set lists every resource as Add, then creates them in dependency order", async () => {
    const created = await c.cf.send(
      new CreateChangeSetCommand({
        StackName: "orders",
        ChangeSetName: "first",
        ChangeSetType: "CREATE",
        TemplateBody: QUEUE_STACK,
        Parameters: [{ ParameterKey: "ApiKey", ParameterValue: "s3cret" }],
      }),
    );
    const pending = await c.cf.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id! }));
    assert.match(pending.Status ?? "", /^CREATE_(PENDING|IN_PROGRESS)$/);
    const { Stacks } = await c.cf.send(new DescribeStacksCommand({ StackName: "orders" }));
    assert.equal(Stacks?.[0]?.StackStatus, "REVIEW_IN_PROGRESS");
    const cs = await waitForChangeSet(c.cf, created.Id!);
    assert.equal(cs.Status, "CREATE_COMPLETE");
    assert.equal(cs.ExecutionStatus, "AVAILABLE");
    assert.deepEqual(
      cs.Changes?.map((x) => `${x.ResourceChange?.Action} ${x.ResourceChange?.LogicalResourceId}`),
      ["Add Queue", "Add Topic", "Add Subscription", "Add Table"],
    );
    assert.deepEqual(cs.Parameters?.find((p) => p.ParameterKey === "ApiKey")?.ParameterValue, "****");
    await c.cf.send(new ExecuteChangeSetCommand({ ChangeSetName: created.Id! }));
    const stack = await waitForStack(c.cf, "orders");
    assert.equal(stack.StackStatus, "CREATE_COMPLETE");
    const events = await allEvents(c.cf, "orders");
    const at = (id: string, status: string) =>
      events.findIndex((e) => e.LogicalResourceId === id && e.ResourceStatus === status);
    assert.ok(
      at("Queue", "CREATE_COMPLETE") < at("Subscription", "CREATE_IN_PROGRESS"),
      "Subscription waits for Queue",
    );
    assert.ok(at("Topic", "CREATE_COMPLETE") < at("Subscription", "CREATE_IN_PROGRESS"), "and for Topic");
    assert.ok(at("Queue", "CREATE_COMPLETE") < at("Table", "CREATE_IN_PROGRESS"), "Table DependsOn Queue");
    assert.equal(events[0]?.ResourceStatus, "REVIEW_IN_PROGRESS");
    assert.deepEqual(
      events.filter((e) => e.ResourceType === "AWS::CloudFormation::Stack").map((e) => e.ResourceStatus),
      ["REVIEW_IN_PROGRESS", "CREATE_IN_PROGRESS", "CREATE_COMPLETE"],
    );
    const outputs = Object.fromEntries((stack.Outputs ?? []).map((o) => [o.OutputKey ?? "", o] as const));
    assert.match(
      outputs.QueueUrl?.OutputValue ?? "",
      /^https:\/\/sqs\.us-east-1\.amazonaws\.com\/123456789012\/orders-Queue-/,
    );
    assert.equal(outputs.QueueUrl?.ExportName, "orders-queue");
    assert.equal(outputs.TopicName?.OutputValue, "orders-events");
    const resources = await c.cf.send(new ListStackResourcesCommand({ StackName: "orders" }));
    assert.equal(
      resources.StackResourceSummaries?.find((r) => r.LogicalResourceId === "Table")?.PhysicalResourceId,
      "orders-dev",
    );
  });

  it("an update: Replacement True for a property that replaces, Conditional for what depends on it, before/after values and why", async () => {
    const changed = QUEUE_STACK.replace("VisibilityTimeout: 30", "VisibilityTimeout: 60").replace(
      "TopicName: orders-events",
      "TopicName: !Sub orders-${Stage}-events",
    );
    const created = await c.cf.send(
      new CreateChangeSetCommand({
        StackName: "orders",
        ChangeSetName: "second",
        TemplateBody: changed,
        Parameters: [{ ParameterKey: "ApiKey", UsePreviousValue: true }],
      }),
    );
    const cs = await waitForChangeSet(c.cf, created.Id!);
    const byId = new Map(cs.Changes?.map((x) => [x.ResourceChange?.LogicalResourceId, x.ResourceChange]));
    assert.deepEqual(
      [...byId].map(([id, r]) => [id, r?.Action, r?.Replacement]),
      [
        ["Queue", "Modify", "False"],
        ["Topic", "Modify", "True"],
        ["Subscription", "Modify", "Conditional"],
      ],
    );
    const queue = byId.get("Queue")?.Details?.[0];
    assert.deepEqual(queue?.Target, {
      Attribute: "Properties",
      Name: "VisibilityTimeout",
      RequiresRecreation: "Never",
      Path: "/Properties/VisibilityTimeout",
      BeforeValue: "30",
      AfterValue: "60",
      AttributeChangeType: "Modify",
    });
    assert.equal(queue?.ChangeSource, "DirectModification");
    const subscription = byId.get("Subscription")?.Details?.[0];
    assert.deepEqual(
      [
        subscription?.Evaluation,
        subscription?.ChangeSource,
        subscription?.CausingEntity,
        subscription?.Target?.AfterValue,
      ],
      ["Dynamic", "ResourceReference", "Topic", "{{changeSet:KNOWN_AFTER_APPLY}}"],
    );
    assert.equal(byId.get("Topic")?.PolicyAction, "ReplaceAndDelete");
    const plain = await c.cf.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id! }));
    assert.equal(
      plain.Changes?.[0]?.ResourceChange?.Details?.[0]?.Target?.BeforeValue,
      undefined,
      "no values unless asked",
    );

    const oldTopic = (
      await c.cf.send(new ListStackResourcesCommand({ StackName: "orders" }))
    ).StackResourceSummaries?.find((r) => r.LogicalResourceId === "Topic")?.PhysicalResourceId;
    await c.cf.send(new ExecuteChangeSetCommand({ ChangeSetName: created.Id! }));
    const stack = await waitForStack(c.cf, "orders");
    assert.equal(stack.StackStatus, "UPDATE_COMPLETE");
    const events = await allEvents(c.cf, "orders");
    const update = events.slice(
      events.findIndex((e) => e.ResourceStatus === "UPDATE_IN_PROGRESS" && e.LogicalResourceId === "orders"),
    );
    assert.ok(
      update.some((e) =>
        e.ResourceStatusReason?.includes("requires the creation of a new physical resource"),
      ),
    );
    assert.ok(
      update.some(
        (e) =>
          e.LogicalResourceId === "Topic" &&
          e.ResourceStatus === "DELETE_COMPLETE" &&
          e.PhysicalResourceId === oldTopic,
      ),
      "the replaced topic is deleted in the cleanup",
    );
    assert.deepEqual(
      update.filter((e) => e.LogicalResourceId === "orders").map((e) => e.ResourceStatus),
      ["UPDATE_IN_PROGRESS", "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS", "UPDATE_COMPLETE"],
    );
    assert.equal(stack.Outputs?.find((o) => o.OutputKey === "TopicName")?.OutputValue, "orders-dev-events");
    const open = await c.cf.send(new ListChangeSetsCommand({ StackName: "orders" }));
    assert.deepEqual(open.Summaries, [], "no change set stays open after an execution");
  });

  it("the same template and parameters again: the change set FAILS saying it contains no changes", async () => {
    const { TemplateBody } = await c.cf.send(new GetTemplateCommand({ StackName: "orders" }));
    const created = await c.cf.send(
      new CreateChangeSetCommand({
        StackName: "orders",
        ChangeSetName: "nothing",
        TemplateBody,
        Parameters: [
          { ParameterKey: "ApiKey", UsePreviousValue: true },
          { ParameterKey: "Stage", UsePreviousValue: true },
        ],
      }),
    );
    const cs = await waitForChangeSet(c.cf, created.Id!);
    assert.equal(cs.Status, "FAILED");
    assert.equal(cs.ExecutionStatus, "UNAVAILABLE");
    assert.match(cs.StatusReason ?? "", /didn't contain changes/);
    await assert.rejects(c.cf.send(new ExecuteChangeSetCommand({ ChangeSetName: created.Id! })), {
      name: "InvalidChangeSetStatusException",
    });
    await c.cf.send(new DeleteChangeSetCommand({ ChangeSetName: created.Id! }));
    await assert.rejects(c.cf.send(new DescribeChangeSetCommand({ ChangeSetName: created.Id! })), {
      name: "ChangeSetNotFoundException",
    });
  });

  it("a handler that refuses a value fails the update; the stack rolls back and the first failure says why", async () => {
    const bad = QUEUE_STACK.replace(
      "VisibilityTimeout: 30",
      "VisibilityTimeout: 30\n      MessageRetentionPeriod: 9999999",
    );
    await deploy(c.cf, "orders", bad, {
      type: "UPDATE",
      parameters: { ApiKey: "s3cret", Stage: "dev" },
    }).then((s) => assert.equal(s.StackStatus, "UPDATE_ROLLBACK_COMPLETE"));
    const events = await allEvents(c.cf, "orders");
    const failed = events.filter((e) => e.ResourceStatus?.endsWith("_FAILED"));
    assert.equal(failed[0]?.LogicalResourceId, "Queue");
    assert.match(
      failed[0]?.ResourceStatusReason ?? "",
      /Invalid value for the parameter MessageRetentionPeriod/,
    );
    const rollback = events.find(
      (e) => e.LogicalResourceId === "orders" && e.ResourceStatus === "UPDATE_ROLLBACK_IN_PROGRESS",
    );
    assert.match(
      rollback?.ResourceStatusReason ?? "",
      /The following resource\(s\) failed to update: \[.*Queue.*\]/,
    );
    const { TemplateBody } = await c.cf.send(new GetTemplateCommand({ StackName: "orders" }));
    assert.doesNotMatch(TemplateBody ?? "", /9999999/, "the template in force is the previous one");
  });

  it("a failed creation rolls back to ROLLBACK_COMPLETE; such a stack cannot be updated, only deleted", async () => {
    const stack = await deploy(c.cf, "doomed-create", QUEUE_STACK, { parameters: { ApiKey: "x" } });
    assert.equal(stack.StackStatus, "ROLLBACK_COMPLETE");
    const rollback = (await allEvents(c.cf, "doomed-create")).find(
      (e) => e.ResourceStatus === "ROLLBACK_IN_PROGRESS",
    );
    assert.equal(
      rollback?.ResourceStatusReason,
      "The following resource(s) failed to create: [Table]. Rollback requested by user.",
    );
    const resources = await c.cf.send(new ListStackResourcesCommand({ StackName: "doomed-create" }));
    assert.deepEqual(resources.StackResourceSummaries, []);
    await assert.rejects(
      c.cf.send(
        new CreateChangeSetCommand({
          StackName: "doomed-create",
          ChangeSetName: "retry",
          TemplateBody: QUEUE_STACK,
        }),
      ),
      { name: "ValidationError", message: /is in ROLLBACK_COMPLETE state and can not be updated/ },
    );
    await c.cf.send(new DeleteStackCommand({ StackName: "doomed-create" }));
    await waitFor("the deletion", async () => {
      const all = await c.cf.send(new ListStacksCommand({ StackStatusFilter: ["DELETE_COMPLETE"] }));
      return all.StackSummaries?.some((s) => s.StackName === "doomed-create" && s.DeletionTime);
    });
    await assert.rejects(c.cf.send(new DescribeStacksCommand({ StackName: "doomed-create" })), {
      name: "ValidationError",
      message: "Stack with id doomed-create does not exist",
    });
    const live = await c.cf.send(
      new ListStacksCommand({ StackStatusFilter: ["CREATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE"] }),
    );
    assert.ok(
      !live.StackSummaries?.some((s) => s.StackName === "doomed-create"),
      "the status filter filters",
    );
  });

  it("refuses what CloudFormation refuses, in its words", async () => {
    const role =
      "Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: worker\n      AssumeRolePolicyDocument: {}\n";
    await assert.rejects(
      c.cf.send(
        new CreateChangeSetCommand({
          StackName: "iam",
          ChangeSetName: "a",
          ChangeSetType: "CREATE",
          TemplateBody: role,
        }),
      ),
      {
        name: "InsufficientCapabilitiesException",
        message: "Requires capabilities : [CAPABILITY_NAMED_IAM]",
      },
    );
    await assert.rejects(
      c.cf.send(
        new CreateChangeSetCommand({
          StackName: "p",
          ChangeSetName: "a",
          ChangeSetType: "CREATE",
          TemplateBody: QUEUE_STACK,
        }),
      ),
      { name: "ValidationError", message: "Parameters: [ApiKey] must have values" },
    );
    await assert.rejects(
      c.cf.send(
        new CreateChangeSetCommand({
          StackName: "p",
          ChangeSetName: "a",
          ChangeSetType: "CREATE",
          TemplateBody: QUEUE_STACK,
          Parameters: [
            { ParameterKey: "ApiKey", ParameterValue: "x" },
            { ParameterKey: "Stage", ParameterValue: "qa" },
          ],
        }),
      ),
      { name: "ValidationError", message: "Parameter 'Stage' must be one of AllowedValues" },
    );
    await assert.rejects(
      c.cf.send(
        new CreateChangeSetCommand({
          StackName: "orders",
          ChangeSetName: "again",
          ChangeSetType: "CREATE",
          TemplateBody: QUEUE_STACK,
        }),
      ),
      { name: "AlreadyExistsException" },
    );
    await assert.rejects(
      c.cf.send(
        new CreateChangeSetCommand({ StackName: "nope", ChangeSetName: "a", TemplateBody: QUEUE_STACK }),
      ),
      { name: "ValidationError", message: "Stack [nope] does not exist" },
    );
    const big = `Resources:\n  Q:\n    Type: AWS::SQS::Queue\nMetadata:\n  Padding: "${"x".repeat(52_000)}"\n`;
    await assert.rejects(c.cf.send(new ValidateTemplateCommand({ TemplateBody: big })), {
      name: "ValidationError",
      message:
        /at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to 51200/,
    });
  });

  it("ValidateTemplate: parameters and capabilities of a good template, the line of a YAML error, undefined references", async () => {
    const ok = await c.cf.send(new ValidateTemplateCommand({ TemplateBody: QUEUE_STACK }));
    assert.deepEqual(
      ok.Parameters?.map((p) => [p.ParameterKey, p.DefaultValue, p.NoEcho]),
      [
        ["Stage", "dev", false],
        ["ApiKey", undefined, true],
      ],
    );
    assert.equal(ok.Description, "Orders");
    await assert.rejects(
      c.cf.send(
        new ValidateTemplateCommand({ TemplateBody: "Resources:\n  Q:\n    Type: [AWS::SQS::Queue\n" }),
      ),
      {
        name: "ValidationError",
        message: /^Template format error: YAML not well-formed\. \(line \d+, column \d+\)$/,
      },
    );
    // An alias inside its own anchor (found by the fuzz test): a 400, not a stack overflow.
    await assert.rejects(c.cf.send(new ValidateTemplateCommand({ TemplateBody: "x: &a [*a]\n" })), {
      name: "ValidationError",
      message: /^Template format error: YAML not well-formed\./,
    });
    await assert.rejects(
      c.cf.send(
        new ValidateTemplateCommand({
          TemplateBody: QUEUE_STACK.replace("!GetAtt Queue.Arn", "!GetAtt Missing.Arn"),
        }),
      ),
      { message: "Template error: instance of Fn::GetAtt references undefined resource Missing" },
    );
    await assert.rejects(c.cf.send(new ValidateTemplateCommand({ TemplateBody: "Description: nothing\n" })), {
      message: "Template format error: At least one Resources member must be defined.",
    });
    const summary = await c.cf.send(new GetTemplateSummaryCommand({ StackName: "orders" }));
    assert.deepEqual(summary.ResourceTypes?.sort(), [
      "AWS::DynamoDB::Table",
      "AWS::SNS::Subscription",
      "AWS::SNS::Topic",
      "AWS::SQS::Queue",
    ]);
  });

  it("a template from S3 (TemplateURL), and a nested stack whose template is in S3, under its parent", async () => {
    await c.s3.send(new CreateBucketCommand({ Bucket: "templates-bucket" }));
    const child =
      "Parameters:\n  Prefix:\n    Type: String\nResources:\n  Q:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Sub ${Prefix}-child\nOutputs:\n  Name:\n    Value: !GetAtt Q.QueueName\n";
    await c.s3.send(new PutObjectCommand({ Bucket: "templates-bucket", Key: "child.yaml", Body: child }));
    const parent = `Resources:
  Child:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://templates-bucket.s3.us-east-1.amazonaws.com/child.yaml
      Parameters:
        Prefix: app
  Param:
    Type: AWS::SSM::Parameter
    Properties:
      Type: String
      Value: !GetAtt Child.Outputs.Name
Outputs:
  ChildQueue:
    Value: !GetAtt Child.Outputs.Name
`;
    await c.s3.send(new PutObjectCommand({ Bucket: "templates-bucket", Key: "parent.yaml", Body: parent }));
    const stack = await deploy(c.cf, "parent", "", {
      templateUrl: "https://s3.amazonaws.com/templates-bucket/parent.yaml",
    });
    assert.equal(stack.StackStatus, "CREATE_COMPLETE");
    assert.equal(stack.Outputs?.[0]?.OutputValue, "app-child");
    const all = (await c.cf.send(new ListStacksCommand({}))).StackSummaries ?? [];
    const nested = all.find((s) => s.StackName?.startsWith("parent-Child-"));
    assert.equal(nested?.ParentId, stack.StackId);
    assert.equal(nested?.RootId, stack.StackId);
    assert.equal(nested?.StackStatus, "CREATE_COMPLETE");
    const childResource = (
      await c.cf.send(new ListStackResourcesCommand({ StackName: "parent" }))
    ).StackResourceSummaries?.find((r) => r.LogicalResourceId === "Child");
    assert.equal(childResource?.PhysicalResourceId, nested?.StackId);
    await assert.rejects(
      c.cf.send(
        new ValidateTemplateCommand({
          TemplateURL: "https://templates-bucket.s3.amazonaws.com/missing.yaml",
        }),
      ),
      { name: "ValidationError", message: /S3 error: The specified key does not exist/ },
    );
  });

  it("one S3 for every service: the scenario's s3 part seeds buckets and objects that ListBuckets, GetObject and a TemplateURL read", async () => {
    sim.seed({
      s3: {
        buckets: [
          {
            name: "seeded-templates",
            objects: { "queue.yaml": ["Resources:", "  Q:", "    Type: AWS::SQS::Queue"] },
          },
          { name: "seeded-elsewhere", region: "eu-west-1" },
        ],
      },
    });
    const listed = await c.s3.send(new ListBucketsCommand({}));
    const regions = new Map((listed.Buckets ?? []).map((b) => [b.Name, b.BucketRegion]));
    assert.equal(regions.get("seeded-templates"), sim.region);
    assert.equal(regions.get("seeded-elsewhere"), "eu-west-1", "every region's buckets, as S3 lists them");
    const paged = await c.s3.send(new ListBucketsCommand({ MaxBuckets: 1, Prefix: "seeded-" }));
    assert.deepEqual(
      paged.Buckets?.map((b) => b.Name),
      ["seeded-elsewhere"],
    );
    assert.ok(paged.ContinuationToken);
    const next = await c.s3.send(
      new ListBucketsCommand({
        MaxBuckets: 1,
        Prefix: "seeded-",
        ContinuationToken: paged.ContinuationToken,
      }),
    );
    assert.deepEqual(
      next.Buckets?.map((b) => b.Name),
      ["seeded-templates"],
    );
    const object = await c.s3.send(new GetObjectCommand({ Bucket: "seeded-templates", Key: "queue.yaml" }));
    assert.equal(await object.Body?.transformToString(), "Resources:\n  Q:\n    Type: AWS::SQS::Queue\n");
    assert.equal(object.ContentType, "text/yaml");
    const validated = await c.cf.send(
      new ValidateTemplateCommand({
        TemplateURL: `https://seeded-templates.s3.${sim.region}.amazonaws.com/queue.yaml`,
      }),
    );
    assert.deepEqual(validated.Parameters, []);
  });

  it("drift detection finds what changed outside CloudFormation, property by property", async () => {
    const { StackDriftDetectionId: id } = await c.cf.send(
      new DetectStackDriftCommand({ StackName: "drifted" }),
    );
    const first = await c.cf.send(
      new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId: id }),
    );
    assert.match(first.DetectionStatus ?? "", /^DETECTION_(IN_PROGRESS|COMPLETE)$/);
    const done = await waitFor("the detection", async () => {
      const s = await c.cf.send(new DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId: id }));
      return s.DetectionStatus === "DETECTION_COMPLETE" ? s : undefined;
    });
    assert.deepEqual([done.StackDriftStatus, done.DriftedStackResourceCount], ["DRIFTED", 2]);
    const drifts = await c.cf.send(new DescribeStackResourceDriftsCommand({ StackName: "drifted" }));
    const bucket = drifts.StackResourceDrifts?.find((d) => d.LogicalResourceId === "Bucket");
    assert.equal(bucket?.StackResourceDriftStatus, "MODIFIED");
    assert.deepEqual(bucket?.PropertyDifferences, [
      {
        PropertyPath: "/VersioningConfiguration/Status",
        ExpectedValue: "Enabled",
        ActualValue: "Suspended",
        DifferenceType: "NOT_EQUAL",
      },
    ]);
    assert.equal(
      drifts.StackResourceDrifts?.find((d) => d.LogicalResourceId === "Log")?.StackResourceDriftStatus,
      "DELETED",
    );
    const { Stacks } = await c.cf.send(new DescribeStacksCommand({ StackName: "drifted" }));
    assert.equal(Stacks?.[0]?.DriftInformation?.StackDriftStatus, "DRIFTED");
  });

  it("CancelUpdateStack during an update rolls it back; from any other status it is refused", async () => {
    const slow = QUEUE_STACK.replace("VisibilityTimeout: 30", "VisibilityTimeout: 45").replace(
      "KeySchema",
      "BillingMode: PAY_PER_REQUEST\n      KeySchema",
    );
    const created = await c.cf.send(
      new CreateChangeSetCommand({
        StackName: "orders",
        ChangeSetName: "to-cancel",
        TemplateBody: slow,
        Parameters: [
          { ParameterKey: "ApiKey", UsePreviousValue: true },
          { ParameterKey: "Stage", UsePreviousValue: true },
        ],
      }),
    );
    await waitForChangeSet(c.cf, created.Id!);
    await c.cf.send(new ExecuteChangeSetCommand({ ChangeSetName: created.Id! }));
    await c.cf.send(new CancelUpdateStackCommand({ StackName: "orders" }));
    const stack = await waitForStack(c.cf, "orders");
    assert.equal(stack.StackStatus, "UPDATE_ROLLBACK_COMPLETE");
    const events = await c.cf.send(new DescribeStackEventsCommand({ StackName: "orders" }));
    assert.ok(events.StackEvents?.some((e) => e.ResourceStatusReason === "Stack update cancelled"));
    await assert.rejects(c.cf.send(new CancelUpdateStackCommand({ StackName: "orders" })), {
      name: "ValidationError",
      message: "CancelUpdateStack cannot be called from current stack status",
    });
  });

  it("pages: ListStacks by 100, DescribeStackEvents newest first by 100", async () => {
    sim.seed({
      cloudformation: {
        stacks: Array.from({ length: 120 }, (_, i) => ({
          name: `many-${i}`,
          template: "Resources:\n  H:\n    Type: AWS::CloudFormation::WaitConditionHandle\n",
        })),
      },
    });
    const first = await c.cf.send(new ListStacksCommand({}));
    assert.equal(first.StackSummaries?.length, 100);
    assert.ok(first.NextToken);
    const second = await c.cf.send(new ListStacksCommand({ NextToken: first.NextToken }));
    const names = new Set(
      [...(first.StackSummaries ?? []), ...(second.StackSummaries ?? [])].map((s) => s.StackId),
    );
    assert.ok(names.size >= 120, "no stack twice, none missed");
    const events = await c.cf.send(new DescribeStackEventsCommand({ StackName: "orders" }));
    const times = events.StackEvents?.map((e) => e.Timestamp!.getTime()) ?? [];
    assert.deepEqual(
      times,
      [...times].sort((a, b) => b - a),
      "newest first",
    );
  });

  it("every answer conforms to botocore's model (envelope, members, timestamps, error codes)", () => {
    assert.ok(c.answers.length > 40, `${c.answers.length} answers`);
    assert.deepEqual(modelProblems(c.answers), []);
  });
});
