// CodeDeploy as the extension drives it — its gateway, store and bundler with the real SDK
// clients over HTTP — against the simulator's `demo` scenario: the tree's data, a push of the
// sample workspace (zip, tar, tgz) deployed target by target, a failing hook's log tail and the
// automatic rollback, stop with rollback, continue of a blue/green wait, and every bad input
// the issue lists with the words the user gets.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { constants, mkdtempSync, rmSync } from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { after, before, describe, it } from "node:test";
import {
  CodePipelineClient,
  GetPipelineStateCommand,
  RetryStageExecutionCommand,
} from "@aws-sdk/client-codepipeline";
import { AwsClients, fixedClients } from "../../src/aws/clients";
import { classifyError } from "../../src/aws/errors";
import { bundleFolder } from "../../src/codedeploy/bundler";
import { BATCH, CodeDeployGateway } from "../../src/codedeploy/gateway";
import { DEPLOY_ERROR_ADVICE } from "../../src/codedeploy/model/errors";
import { s3Problem, type BundleType } from "../../src/codedeploy/model/push";
import { firstFailure, isActive } from "../../src/codedeploy/model/status";
import type { Deployment, Revision } from "../../src/codedeploy/model/types";
import { DeployStore } from "../../src/codedeploy/store";
import { createSampleWorkspace } from "../../scripts/lib/sampleWorkspace";
import { startSimulator, type Simulator } from "../sim/index";
import { waitFor } from "./helpers/wait";
import { connectionTo, useSimulatorCredentials } from "./world";

const BUCKET = "acme-deploy-artifacts-123456789012";
const signal = () => new AbortController().signal;

interface DeployWorld {
  sim: Simulator;
  clients: AwsClients;
  api: CodeDeployGateway;
  store: DeployStore;
}

async function startDeployWorld(
  speed: number,
  scenario: Parameters<typeof startSimulator>[0] = {},
): Promise<DeployWorld> {
  const sim = await startSimulator({ scenario: "demo", speed, ...scenario });
  useSimulatorCredentials(sim);
  const clients = new AwsClients(connectionTo(sim));
  const api = new CodeDeployGateway(fixedClients(clients));
  return { sim, clients, api, store: new DeployStore(api, 10) };
}

async function closeWorld(w: DeployWorld | undefined): Promise<void> {
  w?.store.dispose();
  w?.clients.dispose();
  await w?.sim.close();
}

async function finished(w: DeployWorld, id: string, timeoutMs = 30_000): Promise<Deployment> {
  return waitFor(
    `deployment ${id} to finish`,
    async () => {
      await w.store.refreshDeployments([id]);
      const d = w.store.deployment(id);
      return d && !isActive(d) ? d : undefined;
    },
    { timeoutMs, intervalMs: 100 },
  );
}

/** What the extension's push does: bundle, upload, register, deploy. */
async function push(
  w: DeployWorld,
  folder: string,
  group: string,
  type: BundleType,
  key: string,
): Promise<Deployment> {
  const bundle = await bundleFolder(folder, type, signal());
  try {
    const uploaded = await w.api.upload(BUCKET, key, bundle.file, bundle.size, signal());
    const revision: Revision = {
      kind: "S3",
      bucket: BUCKET,
      key,
      bundleType: type,
      ...(uploaded.eTag ? { eTag: uploaded.eTag.replace(/"/g, "") } : {}),
      ...(uploaded.versionId ? { version: uploaded.versionId } : {}),
    };
    await w.api.registerRevision("api-service", revision, "main abc1234", signal());
    return await w.store.create(
      { application: "api-service", group, revision, description: "main abc1234" },
      signal(),
    );
  } finally {
    await bundle.dispose();
  }
}

describe("CodeDeploy through the SDK against the simulator", () => {
  let w: DeployWorld;
  let workspace: string;
  const scratch = mkdtempSync(path.join(tmpdir(), "cd-int-"));
  before(async () => {
    w = await startDeployWorld(40);
    workspace = createSampleWorkspace(path.join(scratch, "workspace"), { fresh: true });
  });
  after(async () => {
    await closeWorld(w);
    rmSync(scratch, { recursive: true, force: true });
  });

  it("lists an application per compute platform, each with its groups and their last deployment", async () => {
    const apps = await w.store.loadApplications();
    assert.deepEqual(
      apps.map((a) => `${a.name}:${a.computePlatform}`),
      ["api-service:Server", "orders-function:Lambda", "web-frontend:ECS"],
    );
    await w.store.loadGroups("api-service");
    const groups = w.store.groupsOf("api-service") ?? [];
    assert.deepEqual(
      groups.map((g) => g.name),
      ["production", "staging"],
    );
    const production = groups.find((g) => g.name === "production");
    assert.equal(production?.lastAttempted?.status, "Succeeded");
    assert.deepEqual(production?.alarms.names, ["api-service-5xx-rate", "api-service-p99-latency"]);
    assert.equal(production?.autoRollback.enabled, true);
    const staging = groups.find((g) => g.name === "staging");
    assert.equal(
      staging?.lastAttempted?.status,
      "Succeeded",
      "the rollback of the failed deployment succeeded",
    );
  });

  it("lists a group's deployments newest first, with creator, revision and rollback info", async () => {
    await w.store.loadDeployments("api-service", "staging");
    const deployments = w.store.deploymentsOf("api-service", "staging") ?? [];
    assert.deepEqual(
      deployments.map((d) => `${d.status}:${d.creator}`),
      ["Succeeded:codeDeployRollback", "Failed:user", "Succeeded:user"],
    );
    const [rollback, failed] = deployments;
    assert.equal(failed?.rollback?.rollbackDeploymentId, rollback?.id);
    assert.equal(rollback?.rollback?.triggeredBy, failed?.id);
    assert.equal(failed?.revision.kind, "S3");
    await w.store.loadTargets(failed.id);
    const failure = firstFailure(w.store.targetsOf(failed.id) ?? []);
    assert.equal(failure?.event.name, "ApplicationStart");
    assert.match(failure?.event.diagnostics?.logTail ?? "", /Cannot find module/);
  });

  it("the blue/green ECS deployment of the demo waits for traffic rerouting, its task sets at 0% and 100%", async () => {
    await w.store.loadDeployments("web-frontend", "production");
    const waiting = await waitFor(
      "the ECS deployment to wait (Ready)",
      async () => {
        await w.store.loadDeployments("web-frontend", "production");
        const d = w.store.deploymentsOf("web-frontend", "production")?.[0];
        if (d) await w.store.refreshDeployments([d.id]);
        const fresh = d ? w.store.deployment(d.id) : undefined;
        return fresh?.status === "Ready" ? fresh : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    assert.equal(waiting.waitingFor, "READY_WAIT");
    await w.store.loadTargets(waiting.id);
    const [target] = w.store.targetsOf(waiting.id) ?? [];
    assert.equal(target?.kind, "ECSTarget");
    assert.equal(target?.status, "Ready");
    assert.equal(target?.trafficPercent, 0);
    assert.match(target?.detail ?? "", /Blue 100% .* Green 0%/);
  });

  for (const type of ["zip", "tgz", "tar"] as const) {
    it(`pushes the sample workspace as ${type} and deploys it to production one instance at a time`, async () => {
      const d = await push(w, workspace, "production", type, `api-service/api-service-test.${type}`);
      assert.ok(isActive(d));
      // One at a time: while it runs, never more than one instance is in progress.
      let seenConcurrent = 0;
      const done = await waitFor(
        "the deployment to finish",
        async () => {
          await w.store.refreshDeployments([d.id]);
          const now = w.store.deployment(d.id);
          seenConcurrent = Math.max(seenConcurrent, now?.overview?.InProgress ?? 0);
          return now && !isActive(now) ? now : undefined;
        },
        { timeoutMs: 30_000, intervalMs: 50 },
      );
      assert.equal(done.status, "Succeeded", JSON.stringify(done.error));
      assert.equal(seenConcurrent, 1);
      await w.store.loadTargets(d.id);
      const targets = w.store.targetsOf(d.id) ?? [];
      assert.equal(targets.length, 3);
      for (const t of targets) {
        assert.equal(t.status, "Succeeded");
        assert.deepEqual(
          t.events.map((e) => `${e.name}:${e.status}`),
          [
            "ApplicationStop",
            "DownloadBundle",
            "BeforeInstall",
            "Install",
            "AfterInstall",
            "ApplicationStart",
            "ValidateService",
          ].map((n) => `${n}:Succeeded`),
        );
      }
      const starts = targets.map((t) => t.events[0]?.startTime?.getTime() ?? 0);
      const ends = targets.map((t) => t.events.at(-1)?.endTime?.getTime() ?? 0);
      assert.ok(
        starts[1]! >= ends[0]! && starts[2]! >= ends[1]!,
        "each instance starts after the one before ends",
      );
      const head = await w.api.headObject(BUCKET, `api-service/api-service-test.${type}`, signal());
      assert.ok(head?.eTag);
    });
  }

  it("a hook that fails on one instance fails the deployment with its script's log tail, and it rolls back", async () => {
    const d = await push(w, workspace, "staging", "zip", "api-service/staging-test.zip");
    const done = await finished(w, d.id);
    assert.equal(done.status, "Failed");
    assert.equal(done.error?.code, "HOOK_EXECUTION_FAILURE");
    await w.store.loadTargets(d.id);
    const failure = firstFailure(w.store.targetsOf(d.id) ?? []);
    assert.equal(failure?.target.id, "i-0f93b7c25e1d40011");
    assert.equal(failure?.event.name, "ApplicationStart");
    assert.equal(failure?.event.diagnostics?.errorCode, "ScriptFailed");
    // The script the hook names in the bundle's own appspec.
    assert.equal(failure?.event.diagnostics?.scriptName, "scripts/start_server.sh");
    assert.match(failure?.event.diagnostics?.logTail ?? "", /\[stderr\]Error: Cannot find module/);
    const other = (w.store.targetsOf(d.id) ?? []).find((t) => t.id !== failure?.target.id);
    assert.equal(other?.status, "Skipped");
    const rollbackId = done.rollback?.rollbackDeploymentId;
    assert.ok(rollbackId, "an automatic rollback was started");
    const rollback = await finished(w, rollbackId);
    assert.equal(rollback.creator, "codeDeployRollback");
    assert.equal(rollback.status, "Succeeded");
    assert.equal(rollback.rollback?.triggeredBy, d.id);
  });

  it("stops a running deployment and rolls back: the stop names a manual stop, the rollback redeploys the last good revision", async () => {
    const d = await push(w, workspace, "production", "zip", "api-service/stop-test.zip");
    await waitFor("the deployment to be in progress", async () => {
      await w.store.refreshDeployments([d.id]);
      return w.store.deployment(d.id)?.status === "InProgress";
    });
    await w.store.stop(d.id, true, signal());
    const stopped = await finished(w, d.id);
    assert.equal(stopped.status, "Stopped");
    assert.equal(stopped.error?.code, "MANUAL_STOP");
    const rollbackId = stopped.rollback?.rollbackDeploymentId;
    assert.ok(rollbackId);
    const rollback = await finished(w, rollbackId);
    assert.equal(rollback.status, "Succeeded");
    assert.equal(rollback.revision.kind, "S3");
    assert.equal(
      (rollback.revision as { key: string }).key,
      "api-service/api-service-test.tar",
      "the last good revision",
    );
  });

  it("stops without rolling back: no rollback deployment follows", async () => {
    const d = await push(w, workspace, "production", "zip", "api-service/stop-norollback.zip");
    await w.store.stop(d.id, false, signal());
    const stopped = await finished(w, d.id);
    assert.equal(stopped.status, "Stopped");
    assert.equal(stopped.rollback?.rollbackDeploymentId, undefined);
  });

  it("a group already deploying refuses another deployment, in words that say what to do", async () => {
    const first = await push(w, workspace, "production", "zip", "api-service/limit-1.zip");
    const error = await push(w, workspace, "production", "zip", "api-service/limit-2.zip").then(
      () => undefined,
      (e: unknown) => e,
    );
    const friendly = classifyError(error, {}, DEPLOY_ERROR_ADVICE);
    assert.match(friendly.message, /already deploying: wait for its deployment to finish \(or stop it\)/);
    assert.match(friendly.message, new RegExp(first.id));
    await w.store.stop(first.id, false, signal());
  });

  it("a bucket that does not exist, or is in another region, is named with what to fix; nothing is uploaded", async () => {
    const bundle = await bundleFolder(workspace, "zip", signal());
    try {
      for (const [bucket, expected] of [
        [
          "no-such-bucket-anywhere",
          /The S3 bucket no-such-bucket-anywhere does not exist\. Create it in us-east-1/,
        ],
        [
          "acme-deploy-artifacts-eu-west-1",
          /is in eu-west-1, not us-east-1: CodeDeploy reads revisions from a bucket in the deployment's region/,
        ],
      ] as const) {
        const error = await w.api.upload(bucket, "k.zip", bundle.file, bundle.size, signal()).then(
          () => undefined,
          (e: unknown) => e,
        );
        assert.ok(error, `the upload to ${bucket} was refused`);
        assert.match(s3Problem(error, bucket, "k.zip", "us-east-1") ?? "", expected);
      }
    } finally {
      await bundle.dispose();
    }
  });

  it("a bundle whose upload takes longer than an attempt's timeout is uploaded (a slow uplink)", async () => {
    // The bundle comes through a named pipe at 64 KiB every 100 ms: 2.5 s for 1.5 MiB, where an
    // attempt may take 1 s. The connection is never idle for long, so the upload goes on.
    const dir = mkdtempSync(path.join(tmpdir(), "aws-cicd-slow-"));
    const fifo = path.join(dir, "bundle.zip");
    execFileSync("mkfifo", [fifo]);
    const chunk = Buffer.alloc(64 * 1024, 7);
    const chunks = 24;
    const slow = new AwsClients(connectionTo(w.sim), { connectMs: 1_000, attemptMs: 1_000 });
    const feeding = (async () => {
      const out = await open(fifo, "w");
      try {
        for (let i = 0; i < chunks; i++) {
          await out.write(chunk);
          await new Promise((r) => setTimeout(r, 100));
        }
      } finally {
        await out.close();
      }
    })();
    try {
      const started = Date.now();
      const uploaded = await new CodeDeployGateway(fixedClients(slow)).upload(
        BUCKET,
        "slow.zip",
        fifo,
        chunk.length * chunks,
        signal(),
      );
      assert.ok(Date.now() - started > 2_000, "the upload took longer than an attempt");
      assert.ok(uploaded.eTag, "S3 answered with the object's ETag");
      await feeding;
    } finally {
      // An upload that failed before it opened the pipe leaves the writer waiting for a reader:
      // one that comes and goes lets it go (its next write fails), so the test fails, not hangs.
      await (await open(fifo, constants.O_RDONLY | constants.O_NONBLOCK)).close();
      await feeding.catch(() => undefined);
      slow.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("an ECS revision with a wrong container name fails with a message naming the task definition's containers", async () => {
    await w.store.loadDeployments("web-frontend", "production");
    const waiting = w.store.deploymentsOf("web-frontend", "production")?.find(isActive);
    if (waiting) await w.store.stop(waiting.id, false, signal());
    const appspec =
      'version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n        TaskDefinition: "web-frontend:43"\n        LoadBalancerInfo:\n          ContainerName: "webb"\n          ContainerPort: 8080\n';
    const d = await w.store.create(
      {
        application: "web-frontend",
        group: "production",
        revision: { kind: "AppSpecContent", content: appspec },
      },
      signal(),
    );
    const done = await finished(w, d.id);
    assert.equal(done.status, "Failed");
    assert.equal(done.error?.code, "ECS_UPDATE_ERROR");
    assert.match(done.error?.message ?? "", /container name "webb".*containers: web, log-router/);
  });

  it("reads deployments 25 per BatchGetDeployments and targets 25 per BatchGetDeploymentTargets, never a finished one twice", async () => {
    assert.equal(BATCH.deployments, 25);
    assert.equal(BATCH.targets, 25);
    const many = await startDeployWorld(100, {
      scenario: {
        codedeploy: {
          applications: [
            {
              name: "fleet",
              groups: [
                {
                  name: "all",
                  config: "CodeDeployDefault.AllAtOnce",
                  instances: Array.from({ length: 30 }, (_, i) => `i-${String(i).padStart(17, "0")}`),
                  deployments: Array.from({ length: 30 }, () => ({ status: "Succeeded" as const })),
                },
              ],
            },
          ],
        },
      },
    });
    try {
      const store = new DeployStore(many.api, 30);
      await store.loadDeployments("fleet", "all");
      const describes = () => many.sim.calls.filter((c) => c.operation === "BatchGetDeployments").length;
      assert.equal(describes(), 2, "30 deployments: 25 + 5");
      await store.loadDeployments("fleet", "all");
      assert.equal(describes(), 2, "finished deployments are not described again");
      const id = store.deploymentsOf("fleet", "all")?.[0]?.id ?? "";
      await store.loadTargets(id);
      assert.equal(store.targetsOf(id)?.length, 30);
      assert.equal(many.sim.calls.filter((c) => c.operation === "BatchGetDeploymentTargets").length, 2);
      store.dispose();
    } finally {
      await closeWorld(many);
    }
  });
});

describe("CodeDeploy: what each part of the tree costs", () => {
  let w: DeployWorld | undefined;
  after(() => closeWorld(w));

  it("applications, a group list, a group's deployments, a deployment's targets: two calls each; a finished list one", async () => {
    w = await startDeployWorld(40);
    const world = w;
    const calls = async (load: () => Promise<unknown>): Promise<string[]> => {
      const before = world.sim.calls.length;
      await load();
      return world.sim.calls.slice(before).map((c) => c.operation ?? c.target);
    };
    assert.deepEqual(await calls(() => world.store.loadApplications()), [
      "ListApplications",
      "BatchGetApplications",
    ]);
    assert.deepEqual(await calls(() => world.store.loadGroups("api-service")), [
      "ListDeploymentGroups",
      "BatchGetDeploymentGroups",
    ]);
    // The rows' last deployments that succeeded are described once (a rollback says so).
    assert.deepEqual(await calls(() => world.store.describeLastDeployments("api-service")), [
      "BatchGetDeployments",
    ]);
    assert.deepEqual(await calls(() => world.store.describeLastDeployments("api-service")), []);
    assert.deepEqual(await calls(() => world.store.loadDeployments("api-service", "production")), [
      "ListDeployments",
      "BatchGetDeployments",
    ]);
    assert.deepEqual(
      await calls(() => world.store.loadDeployments("api-service", "production")),
      ["ListDeployments"],
      "finished deployments are not described again",
    );
    const id = world.store.deploymentsOf("api-service", "production")?.[0]?.id ?? "";
    assert.deepEqual(await calls(() => world.store.loadTargets(id)), [
      "ListDeploymentTargets",
      "BatchGetDeploymentTargets",
    ]);
    // A poll of the running deployments someone watches: one call for up to 25 of them.
    const running = await Promise.all(
      ["production", "staging"].map((group) =>
        world.store.create(
          {
            application: "api-service",
            group,
            revision: {
              kind: "S3",
              bucket: BUCKET,
              key: "api-service/api-service-9b7d3a1.zip",
              bundleType: "zip",
            },
          },
          signal(),
        ),
      ),
    );
    assert.deepEqual(await calls(() => world.store.refreshDeployments(running.map((d) => d.id))), [
      "BatchGetDeployments",
    ]);
  });
});

describe("CodeDeploy: continuing a blue/green deployment", () => {
  let w: DeployWorld | undefined;
  after(() => closeWorld(w));

  it("a deployment waiting for rerouting continues on ContinueDeployment and succeeds", async () => {
    w = await startDeployWorld(100, {
      scenario: {
        codedeploy: {
          applications: [
            {
              name: "shop",
              computePlatform: "ECS",
              groups: [
                {
                  name: "live",
                  config: "CodeDeployDefault.ECSAllAtOnce",
                  ecs: {
                    clusterName: "c",
                    serviceName: "shop",
                    taskDefinition: "shop:3",
                    containers: [{ name: "app", port: 80 }],
                  },
                  blueGreen: { readyWaitMinutes: 600 },
                  deployments: [{ status: "InProgress" }],
                },
              ],
            },
          ],
        },
      },
    });
    const world = w;
    await world.store.loadDeployments("shop", "live");
    const id = world.store.deploymentsOf("shop", "live")?.[0]?.id ?? "";
    await waitFor("Ready", async () => {
      await world.store.refreshDeployments([id]);
      return world.store.deployment(id)?.status === "Ready";
    });
    await world.store.continue(id, "READY_WAIT", signal());
    const done = await finished(world, id);
    assert.equal(done.status, "Succeeded");
    await world.store.loadTargets(id);
    assert.equal(world.store.targetsOf(id)?.[0]?.trafficPercent, 100);
    const again = await world.store.continue(id, "READY_WAIT", signal()).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.match(classifyError(again, {}, DEPLOY_ERROR_ADVICE).message, /already finished/);
  });
});

describe("CodeDeploy: a CodePipeline CodeDeploy action is a deployment of its group", () => {
  let w: DeployWorld | undefined;
  after(() => closeWorld(w));

  it("the action's external id answers GetDeployment, listed in the group, described as from CodePipeline", async () => {
    w = await startDeployWorld(100);
    const world = w;
    const cp = new CodePipelineClient({
      endpoint: world.sim.url,
      region: world.sim.region,
      credentials: world.sim.credentials,
    });
    try {
      // api-service-pipeline failed in Build; retrying it runs Deploy, a CodeDeploy action to api-service/production.
      const state = await cp.send(new GetPipelineStateCommand({ name: "api-service-pipeline" }));
      const build = state.stageStates?.find((s) => s.stageName === "Build");
      await cp.send(
        new RetryStageExecutionCommand({
          pipelineName: "api-service-pipeline",
          stageName: "Build",
          pipelineExecutionId: build?.latestExecution?.pipelineExecutionId,
          retryMode: "FAILED_ACTIONS",
        }),
      );
      const deploymentId = await waitFor(
        "the Deploy action's deployment id",
        async () => {
          const s = await cp.send(new GetPipelineStateCommand({ name: "api-service-pipeline" }));
          return s.stageStates?.find((x) => x.stageName === "Deploy")?.actionStates?.[0]?.latestExecution
            ?.externalExecutionId;
        },
        { timeoutMs: 30_000, intervalMs: 100 },
      );
      const d = await finished(world, deploymentId);
      assert.equal(d.status, "Succeeded");
      assert.equal(d.description, "Deployed from CodePipeline api-service-pipeline");
      await world.store.loadDeployments("api-service", "production");
      assert.equal(world.store.deploymentsOf("api-service", "production")?.[0]?.id, deploymentId);
      await world.store.loadTargets(deploymentId);
      assert.deepEqual(
        (world.store.targetsOf(deploymentId) ?? []).map((t) => t.status),
        ["Succeeded", "Succeeded", "Succeeded"],
      );
    } finally {
      cp.destroy();
    }
  });
});
