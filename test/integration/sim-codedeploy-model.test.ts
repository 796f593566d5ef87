// Every answer the simulator's CodeDeploy and S3 give — success or error, for deployments in
// every state — checked against botocore's service models: members, required members, types,
// enums, declared errors (CodeDeploy, JSON 1.1), and for S3 (REST-XML) the headers each output
// member is read from.
import assert from "node:assert/strict";
import { gunzipSync } from "node:zlib";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  BatchGetApplicationsCommand,
  BatchGetDeploymentGroupsCommand,
  BatchGetDeploymentsCommand,
  BatchGetDeploymentTargetsCommand,
  CodeDeployClient,
  ContinueDeploymentCommand,
  CreateApplicationCommand,
  CreateDeploymentCommand,
  CreateDeploymentGroupCommand,
  GetApplicationCommand,
  GetApplicationRevisionCommand,
  GetDeploymentCommand,
  GetDeploymentConfigCommand,
  GetDeploymentGroupCommand,
  GetDeploymentTargetCommand,
  ListApplicationRevisionsCommand,
  ListApplicationsCommand,
  ListDeploymentConfigsCommand,
  ListDeploymentGroupsCommand,
  ListDeploymentsCommand,
  ListDeploymentTargetsCommand,
  ListTagsForResourceCommand,
  RegisterApplicationRevisionCommand,
  StopDeploymentCommand,
  TagResourceCommand,
  UntagResourceCommand,
} from "@aws-sdk/client-codedeploy";
import { HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { CodePipelineClient } from "@aws-sdk/client-codepipeline";
import { startSimulator, type Simulator } from "../sim/index";
import { botocoreDataDir, operationErrors, validateOutput } from "./helpers/model-shapes";
import { recordRawAnswers, type RawAnswer } from "./helpers/raw-answers";
import { waitFor } from "./helpers/wait";

/** Errors any AWS JSON service may answer, whatever the operation declares. */
const COMMON_ERRORS = [
  "ThrottlingException",
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "SerializationException",
];
const BUCKET = "acme-deploy-artifacts-123456789012";

const swallow = (p: Promise<unknown>): Promise<unknown> => p.catch((e: unknown) => e);

interface S3Model {
  operations: Record<string, { output?: { shape: string } }>;
  shapes: Record<string, { members?: Record<string, { location?: string; locationName?: string }> }>;
}

function s3Model(): S3Model {
  const root = join(botocoreDataDir(), "s3");
  const version = readdirSync(root).sort().at(-1) ?? "";
  const plain = join(root, version, "service-2.json");
  const text = existsSync(plain)
    ? readFileSync(plain, "utf8")
    : gunzipSync(readFileSync(`${plain}.gz`)).toString("utf8");
  return JSON.parse(text) as S3Model;
}

/** The response headers an S3 output shape reads its members from (lower case), and the prefix of `headers` maps. */
function s3OutputHeaders(operation: string): { names: Set<string>; prefixes: string[] } {
  const model = s3Model();
  const shape = model.shapes[model.operations[operation]?.output?.shape ?? ""];
  const names = new Set<string>();
  const prefixes: string[] = [];
  for (const m of Object.values(shape?.members ?? {})) {
    if (m.location === "header" && m.locationName) names.add(m.locationName.toLowerCase());
    if (m.location === "headers" && m.locationName) prefixes.push(m.locationName.toLowerCase());
  }
  return { names, prefixes };
}

describe("simulator CodeDeploy and S3 answers conform to the botocore service models", () => {
  let sim: Simulator;
  let cd: CodeDeployClient;
  let s3: S3Client;
  const answers: RawAnswer[] = [];
  const s3Answers: { operation: string; status: number; headers: Record<string, string> }[] = [];

  before(async () => {
    sim = await startSimulator({ scenario: "demo", speed: 100 });
    const config = { endpoint: sim.url, region: sim.region, credentials: sim.credentials, maxAttempts: 1 };
    cd = new CodeDeployClient(config);
    s3 = new S3Client({ ...config, forcePathStyle: true });
    recordRawAnswers(cd as unknown as CodePipelineClient, answers);
    type Next = (
      args: unknown,
    ) => Promise<{ response: { statusCode: number; headers: Record<string, string> } }>;
    s3.middlewareStack.add(
      ((next: Next, context: { commandName?: string }) => async (args: unknown) => {
        try {
          const result = await next(args);
          s3Answers.push({
            operation: (context.commandName ?? "").replace(/Command$/, ""),
            status: result.response.statusCode,
            headers: result.response.headers,
          });
          return result;
        } catch (e) {
          const response = (e as { $response?: { statusCode: number; headers: Record<string, string> } })
            .$response;
          if (response)
            s3Answers.push({
              operation: (context.commandName ?? "").replace(/Command$/, ""),
              status: response.statusCode,
              headers: response.headers,
            });
          throw e;
        }
      }) as never,
      { step: "deserialize", name: "recordS3Headers", priority: "low" },
    );

    const apps = (await cd.send(new ListApplicationsCommand({}))).applications ?? [];
    await cd.send(new BatchGetApplicationsCommand({ applicationNames: apps }));
    await cd.send(new GetApplicationCommand({ applicationName: "api-service" }));
    for (const app of apps) {
      const groups =
        (await cd.send(new ListDeploymentGroupsCommand({ applicationName: app }))).deploymentGroups ?? [];
      await cd.send(
        new BatchGetDeploymentGroupsCommand({
          applicationName: app,
          deploymentGroupNames: [...groups, "no-such-group"],
        }),
      );
      for (const group of groups) {
        await cd.send(new GetDeploymentGroupCommand({ applicationName: app, deploymentGroupName: group }));
        const ids =
          (await cd.send(new ListDeploymentsCommand({ applicationName: app, deploymentGroupName: group })))
            .deployments ?? [];
        await cd.send(new BatchGetDeploymentsCommand({ deploymentIds: ids }));
        for (const id of ids) {
          await cd.send(new GetDeploymentCommand({ deploymentId: id }));
          const targets =
            (await cd.send(new ListDeploymentTargetsCommand({ deploymentId: id }))).targetIds ?? [];
          await cd.send(new BatchGetDeploymentTargetsCommand({ deploymentId: id, targetIds: targets }));
          if (targets[0])
            await cd.send(new GetDeploymentTargetCommand({ deploymentId: id, targetId: targets[0] }));
        }
      }
    }
    await cd.send(new ListDeploymentsCommand({ includeOnlyStatuses: ["Failed", "Ready"] }));
    const configs = (await cd.send(new ListDeploymentConfigsCommand({}))).deploymentConfigsList ?? [];
    for (const name of configs) await cd.send(new GetDeploymentConfigCommand({ deploymentConfigName: name }));
    await cd.send(new ListApplicationRevisionsCommand({ applicationName: "api-service" }));

    // A push: S3 PutObject (a stream and a buffer), HeadObject, then register and deploy, in every state.
    const key = "api-service/model-test.zip";
    const put = await s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: Buffer.from("not really a zip") }),
    );
    await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    await swallow(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: "missing.zip" })));
    await swallow(s3.send(new PutObjectCommand({ Bucket: "no-such-bucket-here", Key: key, Body: "x" })));
    const revision = {
      revisionType: "S3" as const,
      s3Location: { bucket: BUCKET, key, bundleType: "zip" as const, eTag: put.ETag },
    };
    await cd.send(
      new RegisterApplicationRevisionCommand({
        applicationName: "api-service",
        revision,
        description: "model test",
      }),
    );
    await cd.send(new GetApplicationRevisionCommand({ applicationName: "api-service", revision }));
    const failing = (
      await cd.send(
        new CreateDeploymentCommand({
          applicationName: "api-service",
          deploymentGroupName: "staging",
          revision,
        }),
      )
    ).deploymentId!;
    const running = (
      await cd.send(
        new CreateDeploymentCommand({
          applicationName: "api-service",
          deploymentGroupName: "production",
          revision: {
            revisionType: "GitHub",
            gitHubLocation: {
              repository: "example-org/api-service",
              commitId: "c5dfa5248d5a23310e488c2527ad9d5ba1501e94",
            },
          },
        }),
      )
    ).deploymentId!;
    await waitFor(
      "production in progress",
      async () =>
        (await cd.send(new GetDeploymentCommand({ deploymentId: running }))).deploymentInfo?.status ===
        "InProgress",
    );
    await cd.send(
      new BatchGetDeploymentTargetsCommand({
        deploymentId: running,
        targetIds: (await cd.send(new ListDeploymentTargetsCommand({ deploymentId: running }))).targetIds,
      }),
    );
    await cd.send(new StopDeploymentCommand({ deploymentId: running, autoRollbackEnabled: true }));
    await waitFor(
      "the failing deployment to end",
      async () =>
        (await cd.send(new GetDeploymentCommand({ deploymentId: failing }))).deploymentInfo?.completeTime !==
        undefined,
    );
    await cd.send(
      new BatchGetDeploymentTargetsCommand({
        deploymentId: failing,
        targetIds: (await cd.send(new ListDeploymentTargetsCommand({ deploymentId: failing }))).targetIds,
      }),
    );
    await cd.send(new BatchGetDeploymentsCommand({ deploymentIds: [failing, running] }));
    const ecs = (
      await cd.send(
        new ListDeploymentsCommand({ applicationName: "web-frontend", deploymentGroupName: "production" }),
      )
    ).deployments?.[0];
    await waitFor(
      "the ECS deployment to wait",
      async () =>
        (await cd.send(new GetDeploymentCommand({ deploymentId: ecs }))).deploymentInfo?.status === "Ready",
    );
    await cd.send(new GetDeploymentCommand({ deploymentId: ecs }));
    await cd.send(new ContinueDeploymentCommand({ deploymentId: ecs, deploymentWaitType: "READY_WAIT" }));
    await cd.send(new GetDeploymentCommand({ deploymentId: ecs }));

    // Creating and tagging.
    await cd.send(
      new CreateApplicationCommand({
        applicationName: "model-app",
        computePlatform: "Server",
        tags: [{ Key: "team", Value: "web" }],
      }),
    );
    await cd.send(
      new CreateDeploymentGroupCommand({
        applicationName: "model-app",
        deploymentGroupName: "g",
        serviceRoleArn: "arn:aws:iam::123456789012:role/CodeDeployServiceRole",
        ec2TagFilters: [{ Key: "app", Value: "model", Type: "KEY_AND_VALUE" }],
      }),
    );
    await cd.send(new GetDeploymentGroupCommand({ applicationName: "model-app", deploymentGroupName: "g" }));
    const arn = "arn:aws:codedeploy:us-east-1:123456789012:application:model-app";
    await cd.send(new TagResourceCommand({ ResourceArn: arn, Tags: [{ Key: "stage", Value: "prod" }] }));
    await cd.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
    await cd.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ["team"] }));

    // Errors.
    await swallow(cd.send(new GetApplicationCommand({ applicationName: "no-such-app" })));
    await swallow(cd.send(new GetDeploymentCommand({ deploymentId: "d-AAAAAAAAA" })));
    await swallow(cd.send(new GetDeploymentCommand({ deploymentId: "not-an-id" })));
    await swallow(
      cd.send(new GetDeploymentGroupCommand({ applicationName: "api-service", deploymentGroupName: "nope" })),
    );
    await swallow(
      cd.send(
        new BatchGetDeploymentsCommand({ deploymentIds: Array.from({ length: 26 }, () => "d-AAAAAAAAA") }),
      ),
    );
    await swallow(cd.send(new StopDeploymentCommand({ deploymentId: failing })));
    await swallow(cd.send(new ContinueDeploymentCommand({ deploymentId: failing })));
    await swallow(cd.send(new CreateApplicationCommand({ applicationName: "api-service" })));
    await swallow(
      cd.send(new GetDeploymentConfigCommand({ deploymentConfigName: "CodeDeployDefault.Nope" })),
    );
    await waitFor(
      "production's rollback to end",
      async () =>
        (
          await cd.send(
            new ListDeploymentsCommand({
              applicationName: "api-service",
              deploymentGroupName: "production",
              includeOnlyStatuses: ["Created", "Queued", "InProgress"],
            }),
          )
        ).deployments?.length === 0,
      { timeoutMs: 20_000 },
    );
    const busy = (
      await cd.send(
        new CreateDeploymentCommand({
          applicationName: "api-service",
          deploymentGroupName: "production",
          revision,
        }),
      )
    ).deploymentId;
    await swallow(
      cd.send(
        new CreateDeploymentCommand({
          applicationName: "api-service",
          deploymentGroupName: "production",
          revision,
        }),
      ),
    );
    await cd.send(new StopDeploymentCommand({ deploymentId: busy }));
  });

  after(async () => {
    cd.destroy();
    s3.destroy();
    await sim.close();
  });

  it("every successful CodeDeploy answer conforms to its output shape", () => {
    const ok = answers.filter((a) => a.status === 200);
    assert.ok(ok.length > 40, `only ${ok.length} answers`);
    const problems = ok.flatMap((a) =>
      validateOutput("codedeploy", a.operation, a.body)
        // The API reference documents MOST_CONCURRENCY for CodeDeployDefault.OneAtATime, which the model's enum lacks.
        .filter(
          (p) =>
            !(a.operation === "GetDeploymentConfig" && /'MOST_CONCURRENCY' is not one of/.test(p.problem)),
        )
        .map((p) => `${a.operation} ${p.path}: ${p.problem}`),
    );
    assert.deepEqual(problems, []);
    const operations = new Set(ok.map((a) => a.operation));
    for (const op of [
      "BatchGetDeploymentTargets",
      "ContinueDeployment",
      "StopDeployment",
      "CreateDeployment",
      "ListDeploymentTargets",
    ])
      assert.ok(operations.has(op), `${op} was answered`);
  });

  it("every CodeDeploy error is one the model declares for its operation", () => {
    const errors = answers.filter((a) => a.status !== 200);
    assert.ok(errors.length >= 9, `${errors.length} errors`);
    for (const a of errors) {
      const code = (a.body as { __type?: string }).__type ?? "";
      assert.equal(a.status, 400, `${a.operation}: ${a.text}`);
      assert.ok(
        operationErrors("codedeploy", a.operation).includes(code) || COMMON_ERRORS.includes(code),
        `${a.operation} answered ${code}`,
      );
    }
  });

  it("S3 answers carry only headers the model reads for the operation, and the ETag", () => {
    const ok = s3Answers.filter((a) => a.status === 200);
    assert.deepEqual(
      ok.map((a) => a.operation),
      ["PutObject", "HeadObject"],
    );
    const transport = new Set([
      "content-length",
      "date",
      "x-amz-request-id",
      "x-amz-id-2",
      "connection",
      "keep-alive",
      "content-type",
      "last-modified",
      "accept-ranges",
    ]);
    for (const a of ok) {
      const { names, prefixes } = s3OutputHeaders(a.operation);
      assert.ok(a.headers.etag ?? a.headers.ETag, `${a.operation} has an ETag`);
      const unknown = Object.keys(a.headers)
        .map((h) => h.toLowerCase())
        .filter((h) => !transport.has(h) && !names.has(h) && !prefixes.some((p) => h.startsWith(p)));
      assert.deepEqual(unknown, [], `${a.operation} headers the model does not read`);
    }
    const missing = s3Answers.filter((a) => a.status === 404).map((a) => a.operation);
    assert.deepEqual(missing, ["HeadObject", "PutObject"], "a missing key and a missing bucket answer 404");
  });
});
