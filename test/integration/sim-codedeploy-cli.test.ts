// The AWS CLI's own `aws deploy` commands against the simulator — an independent client
// (Debian's AWS CLI v2, botocore's signing and waiters): get-deployment, create-deployment,
// register-application-revision, the `wait deployment-successful` waiter (success and
// failure), and a push's upload with `aws s3 cp` / `aws s3api head-object`.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  CodeDeployClient,
  GetApplicationRevisionCommand,
  ListDeploymentsCommand,
} from "@aws-sdk/client-codedeploy";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { createSampleWorkspace } from "../../scripts/lib/sampleWorkspace";
import { readBundle } from "../sim/codedeploy-bundle";
import { bundleFolder } from "../../src/codedeploy/bundler";
import { startSimulator, type Simulator } from "../sim/index";

const AWS = "/usr/bin/aws";
const BUCKET = "acme-deploy-artifacts-123456789012";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI asynchronously (the simulator answers from this process). */
function aws(sim: Simulator, args: string[], timeoutMs = 120_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      AWS,
      ["--endpoint-url", sim.url, "--region", sim.region, "--output", "json", ...args],
      {
        timeout: timeoutMs,
        env: {
          PATH: process.env.PATH ?? "/usr/bin:/bin",
          HOME: process.env.HOME ?? "/tmp",
          AWS_ACCESS_KEY_ID: sim.credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: sim.credentials.secretAccessKey,
          AWS_CONFIG_FILE: "/dev/null",
          AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
          AWS_PAGER: "",
        },
      },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe(
  "the AWS CLI's `aws deploy` (and `aws s3`) against the simulator",
  { skip: !existsSync(AWS) && "no AWS CLI at /usr/bin/aws" },
  () => {
    let sim: Simulator;
    let cd: CodeDeployClient;
    const scratch = mkdtempSync(path.join(tmpdir(), "cd-cli-"));
    before(async () => {
      sim = await startSimulator({ scenario: "demo", speed: 200 });
      cd = new CodeDeployClient({ endpoint: sim.url, region: sim.region, credentials: sim.credentials });
    });
    after(async () => {
      cd.destroy();
      await sim.close();
      rmSync(scratch, { recursive: true, force: true });
    });

    it("get-deployment shows a deployment of the scenario with its status and revision", async () => {
      const ids = (
        await cd.send(
          new ListDeploymentsCommand({ applicationName: "api-service", deploymentGroupName: "staging" }),
        )
      ).deployments;
      const failed = ids?.[1] ?? "";
      const run = await aws(sim, ["deploy", "get-deployment", "--deployment-id", failed]);
      assert.equal(run.code, 0, run.stderr);
      const info = (JSON.parse(run.stdout) as { deploymentInfo: Record<string, unknown> }).deploymentInfo;
      assert.equal(info.status, "Failed");
      assert.equal(info.deploymentGroupName, "staging");
      assert.equal((info.errorInformation as { code?: string }).code, "HOOK_EXECUTION_FAILURE");
      assert.equal((info.revision as { revisionType?: string }).revisionType, "S3");
    });

    it("a push the CLI's way (s3 cp, register-application-revision), then create-deployment and the waiter see it succeed", async () => {
      // `aws deploy push` itself creates its S3 client without --endpoint-url (CLI 2.9's push.py), so it
      // cannot reach any local endpoint; its two steps are run as the commands they are.
      const workspace = createSampleWorkspace(path.join(scratch, "workspace"), { fresh: true });
      const key = "api-service/cli-push.zip";
      const bundle = await bundleFolder(workspace, "zip", new AbortController().signal);
      const copied = await aws(sim, ["s3", "cp", bundle.file, `s3://${BUCKET}/${key}`]);
      await bundle.dispose();
      assert.equal(copied.code, 0, copied.stderr);
      const head = await aws(sim, ["s3api", "head-object", "--bucket", BUCKET, "--key", key]);
      assert.equal(head.code, 0, head.stderr);
      const eTag = (JSON.parse(head.stdout) as { ETag: string }).ETag.replace(/"/g, "");
      const registeredRun = await aws(sim, [
        "deploy",
        "register-application-revision",
        "--application-name",
        "api-service",
        "--s3-location",
        `bucket=${BUCKET},key=${key},bundleType=zip,eTag=${eTag}`,
        "--description",
        "pushed by the AWS CLI",
      ]);
      assert.equal(registeredRun.code, 0, registeredRun.stderr);

      const revision = {
        revisionType: "S3" as const,
        s3Location: { bucket: BUCKET, key, bundleType: "zip" as const, eTag },
      };
      const registered = await cd.send(
        new GetApplicationRevisionCommand({ applicationName: "api-service", revision }),
      );
      assert.equal(registered.revisionInfo?.description, "pushed by the AWS CLI");
      const s3 = new S3Client({
        endpoint: sim.url,
        region: sim.region,
        credentials: sim.credentials,
        forcePathStyle: true,
      });
      const object = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      const stored = readBundle(Buffer.from(await object.Body!.transformToByteArray()), "zip");
      s3.destroy();
      assert.ok(
        stored?.files.has("appspec.yml") && stored.files.has("scripts/start_server.sh"),
        "the zip holds the appspec and its scripts",
      );

      const created = await aws(sim, [
        "deploy",
        "create-deployment",
        "--application-name",
        "api-service",
        "--deployment-group-name",
        "production",
        "--s3-location",
        `bucket=${BUCKET},key=${key},bundleType=zip,eTag=${eTag}`,
      ]);
      assert.equal(created.code, 0, created.stderr);
      const id = (JSON.parse(created.stdout) as { deploymentId: string }).deploymentId;
      assert.match(id, /^d-[A-Z0-9]{9}$/);
      const waited = await aws(sim, ["deploy", "wait", "deployment-successful", "--deployment-id", id]);
      assert.equal(waited.code, 0, waited.stderr);
      const got = await aws(sim, ["deploy", "get-deployment", "--deployment-id", id]);
      assert.equal(
        (JSON.parse(got.stdout) as { deploymentInfo: { status: string } }).deploymentInfo.status,
        "Succeeded",
      );
    });

    it("the waiter fails on a failed deployment, as the CLI says it does", async () => {
      const created = await aws(sim, [
        "deploy",
        "create-deployment",
        "--application-name",
        "api-service",
        "--deployment-group-name",
        "staging",
        "--s3-location",
        `bucket=${BUCKET},key=api-service/api-service-9b7d3a1.zip,bundleType=zip`,
      ]);
      assert.equal(created.code, 0, created.stderr);
      const id = (JSON.parse(created.stdout) as { deploymentId: string }).deploymentId;
      const waited = await aws(sim, ["deploy", "wait", "deployment-successful", "--deployment-id", id]);
      assert.notEqual(waited.code, 0);
      assert.match(waited.stderr, /Waiter DeploymentSuccessful failed/);
    });

    it("create-deployment into a group already deploying is refused with DeploymentLimitExceededException", async () => {
      // The demo's blue/green ECS deployment waits for traffic rerouting: web-frontend/production is busy.
      const second = await aws(sim, [
        "deploy",
        "create-deployment",
        "--application-name",
        "web-frontend",
        "--deployment-group-name",
        "production",
        "--revision",
        JSON.stringify({
          revisionType: "AppSpecContent",
          appSpecContent: {
            content:
              'version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n        TaskDefinition: "web-frontend:43"\n        LoadBalancerInfo:\n          ContainerName: "web"\n          ContainerPort: 8080\n',
          },
        }),
      ]);
      assert.notEqual(second.code, 0);
      assert.match(second.stderr, /DeploymentLimitExceededException.*already has an active Deployment/);
    });
  },
);
