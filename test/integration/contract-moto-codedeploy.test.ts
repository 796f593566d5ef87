// The same CodeDeploy and S3 call sequences against moto and against the simulator, judged by
// botocore's models. moto implements, of CodeDeploy: applications, deployment groups,
// create/get/list deployments and tags (not targets, stop, continue, configs); of S3: buckets and
// objects. The test fails only when the SIMULATOR deviates from the model or lacks a key (or, for
// S3, a header the model reads) that moto returns; moto's own deviations are notes.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  BatchGetApplicationsCommand,
  BatchGetDeploymentsCommand,
  CodeDeployClient,
  CreateApplicationCommand,
  CreateDeploymentCommand,
  CreateDeploymentGroupCommand,
  GetApplicationCommand,
  GetDeploymentCommand,
  GetDeploymentGroupCommand,
  ListApplicationsCommand,
  ListDeploymentGroupsCommand,
  ListDeploymentsCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-codedeploy";
import { CreateBucketCommand, HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { CodePipelineClient } from "@aws-sdk/client-codepipeline";
import { startSimulator, type Simulator } from "../sim/index";
import { judgeContract, runSequence, type ContractOutcome } from "./helpers/contract";
import { startMoto, type Moto } from "./helpers/moto";
import { recordRawAnswers, type RawAnswer } from "./helpers/raw-answers";

const APP = "contract-app";
const GROUP = "contract-group";
const ROLE = "arn:aws:iam::123456789012:role/CodeDeployServiceRole";
const ARN = `arn:aws:codedeploy:us-east-1:123456789012:application:${APP}`;
const BUCKET = "contract-deploy-bucket";

interface Target {
  cd: CodeDeployClient;
  answers: RawAnswer[];
  deploymentId?: string;
}

function target(endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }): Target {
  const cd = new CodeDeployClient({ endpoint, region: "us-east-1", credentials, maxAttempts: 1 });
  const answers: RawAnswer[] = [];
  recordRawAnswers(cd as unknown as CodePipelineClient, answers);
  return { cd, answers };
}

interface Step {
  service: "codedeploy";
  operation: string;
  expectError?: boolean;
  run(t: Target): Promise<unknown>;
}

const REVISION = {
  revisionType: "S3" as const,
  s3Location: { bucket: BUCKET, key: "contract/app.zip", bundleType: "zip" as const },
};

const STEPS: Step[] = [
  {
    service: "codedeploy",
    operation: "CreateApplication",
    run: (t) =>
      t.cd.send(
        new CreateApplicationCommand({
          applicationName: APP,
          computePlatform: "Server",
          tags: [{ Key: "team", Value: "web" }],
        }),
      ),
  },
  {
    service: "codedeploy",
    operation: "GetApplication",
    run: (t) => t.cd.send(new GetApplicationCommand({ applicationName: APP })),
  },
  {
    service: "codedeploy",
    operation: "BatchGetApplications",
    run: (t) => t.cd.send(new BatchGetApplicationsCommand({ applicationNames: [APP] })),
  },
  {
    service: "codedeploy",
    operation: "ListApplications",
    run: (t) => t.cd.send(new ListApplicationsCommand({})),
  },
  {
    service: "codedeploy",
    operation: "CreateDeploymentGroup",
    run: (t) =>
      t.cd.send(
        new CreateDeploymentGroupCommand({
          applicationName: APP,
          deploymentGroupName: GROUP,
          serviceRoleArn: ROLE,
          deploymentConfigName: "CodeDeployDefault.OneAtATime",
          ec2TagFilters: [{ Key: "Application", Value: APP, Type: "KEY_AND_VALUE" }],
          autoRollbackConfiguration: { enabled: true, events: ["DEPLOYMENT_FAILURE"] },
          alarmConfiguration: { enabled: true, alarms: [{ name: "contract-5xx" }] },
          deploymentStyle: { deploymentType: "IN_PLACE", deploymentOption: "WITH_TRAFFIC_CONTROL" },
          loadBalancerInfo: { targetGroupInfoList: [{ name: "contract-tg" }] },
          blueGreenDeploymentConfiguration: {
            terminateBlueInstancesOnDeploymentSuccess: {
              action: "TERMINATE",
              terminationWaitTimeInMinutes: 5,
            },
            deploymentReadyOption: { actionOnTimeout: "CONTINUE_DEPLOYMENT", waitTimeInMinutes: 0 },
            greenFleetProvisioningOption: { action: "DISCOVER_EXISTING" },
          },
        }),
      ),
  },
  {
    service: "codedeploy",
    operation: "ListDeploymentGroups",
    run: (t) => t.cd.send(new ListDeploymentGroupsCommand({ applicationName: APP })),
  },
  {
    service: "codedeploy",
    operation: "CreateDeployment",
    run: async (t) => {
      const answer = await t.cd.send(
        new CreateDeploymentCommand({
          applicationName: APP,
          deploymentGroupName: GROUP,
          revision: REVISION,
          description: "contract",
        }),
      );
      t.deploymentId = answer.deploymentId;
      // A group with no instances: CodeDeploy fails the deployment at once (NO_INSTANCES), with its errorInformation.
      await new Promise((resolve) => setTimeout(resolve, 200));
      return answer;
    },
  },
  {
    service: "codedeploy",
    operation: "GetDeploymentGroup",
    run: (t) =>
      t.cd.send(new GetDeploymentGroupCommand({ applicationName: APP, deploymentGroupName: GROUP })),
  },
  {
    service: "codedeploy",
    operation: "GetDeployment",
    run: (t) => t.cd.send(new GetDeploymentCommand({ deploymentId: t.deploymentId })),
  },
  {
    service: "codedeploy",
    operation: "BatchGetDeployments",
    run: (t) => t.cd.send(new BatchGetDeploymentsCommand({ deploymentIds: [t.deploymentId ?? ""] })),
  },
  {
    service: "codedeploy",
    operation: "ListDeployments",
    run: (t) => t.cd.send(new ListDeploymentsCommand({ applicationName: APP, deploymentGroupName: GROUP })),
  },
  {
    service: "codedeploy",
    operation: "TagResource",
    run: (t) =>
      t.cd.send(new TagResourceCommand({ ResourceArn: ARN, Tags: [{ Key: "stage", Value: "prod" }] })),
  },
  {
    service: "codedeploy",
    operation: "UntagResource",
    run: (t) => t.cd.send(new UntagResourceCommand({ ResourceArn: ARN, TagKeys: ["team"] })),
  },
  {
    service: "codedeploy",
    operation: "ListTagsForResource",
    run: (t) => t.cd.send(new ListTagsForResourceCommand({ ResourceArn: ARN })),
  },
  {
    service: "codedeploy",
    operation: "GetApplication",
    expectError: true,
    run: (t) => t.cd.send(new GetApplicationCommand({ applicationName: "missing-app" })),
  },
  {
    service: "codedeploy",
    operation: "CreateApplication",
    expectError: true,
    run: (t) => t.cd.send(new CreateApplicationCommand({ applicationName: APP })),
  },
  {
    service: "codedeploy",
    operation: "GetDeploymentGroup",
    expectError: true,
    run: (t) =>
      t.cd.send(
        new GetDeploymentGroupCommand({ applicationName: APP, deploymentGroupName: "missing-group" }),
      ),
  },
];

/**
 * moto answers some members it has no value for as empty placeholders ("" for nextToken, {} for a
 * deployment group's lastSuccessfulDeployment before any success): AWS leaves absent members out
 * (JSON protocols), so they are dropped from moto's answer — each with a note — before judging.
 */
function withoutPlaceholders(answer: RawAnswer, operation: string, notes: string[]): RawAnswer {
  const strip = (value: unknown, path: string): unknown => {
    if (Array.isArray(value)) return value.map((v) => strip(v, `${path}[]`));
    if (typeof value !== "object" || value === null) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const where = path ? `${path}.${k}` : k;
      const empty =
        v === "" || (typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);
      if (empty)
        notes.push(`${operation}: moto returns ${where} as an empty placeholder (${JSON.stringify(v)})`);
      else out[k] = strip(v, where);
    }
    return out;
  };
  return { ...answer, body: strip(answer.body, "") };
}

describe("contract: CodeDeploy in the simulator vs moto, judged by the botocore model", () => {
  let moto: Moto | undefined;
  let sim: Simulator;
  const outcomes: ContractOutcome[] = [];
  const notes: string[] = [];

  before(async () => {
    sim = await startSimulator({ speed: 100 });
    moto = await startMoto();
    const motoTarget = target(moto.url, { accessKeyId: "testing", secretAccessKey: "testing" });
    const simTarget = target(sim.url, sim.credentials);
    try {
      const motoAnswers = await runSequence("moto", STEPS, motoTarget, motoTarget.answers);
      const simAnswers = await runSequence("simulator", STEPS, simTarget, simTarget.answers);
      STEPS.forEach((step, i) =>
        outcomes.push({
          step,
          moto: withoutPlaceholders(motoAnswers[i]!, step.operation, notes),
          sim: simAnswers[i]!,
        }),
      );
    } finally {
      motoTarget.cd.destroy();
      simTarget.cd.destroy();
    }
  });

  after(async () => {
    await moto?.stop();
    await sim?.close();
  });

  it("runs the whole sequence on both", () => {
    assert.equal(outcomes.length, STEPS.length);
  });

  judgeContract({ outcomes, notes, minCompared: 10 });
});

describe("contract: S3 PutObject and HeadObject in the simulator vs moto", () => {
  let moto: Moto | undefined;
  let sim: Simulator;
  const heads: Record<"sim" | "moto", Record<string, Record<string, string>>> = { sim: {}, moto: {} };

  async function sequence(
    who: "sim" | "moto",
    endpoint: string,
    credentials: { accessKeyId: string; secretAccessKey: string },
  ) {
    const s3 = new S3Client({
      endpoint,
      region: "us-east-1",
      credentials,
      forcePathStyle: true,
      maxAttempts: 1,
    });
    type Next = (
      args: unknown,
    ) => Promise<{ response: { statusCode: number; headers: Record<string, string> } }>;
    s3.middlewareStack.add(
      ((next: Next, context: { commandName?: string }) => async (args: unknown) => {
        const result = await next(args);
        heads[who][(context.commandName ?? "").replace(/Command$/, "")] = result.response.headers;
        return result;
      }) as never,
      { step: "deserialize", name: "recordHeaders", priority: "low" },
    );
    try {
      await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
      const body = Buffer.from("PK\u0005\u0006" + "\u0000".repeat(18));
      const put = await s3.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: "contract/app.zip", Body: body }),
      );
      const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "contract/app.zip" }));
      const missing = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "contract/none.zip" })).then(
        () => undefined,
        (e: unknown) => e as { name?: string; $metadata?: { httpStatusCode?: number } },
      );
      return { put, head, missing };
    } finally {
      s3.destroy();
    }
  }

  let results: Record<"sim" | "moto", Awaited<ReturnType<typeof sequence>>>;
  before(async () => {
    sim = await startSimulator({ speed: 100 });
    moto = await startMoto();
    results = {
      moto: await sequence("moto", moto.url, { accessKeyId: "testing", secretAccessKey: "testing" }),
      sim: await sequence("sim", sim.url, sim.credentials),
    };
  });
  after(async () => {
    await moto?.stop();
    await sim?.close();
  });

  it("both answer the same ETag (the body's MD5) and length, and 404 NotFound for a missing key", () => {
    assert.equal(results.sim.put.ETag, results.moto.put.ETag);
    assert.equal(results.sim.head.ETag, results.moto.head.ETag);
    assert.equal(results.sim.head.ContentLength, results.moto.head.ContentLength);
    assert.equal(results.sim.missing?.$metadata?.httpStatusCode, 404);
    assert.equal(results.sim.missing?.name, results.moto.missing?.name);
  });

  it("the simulator sends every object header moto sends that the SDK reads for HeadObject", (t) => {
    const read = [
      "etag",
      "content-length",
      "last-modified",
      "content-type",
      "x-amz-version-id",
      "x-amz-server-side-encryption",
      "accept-ranges",
    ];
    const missing = read.filter(
      (h) => heads.moto.HeadObject?.[h] !== undefined && heads.sim.HeadObject?.[h] === undefined,
    );
    for (const h of Object.keys(heads.moto.HeadObject ?? {}))
      if (!(h in (heads.sim.HeadObject ?? {})))
        t.diagnostic(`moto sends ${h} on HeadObject, the simulator does not`);
    assert.deepEqual(missing, []);
  });
});
