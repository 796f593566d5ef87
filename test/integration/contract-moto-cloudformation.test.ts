// The same CloudFormation call sequence against moto and against the simulator, both answers read
// against botocore's model (query protocol: XML). moto implements stacks, change sets, events,
// resources, templates and validation; it creates stacks at once, the simulator on its clock (the
// simulator's steps wait for it, off the record). The test fails only when the SIMULATOR deviates
// from the model or lacks a key moto returns that the model defines; moto's own deviations are
// notes. The stack's events are compared for a creation (a stack's own update events carry stack
// statuses botocore's ResourceStatus enum does not list: see sim-cloudformation.test.ts).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateChangeSetCommand,
  CreateStackCommand,
  DeleteChangeSetCommand,
  DeleteStackCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
  GetTemplateCommand,
  GetTemplateSummaryCommand,
  ListChangeSetsCommand,
  ListStackResourcesCommand,
  ListStacksCommand,
  ValidateTemplateCommand,
} from "@aws-sdk/client-cloudformation";
import { startSimulator, type Simulator } from "../sim/index";
import { judgeContract, runSequence, type ContractOutcome } from "./helpers/contract";
import { startMoto, type Moto } from "./helpers/moto";
import {
  cfnClientFor,
  simCloudFormation,
  waitForChangeSet,
  waitForStack,
  type CfnClient,
} from "./helpers/sim-cloudformation";

const STACK = "contract-stack";
const TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Description: contract
Parameters:
  Stage:
    Type: String
    Default: dev
    Description: Deployment stage
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub contract-\${Stage}
  Topic:
    Type: AWS::SNS::Topic
Outputs:
  QueueUrl:
    Value: !Ref Queue
    Export:
      Name: contract-queue-url
`;
const CHANGED = TEMPLATE.replace(
  "  Topic:\n    Type: AWS::SNS::Topic\n",
  "  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName: orders\n",
);

interface Step {
  service: "cloudformation";
  operation: string;
  expectError?: boolean;
  run(c: CfnClient & { simulated: boolean }): Promise<unknown>;
}

/** Runs `send`, then (in the simulator only) waits for what it started. */
async function then<T>(send: Promise<T>, wait: () => Promise<unknown>): Promise<T> {
  const answer = await send;
  await wait();
  return answer;
}

let changeSetId = "";

const STEPS: Step[] = [
  {
    service: "cloudformation",
    operation: "ValidateTemplate",
    run: (c) => c.cf.send(new ValidateTemplateCommand({ TemplateBody: TEMPLATE })),
  },
  {
    service: "cloudformation",
    operation: "CreateStack",
    run: (c) =>
      then(
        c.cf.send(
          new CreateStackCommand({
            StackName: STACK,
            TemplateBody: TEMPLATE,
            Parameters: [{ ParameterKey: "Stage", ParameterValue: "prod" }],
            Tags: [{ Key: "team", Value: "api" }],
          }),
        ),
        () => (c.simulated ? waitForStack(c.cf, STACK) : Promise.resolve()),
      ),
  },
  {
    service: "cloudformation",
    operation: "DescribeStacks",
    run: (c) => c.cf.send(new DescribeStacksCommand({ StackName: STACK })),
  },
  { service: "cloudformation", operation: "ListStacks", run: (c) => c.cf.send(new ListStacksCommand({})) },
  {
    service: "cloudformation",
    operation: "DescribeStackEvents",
    run: (c) => c.cf.send(new DescribeStackEventsCommand({ StackName: STACK })),
  },
  {
    service: "cloudformation",
    operation: "ListStackResources",
    run: (c) => c.cf.send(new ListStackResourcesCommand({ StackName: STACK })),
  },
  {
    service: "cloudformation",
    operation: "DescribeStackResources",
    run: (c) => c.cf.send(new DescribeStackResourcesCommand({ StackName: STACK })),
  },
  {
    service: "cloudformation",
    operation: "GetTemplate",
    run: (c) => c.cf.send(new GetTemplateCommand({ StackName: STACK })),
  },
  {
    service: "cloudformation",
    operation: "GetTemplateSummary",
    run: (c) => c.cf.send(new GetTemplateSummaryCommand({ TemplateBody: TEMPLATE })),
  },
  {
    service: "cloudformation",
    operation: "CreateChangeSet",
    run: (c) =>
      then(
        c.cf.send(
          new CreateChangeSetCommand({
            StackName: STACK,
            ChangeSetName: "contract-change",
            TemplateBody: CHANGED,
            Parameters: [{ ParameterKey: "Stage", ParameterValue: "prod" }],
          }),
        ),
        async () => {
          const { Summaries } = await c.cf.send(new ListChangeSetsCommand({ StackName: STACK }));
          changeSetId = Summaries?.[0]?.ChangeSetId ?? "";
          if (c.simulated) await waitForChangeSet(c.cf, changeSetId);
        },
      ),
  },
  {
    service: "cloudformation",
    operation: "DescribeChangeSet",
    run: (c) =>
      c.cf.send(new DescribeChangeSetCommand({ StackName: STACK, ChangeSetName: "contract-change" })),
  },
  {
    service: "cloudformation",
    operation: "ListChangeSets",
    run: (c) => c.cf.send(new ListChangeSetsCommand({ StackName: STACK })),
  },
  {
    service: "cloudformation",
    operation: "DeleteChangeSet",
    run: (c) => c.cf.send(new DeleteChangeSetCommand({ StackName: STACK, ChangeSetName: "contract-change" })),
  },
  {
    service: "cloudformation",
    operation: "DescribeChangeSet",
    expectError: true,
    run: (c) =>
      c.cf.send(new DescribeChangeSetCommand({ StackName: STACK, ChangeSetName: "contract-change" })),
  },
  {
    service: "cloudformation",
    operation: "DeleteStack",
    run: (c) =>
      then(c.cf.send(new DeleteStackCommand({ StackName: STACK })), () =>
        c.simulated
          ? waitForStack(c.cf, STACK, () => false, 5_000).catch(() => undefined)
          : Promise.resolve(),
      ),
  },
  {
    service: "cloudformation",
    operation: "ListStacks",
    run: (c) => c.cf.send(new ListStacksCommand({ StackStatusFilter: ["DELETE_COMPLETE"] })),
  },
];

describe("contract: CloudFormation in the simulator vs moto, judged by the botocore model", () => {
  let moto: Moto | undefined;
  let sim: Simulator;
  const outcomes: ContractOutcome[] = [];
  const notes: string[] = [];

  before(async () => {
    sim = await startSimulator({ speed: 100 });
    moto = await startMoto();
    const motoClient = {
      ...cfnClientFor(moto.url, { region: "us-east-1", accessKeyId: "testing", secretAccessKey: "testing" }),
      simulated: false,
    };
    const simClient = { ...simCloudFormation(sim), simulated: true };
    try {
      const motoAnswers = await runSequence("moto", STEPS, motoClient, motoClient.answers);
      const simAnswers = await runSequence("simulator", STEPS, simClient, simClient.answers);
      STEPS.forEach((step, i) => outcomes.push({ step, moto: motoAnswers[i]!, sim: simAnswers[i]! }));
    } finally {
      motoClient.destroy();
      simClient.destroy();
    }
  });

  after(async () => {
    await moto?.stop();
    await sim?.close();
  });

  it("runs the whole sequence on both", () => assert.equal(outcomes.length, STEPS.length));

  it("the change set both compute for the same change names the same resource and action", () => {
    const described = outcomes.find((o) => o.step.operation === "DescribeChangeSet" && !o.step.expectError)!;
    const changes = (a: ContractOutcome["sim"]) =>
      (
        (a.body as { Changes?: { ResourceChange?: { Action?: string; LogicalResourceId?: string } }[] })
          .Changes ?? []
      ).map((c) => `${c.ResourceChange?.Action} ${c.ResourceChange?.LogicalResourceId}`);
    assert.deepEqual(changes(described.sim), ["Modify Topic"]);
    if (described.moto.status === 200 && changes(described.moto).join() !== "Modify Topic")
      notes.push(`DescribeChangeSet: moto computes ${JSON.stringify(changes(described.moto))}`);
  });

  // The one expected error, ChangeSetNotFound, is a 404 in the model.
  judgeContract({ outcomes, notes, minCompared: 12, errorStatus: 404 });
});
