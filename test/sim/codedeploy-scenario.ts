// The `codedeploy` part of a scenario: CodeDeploy applications, their deployment groups and what
// is behind them (instances, an ECS service, a Lambda alias), and each group's deployments — past
// ones laid out with their targets and lifecycle events, and live ones started when the scenario
// loads. The buckets of S3 revisions (and their bundles) are the scenario's `s3` part
// (s3-scenario.ts), seeded first. Format in README.md.
import { createHash } from "node:crypto";
import type { Clock } from "./clock";
import { CodeDeployEngine } from "./codedeploy-engine";
import {
  COMPUTE_PLATFORMS,
  ECS_EVENTS,
  LAMBDA_EVENTS,
  newDeploymentId,
  newId,
  SERVER_INSTALL_EVENTS,
  type ComputePlatform,
  type Creator,
  type DeploymentRecord,
  type EcsServiceSpec,
  type EventRecord,
  type GroupRecord,
  type InstanceSpec,
  type LambdaSpec,
  type TargetRecord,
} from "./codedeploy-model";
import { groupKey } from "./codedeploy-state";
import type { Json, RegionState, World } from "./state";

export interface PastDeploymentSpec {
  /** Succeeded | Failed | Stopped, or InProgress to start a live deployment when the scenario loads. */
  status: "Succeeded" | "Failed" | "Stopped" | "InProgress";
  startedMinutesAgo?: number;
  durationSeconds?: number;
  creator?: Creator;
  description?: string;
  /** S3 {bucket, key, bundleType}, GitHub {repository, commitId} or AppSpec content (ECS, Lambda). */
  revision?: {
    bucket?: string;
    key?: string;
    bundleType?: string;
    repository?: string;
    commitId?: string;
    appspec?: string;
  };
  /** Failed or Stopped: a rollback deployment of the previous revision follows (creator codeDeployRollback). */
  rolledBack?: boolean;
  /** Failed/Stopped: the error shown (default: the hook failure of the group's failing instance, or a
   *  manual stop; a stop by an alarm is `{ code: "ALARM_ACTIVE", message: "… Activated alarms: name" }`). */
  error?: { code: string; message: string };
}

export interface GroupSpec {
  name: string;
  config?: string;
  serviceRole?: string;
  /** EC2/on-premises: the instances (a `failHook` makes that hook's script fail there, with `logTail`). */
  instances?: (InstanceSpec | string)[];
  ecs?: EcsServiceSpec;
  lambda?: LambdaSpec;
  blueGreen?: {
    /** Wait this long for ContinueDeployment before rerouting traffic (STOP_DEPLOYMENT); absent: reroute at once. */
    readyWaitMinutes?: number;
    /** Keep the original fleet this long after rerouting (TERMINATE); absent: KEEP_ALIVE. */
    terminationWaitMinutes?: number;
  };
  loadBalancer?: string;
  /** Auto-rollback events (DEPLOYMENT_FAILURE, DEPLOYMENT_STOP_ON_ALARM, DEPLOYMENT_STOP_ON_REQUEST). */
  autoRollback?: string[];
  alarms?: string[];
  eventSeconds?: Record<string, number>;
  tags?: { Key: string; Value?: string }[];
  deployments?: PastDeploymentSpec[];
}

export interface ApplicationSpec {
  name: string;
  computePlatform?: ComputePlatform;
  tags?: { Key: string; Value?: string }[];
  groups?: GroupSpec[];
}

export interface CodeDeploySpec {
  applications?: ApplicationSpec[];
}

function fail(where: string, what: string): never {
  throw new Error(`invalid scenario ${where}: codedeploy: ${what}`);
}

export function validateCodeDeploy(spec: unknown, where: string): void {
  if (spec === undefined) return;
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) fail(where, "not an object");
  const s = spec as CodeDeploySpec;
  if ("buckets" in s)
    fail(where, 'buckets are declared in the scenario\'s s3 part ({"s3": {"buckets": […]}})');
  for (const a of s.applications ?? []) {
    if (typeof a?.name !== "string" || !a.name) fail(where, "every application needs a name");
    const platform = a.computePlatform ?? "Server";
    if (!(COMPUTE_PLATFORMS as readonly string[]).includes(platform))
      fail(where, `${a.name}: unknown computePlatform ${platform}`);
    for (const g of a.groups ?? []) {
      if (typeof g?.name !== "string" || !g.name) fail(where, `${a.name}: every group needs a name`);
      if (platform === "ECS" && !g.ecs) fail(where, `${a.name}/${g.name}: an ECS group needs "ecs"`);
      if (platform === "Lambda" && !g.lambda)
        fail(where, `${a.name}/${g.name}: a Lambda group needs "lambda"`);
      for (const d of g.deployments ?? [])
        if (!["Succeeded", "Failed", "Stopped", "InProgress"].includes(d?.status))
          fail(
            where,
            `${a.name}/${g.name}: deployment status must be Succeeded, Failed, Stopped or InProgress`,
          );
    }
  }
}

/** Loads the `codedeploy` part of a scenario into `regionName`. */
export function seedCodeDeploy(
  world: World,
  regionName: string,
  clock: Clock,
  spec: CodeDeploySpec | undefined,
  now: number,
): void {
  if (!spec) return;
  const region = world.region(regionName);
  const cd = region.codedeploy;
  const live: { group: GroupRecord; spec: PastDeploymentSpec }[] = [];
  (spec.applications ?? []).forEach((a, i) => {
    const platform = a.computePlatform ?? "Server";
    cd.applications.set(a.name, {
      id: newId(),
      name: a.name,
      computePlatform: platform,
      created: now - 120 * 86_400_000 + i * 60_000,
      tags: a.tags ?? [],
      revisions: new Map(),
    });
    for (const g of a.groups ?? []) {
      const group = groupOf(region, a.name, platform, g);
      cd.groups.set(groupKey(a.name, g.name), group);
      const entries = g.deployments ?? [];
      entries.forEach((d, j) => {
        if (d.status === "InProgress") live.push({ group, spec: d });
        else
          addPastDeployment(
            region,
            world,
            group,
            d,
            now - (d.startedMinutesAgo ?? (entries.length - j) * 240) * 60_000,
          );
      });
    }
  });
  const engine = new CodeDeployEngine(clock, region, world.s3);
  for (const { group, spec: d } of live)
    engine.create(group, {
      revision: revisionOf(d, group),
      ...(d.description ? { description: d.description } : {}),
      ...(d.creator ? { creator: d.creator } : {}),
    });
}

function groupOf(
  region: RegionState,
  application: string,
  platform: ComputePlatform,
  g: GroupSpec,
): GroupRecord {
  const role = g.serviceRole ?? `arn:aws:iam::${region.accountId}:role/CodeDeployServiceRole`;
  const blueGreen = g.blueGreen ?? (platform === "ECS" ? {} : undefined);
  const api: Json = {
    ec2TagFilters:
      platform === "Server" ? [{ Key: "Application", Value: application, Type: "KEY_AND_VALUE" }] : [],
    onPremisesInstanceTagFilters: [],
    autoScalingGroups: [],
    serviceRoleArn: role,
    triggerConfigurations: [],
    alarmConfiguration: {
      enabled: (g.alarms ?? []).length > 0,
      ignorePollAlarmFailure: false,
      alarms: (g.alarms ?? []).map((name) => ({ name })),
    },
    autoRollbackConfiguration: { enabled: (g.autoRollback ?? []).length > 0, events: g.autoRollback ?? [] },
    outdatedInstancesStrategy: "UPDATE",
    deploymentStyle:
      platform !== "Server" || blueGreen
        ? { deploymentType: "BLUE_GREEN", deploymentOption: "WITH_TRAFFIC_CONTROL" }
        : {
            deploymentType: "IN_PLACE",
            deploymentOption: g.loadBalancer ? "WITH_TRAFFIC_CONTROL" : "WITHOUT_TRAFFIC_CONTROL",
          },
    terminationHookEnabled: false,
  };
  if (blueGreen && platform !== "Lambda") {
    api.blueGreenDeploymentConfiguration = {
      terminateBlueInstancesOnDeploymentSuccess:
        blueGreen.terminationWaitMinutes !== undefined
          ? { action: "TERMINATE", terminationWaitTimeInMinutes: blueGreen.terminationWaitMinutes }
          : { action: "KEEP_ALIVE", terminationWaitTimeInMinutes: 0 },
      deploymentReadyOption:
        blueGreen.readyWaitMinutes !== undefined
          ? { actionOnTimeout: "STOP_DEPLOYMENT", waitTimeInMinutes: blueGreen.readyWaitMinutes }
          : { actionOnTimeout: "CONTINUE_DEPLOYMENT", waitTimeInMinutes: 0 },
      ...(platform === "Server"
        ? { greenFleetProvisioningOption: { action: "COPY_AUTO_SCALING_GROUP" } }
        : {}),
    };
  }
  if (g.loadBalancer || platform === "ECS") {
    const name = g.loadBalancer ?? g.ecs?.serviceName ?? application;
    api.loadBalancerInfo =
      platform === "ECS"
        ? {
            targetGroupPairInfoList: [
              {
                targetGroups: [{ name: `${name}-blue` }, { name: `${name}-green` }],
                prodTrafficRoute: {
                  listenerArns: [
                    `arn:aws:elasticloadbalancing:${region.region}:${region.accountId}:listener/app/${name}/1a2b3c4d5e6f7a8b/9c0d1e2f3a4b5c6d`,
                  ],
                },
              },
            ],
          }
        : { targetGroupInfoList: [{ name }] };
  }
  api.ecsServices =
    platform === "ECS" && g.ecs ? [{ serviceName: g.ecs.serviceName, clusterName: g.ecs.clusterName }] : [];
  const instances = (g.instances ?? []).map((i) => (typeof i === "string" ? { id: i } : i));
  return {
    id: newId(),
    application,
    name: g.name,
    api,
    configName:
      g.config ??
      (platform === "Server" ? "CodeDeployDefault.OneAtATime" : `CodeDeployDefault.${platform}AllAtOnce`),
    computePlatform: platform,
    instances,
    ...(g.ecs ? { ecs: g.ecs } : {}),
    ...(g.lambda ? { lambda: g.lambda } : {}),
    tags: g.tags ?? [],
    ...(g.eventSeconds ? { eventSeconds: g.eventSeconds } : {}),
  };
}

function revisionOf(d: PastDeploymentSpec, group: GroupRecord): Json {
  const r = d.revision ?? {};
  if (r.repository)
    return {
      revisionType: "GitHub",
      gitHubLocation: { repository: r.repository, commitId: r.commitId ?? sha(r.repository) },
    };
  if (r.bucket)
    return {
      revisionType: "S3",
      s3Location: {
        bucket: r.bucket,
        key: r.key ?? `${group.application}.zip`,
        bundleType: r.bundleType ?? "zip",
      },
    };
  const content = r.appspec ?? defaultAppSpec(group);
  return {
    revisionType: "AppSpecContent",
    appSpecContent: { content, sha256: createHash("sha256").update(content).digest("hex") },
  };
}

function defaultAppSpec(group: GroupRecord): string {
  if (group.ecs) {
    const c = group.ecs.containers[0];
    return `version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n        TaskDefinition: "${group.ecs.taskDefinition}"\n        LoadBalancerInfo:\n          ContainerName: "${c?.name ?? "app"}"\n          ContainerPort: ${c?.port ?? 80}\n`;
  }
  if (group.lambda) {
    const { functionName, alias, currentVersion } = group.lambda;
    return `version: 0.0\nResources:\n  - ${functionName}:\n      Type: AWS::Lambda::Function\n      Properties:\n        Name: "${functionName}"\n        Alias: "${alias}"\n        CurrentVersion: "${Number(currentVersion) - 1}"\n        TargetVersion: "${currentVersion}"\n`;
  }
  return "version: 0.0\nos: linux\n";
}

function sha(seed: string): string {
  return createHash("sha1").update(seed).digest("hex");
}

/** A finished deployment laid out in the past: its targets' events succeeded, or failed where the group's instance fails. */
function addPastDeployment(
  region: RegionState,
  world: World,
  group: GroupRecord,
  d: PastDeploymentSpec,
  start: number,
): DeploymentRecord {
  const cd = region.codedeploy;
  const duration = (d.durationSeconds ?? 90) * 1000;
  const failing = d.status === "Failed" ? failingTarget(group) : undefined;
  const names: readonly string[] =
    group.computePlatform === "ECS"
      ? ECS_EVENTS
      : group.computePlatform === "Lambda"
        ? LAMBDA_EVENTS
        : SERVER_INSTALL_EVENTS;
  const targetIds = group.ecs
    ? [`${group.ecs.clusterName}:${group.ecs.serviceName}`]
    : group.lambda
      ? [`${group.lambda.functionName}:${group.lambda.alias}`]
      : group.instances.map((i) => i.id);
  const per = duration / Math.max(1, targetIds.length) / names.length;
  let t0 = start + 1000;
  let stopped = false;
  const targets: TargetRecord[] = targetIds.map((id, index) => {
    const behavior = group.instances[index] ?? group.ecs?.behavior ?? group.lambda?.behavior ?? {};
    const events: EventRecord[] = [];
    let status: TargetRecord["status"] = stopped ? "Skipped" : "Succeeded";
    for (const name of names) {
      if (stopped) {
        events.push({ name, status: "Skipped" });
        continue;
      }
      const event: EventRecord = { name, status: "Succeeded", start: t0, end: t0 + per };
      t0 += per;
      if (failing === id && behavior.failHook === name) {
        event.status = "Failed";
        event.diagnostics = {
          errorCode: behavior.errorCode ?? "ScriptFailed",
          scriptName: `scripts/${name.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase()}.sh`,
          message: `Script at specified location: scripts/${name.replace(/([a-z])([A-Z])/g, "$1_$2").toLowerCase()}.sh run as user root failed with exit code ${behavior.exitCode ?? 1}`,
          logTail: (behavior.logTail ?? []).join("\n"),
        };
        status = "Failed";
        stopped = true;
      } else if (
        d.status === "Stopped" &&
        index === Math.floor(targetIds.length / 2) &&
        name === "BeforeInstall"
      ) {
        event.status = "Failed";
        status = "Failed";
        stopped = true;
      }
      events.push(event);
    }
    return {
      id,
      arn: group.ecs
        ? `arn:aws:ecs:${region.region}:${region.accountId}:service/${group.ecs.clusterName}/${group.ecs.serviceName}`
        : group.lambda
          ? `arn:aws:lambda:${region.region}:${region.accountId}:function:${id}`
          : `arn:aws:ec2:${region.region}:${region.accountId}:instance/${id}`,
      type: group.ecs ? "ECSTarget" : group.lambda ? "LambdaTarget" : "InstanceTarget",
      status,
      updated: Math.min(t0, start + duration),
      events,
      behavior,
      ...(group.ecs || group.lambda ? { trafficWeight: status === "Succeeded" ? 100 : 0 } : {}),
    };
  });
  const previous = group.lastSuccessful ? cd.deployments.get(group.lastSuccessful) : undefined;
  const record: DeploymentRecord = {
    seq: cd.nextSeq(),
    id: newDeploymentId(),
    application: group.application,
    group: group.name,
    configName: group.configName,
    computePlatform: group.computePlatform,
    status: d.status,
    created: start,
    started: start + 1000,
    completed: start + duration,
    creator: d.creator ?? "user",
    ...(d.description ? { description: d.description } : {}),
    revision: revisionOf(d, group),
    ...(previous ? { previousRevision: previous.revision } : {}),
    ignoreApplicationStopFailures: false,
    updateOutdatedInstancesOnly: false,
    autoRollback: (group.api.autoRollbackConfiguration as
      { enabled: boolean; events: string[] } | undefined) ?? { enabled: false, events: [] },
    fileExistsBehavior: "DISALLOW",
    deploymentStyle: group.api.deploymentStyle as DeploymentRecord["deploymentStyle"],
    ...(group.api.blueGreenDeploymentConfiguration
      ? { blueGreen: group.api.blueGreenDeploymentConfiguration as Json }
      : {}),
    ...(group.api.loadBalancerInfo ? { loadBalancerInfo: group.api.loadBalancerInfo as Json } : {}),
    ...(d.status === "Failed"
      ? {
          errorInformation: d.error ?? {
            code: "HOOK_EXECUTION_FAILURE",
            message:
              "The overall deployment failed because too many individual instances failed deployment, too few healthy instances are available for deployment, or some instances in your deployment group are experiencing problems.",
          },
        }
      : d.status === "Stopped"
        ? {
            errorInformation: d.error ?? {
              code: "MANUAL_STOP",
              message: "A manual stop action stopped this deployment.",
            },
          }
        : {}),
    targets,
    terminationWaitStarted: false,
    statusMessages: [],
    timers: [],
  };
  cd.deployments.set(record.id, record);
  group.lastAttempted = record.id;
  if (record.status === "Succeeded") group.lastSuccessful = record.id;
  const app = cd.applications.get(group.application);
  const key = JSON.stringify(record.revision);
  if (app) {
    const known = app.revisions.get(key) ?? {
      location: record.revision,
      registered: start,
      groups: new Set<string>(),
    };
    known.firstUsed ??= start;
    known.lastUsed = start;
    known.groups.add(group.name);
    app.revisions.set(key, known);
  }
  if ((d.status === "Failed" || d.status === "Stopped") && d.rolledBack && previous) {
    const rollback = addPastDeployment(
      region,
      world,
      group,
      {
        status: "Succeeded",
        creator: "codeDeployRollback",
        durationSeconds: d.durationSeconds,
        revision: undefined,
      },
      start + duration + 5000,
    );
    rollback.revision = previous.revision;
    rollback.rollbackInfo = {
      rollbackTriggeringDeploymentId: record.id,
      rollbackMessage: `Rollback of deployment ${record.id}.`,
    };
    record.rollbackInfo = {
      rollbackDeploymentId: rollback.id,
      rollbackMessage: `The deployment was rolled back by deployment ${rollback.id} to the last successful revision.`,
    };
  }
  return record;
}

function failingTarget(group: GroupRecord): string | undefined {
  if (group.ecs?.behavior?.failHook) return `${group.ecs.clusterName}:${group.ecs.serviceName}`;
  if (group.lambda?.behavior?.failHook) return `${group.lambda.functionName}:${group.lambda.alias}`;
  return group.instances.find((i) => i.failHook)?.id;
}
