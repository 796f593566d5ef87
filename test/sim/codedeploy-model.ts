// CodeDeploy records (per region): applications, deployment groups and the targets behind them,
// deployment configurations, registered revisions and deployments with their targets and
// lifecycle events; plus the vocabulary: compute platforms, lifecycle event names, built-in configs.
import { randomBytes, randomUUID } from "node:crypto";
import type { Json } from "./state";

export const COMPUTE_PLATFORMS = ["Server", "Lambda", "ECS"] as const;
export type ComputePlatform = (typeof COMPUTE_PLATFORMS)[number];

export type DeploymentStatus =
  "Created" | "Queued" | "InProgress" | "Baking" | "Succeeded" | "Failed" | "Stopped" | "Ready";
export type TargetStatus =
  "Pending" | "InProgress" | "Succeeded" | "Failed" | "Skipped" | "Unknown" | "Ready";
export type EventStatus = "Pending" | "InProgress" | "Succeeded" | "Failed" | "Skipped" | "Unknown";
export type Creator = "user" | "autoscaling" | "codeDeployRollback" | "CodeDeploy";

export const ACTIVE_STATUSES: readonly DeploymentStatus[] = [
  "Created",
  "Queued",
  "InProgress",
  "Ready",
  "Baking",
];
export const DEPLOYMENT_STATUSES: readonly DeploymentStatus[] = [
  "Created",
  "Queued",
  "InProgress",
  "Baking",
  "Succeeded",
  "Failed",
  "Stopped",
  "Ready",
];

/** The lifecycle events of each kind of target, in the order CodeDeploy runs them. */
export const SERVER_INSTALL_EVENTS = [
  "ApplicationStop",
  "DownloadBundle",
  "BeforeInstall",
  "Install",
  "AfterInstall",
  "ApplicationStart",
  "ValidateService",
] as const;
export const SERVER_BLOCK_EVENTS = ["BeforeBlockTraffic", "BlockTraffic", "AfterBlockTraffic"] as const;
export const SERVER_ALLOW_EVENTS = ["BeforeAllowTraffic", "AllowTraffic", "AfterAllowTraffic"] as const;
export const ECS_EVENTS = [
  "BeforeInstall",
  "Install",
  "AfterInstall",
  "AllowTestTraffic",
  "AfterAllowTestTraffic",
  "BeforeAllowTraffic",
  "AllowTraffic",
  "AfterAllowTraffic",
] as const;
export const LAMBDA_EVENTS = ["BeforeAllowTraffic", "AllowTraffic", "AfterAllowTraffic"] as const;

/** Events run by CodeDeploy itself: no script of the user's runs in them. */
export const RESERVED_EVENTS = new Set([
  "DownloadBundle",
  "Install",
  "BlockTraffic",
  "AllowTraffic",
  "AllowTestTraffic",
]);

export interface MinimumHealthyHosts {
  type: "HOST_COUNT" | "FLEET_PERCENT" | "MOST_CONCURRENCY";
  value: number;
}

export interface TrafficRouting {
  type: "TimeBasedCanary" | "TimeBasedLinear" | "AllAtOnce";
  timeBasedCanary?: { canaryPercentage: number; canaryInterval: number };
  timeBasedLinear?: { linearPercentage: number; linearInterval: number };
}

export interface DeploymentConfigRecord {
  id: string;
  name: string;
  computePlatform: ComputePlatform;
  created: number;
  minimumHealthyHosts?: MinimumHealthyHosts;
  trafficRouting?: TrafficRouting;
}

function canary(percent: number, minutes: number): TrafficRouting {
  return { type: "TimeBasedCanary", timeBasedCanary: { canaryPercentage: percent, canaryInterval: minutes } };
}
function linear(percent: number, minutes: number): TrafficRouting {
  return { type: "TimeBasedLinear", timeBasedLinear: { linearPercentage: percent, linearInterval: minutes } };
}
const ALL_AT_ONCE: TrafficRouting = { type: "AllAtOnce" };

/** The configurations every account has (CodeDeployDefault.*), as GetDeploymentConfig answers them. */
export function builtInConfigs(): DeploymentConfigRecord[] {
  const at = Date.UTC(2015, 0, 1);
  const c = (
    name: string,
    computePlatform: ComputePlatform,
    extra: Partial<DeploymentConfigRecord>,
  ): DeploymentConfigRecord => ({
    id: stableUuid(name),
    name: `CodeDeployDefault.${name}`,
    computePlatform,
    created: at,
    ...extra,
  });
  return [
    // The API documents MOST_CONCURRENCY for OneAtATime (a type one cannot set oneself).
    c("OneAtATime", "Server", { minimumHealthyHosts: { type: "MOST_CONCURRENCY", value: 1 } }),
    c("HalfAtATime", "Server", { minimumHealthyHosts: { type: "FLEET_PERCENT", value: 50 } }),
    c("AllAtOnce", "Server", { minimumHealthyHosts: { type: "HOST_COUNT", value: 0 } }),
    c("ECSAllAtOnce", "ECS", { trafficRouting: ALL_AT_ONCE, minimumHealthyHosts: fleet0() }),
    c("ECSCanary10Percent5Minutes", "ECS", { trafficRouting: canary(10, 5), minimumHealthyHosts: fleet0() }),
    c("ECSCanary10Percent15Minutes", "ECS", {
      trafficRouting: canary(10, 15),
      minimumHealthyHosts: fleet0(),
    }),
    c("ECSLinear10PercentEvery1Minutes", "ECS", {
      trafficRouting: linear(10, 1),
      minimumHealthyHosts: fleet0(),
    }),
    c("ECSLinear10PercentEvery3Minutes", "ECS", {
      trafficRouting: linear(10, 3),
      minimumHealthyHosts: fleet0(),
    }),
    c("LambdaAllAtOnce", "Lambda", { trafficRouting: ALL_AT_ONCE, minimumHealthyHosts: fleet0() }),
    c("LambdaCanary10Percent5Minutes", "Lambda", {
      trafficRouting: canary(10, 5),
      minimumHealthyHosts: fleet0(),
    }),
    c("LambdaCanary10Percent10Minutes", "Lambda", {
      trafficRouting: canary(10, 10),
      minimumHealthyHosts: fleet0(),
    }),
    c("LambdaCanary10Percent15Minutes", "Lambda", {
      trafficRouting: canary(10, 15),
      minimumHealthyHosts: fleet0(),
    }),
    c("LambdaCanary10Percent30Minutes", "Lambda", {
      trafficRouting: canary(10, 30),
      minimumHealthyHosts: fleet0(),
    }),
    c("LambdaLinear10PercentEvery1Minute", "Lambda", {
      trafficRouting: linear(10, 1),
      minimumHealthyHosts: fleet0(),
    }),
    c("LambdaLinear10PercentEvery2Minutes", "Lambda", {
      trafficRouting: linear(10, 2),
      minimumHealthyHosts: fleet0(),
    }),
    c("LambdaLinear10PercentEvery3Minutes", "Lambda", {
      trafficRouting: linear(10, 3),
      minimumHealthyHosts: fleet0(),
    }),
    c("LambdaLinear10PercentEvery10Minutes", "Lambda", {
      trafficRouting: linear(10, 10),
      minimumHealthyHosts: fleet0(),
    }),
  ];
}

function fleet0(): MinimumHealthyHosts {
  return { type: "FLEET_PERCENT", value: 0 };
}

/** The same uuid for the same name (built-in configs keep their ids across simulator runs). */
function stableUuid(name: string): string {
  let h = 2166136261;
  const out: string[] = [];
  for (let i = 0; i < 32; i++) {
    h = Math.imul(h ^ (name.charCodeAt(i % name.length) + i), 16777619) >>> 0;
    out.push((h & 15).toString(16));
  }
  const s = out.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-a${s.slice(17, 20)}-${s.slice(20, 32)}`;
}

/** How a simulated instance (or ECS service, Lambda alias) behaves in deployments. */
export interface TargetBehavior {
  /** The lifecycle event whose script fails on this target (new revisions only; rollbacks succeed). */
  failHook?: string;
  /** The script's output, as CodeDeploy's logTail shows it ("[stdout]…" / "[stderr]…" lines). */
  logTail?: string[];
  /** Diagnostics error code of the failure (default ScriptFailed). */
  errorCode?: "ScriptMissing" | "ScriptNotExecutable" | "ScriptTimedOut" | "ScriptFailed" | "UnknownError";
  exitCode?: number;
}

/** A simulated instance of a Server deployment group. */
export interface InstanceSpec extends TargetBehavior {
  id: string;
}

export interface EcsServiceSpec {
  clusterName: string;
  serviceName: string;
  /** The task definition's containers: name and port. */
  containers: { name: string; port: number }[];
  taskDefinition: string;
  behavior?: TargetBehavior;
}

export interface LambdaSpec {
  functionName: string;
  alias: string;
  currentVersion: string;
  behavior?: TargetBehavior;
}

export interface ApplicationRecord {
  id: string;
  name: string;
  computePlatform: ComputePlatform;
  created: number;
  tags: { Key: string; Value?: string }[];
  /** Registered revisions, by their location's JSON. */
  revisions: Map<string, RevisionRecord>;
}

export interface RevisionRecord {
  location: Json;
  description?: string;
  registered: number;
  firstUsed?: number;
  lastUsed?: number;
  groups: Set<string>;
}

export interface GroupRecord {
  id: string;
  application: string;
  name: string;
  /** DeploymentGroupInfo members as the API returns them (minus the computed ones). */
  api: Json;
  configName: string;
  computePlatform: ComputePlatform;
  instances: InstanceSpec[];
  ecs?: EcsServiceSpec;
  lambda?: LambdaSpec;
  tags: { Key: string; Value?: string }[];
  /** Simulated seconds each lifecycle event takes (default 2; DownloadBundle and Install 1). */
  eventSeconds?: Record<string, number>;
  lastSuccessful?: string;
  lastAttempted?: string;
}

export interface EventRecord {
  name: string;
  status: EventStatus;
  start?: number;
  end?: number;
  diagnostics?: { errorCode: string; scriptName: string; message: string; logTail: string };
}

export interface TargetRecord {
  id: string;
  arn: string;
  type: "InstanceTarget" | "ECSTarget" | "LambdaTarget";
  status: TargetStatus;
  updated: number;
  events: EventRecord[];
  label?: "Blue" | "Green";
  behavior: TargetBehavior;
  /** ECS: traffic on the replacement task set (0–100); Lambda: on the target version. */
  trafficWeight?: number;
}

export interface DeploymentRecord {
  seq: number;
  id: string;
  application: string;
  group: string;
  configName: string;
  computePlatform: ComputePlatform;
  status: DeploymentStatus;
  created: number;
  started?: number;
  completed?: number;
  creator: Creator;
  description?: string;
  revision: Json;
  previousRevision?: Json;
  ignoreApplicationStopFailures: boolean;
  updateOutdatedInstancesOnly: boolean;
  autoRollback?: { enabled: boolean; events: string[] };
  fileExistsBehavior: "DISALLOW" | "OVERWRITE" | "RETAIN";
  deploymentStyle: { deploymentType: "IN_PLACE" | "BLUE_GREEN"; deploymentOption: string };
  blueGreen?: Json;
  loadBalancerInfo?: Json;
  errorInformation?: { code: string; message: string };
  rollbackInfo?: {
    rollbackDeploymentId?: string;
    rollbackTriggeringDeploymentId?: string;
    rollbackMessage?: string;
  };
  targets: TargetRecord[];
  /** What the deployment waits for: traffic rerouting (Ready) or the original fleet's termination. */
  waiting?: "READY_WAIT" | "TERMINATION_WAIT";
  terminationWaitStarted: boolean;
  externalId?: string;
  overrideAlarmConfiguration?: Json;
  statusMessages: string[];
  /** Timers of the live deployment (cancelled on stop). */
  timers: (() => void)[];
  /** What runs next when a wait ends. */
  resume?: () => void;
}

/** "d-" and nine capital letters or digits, as CodeDeploy names deployments. */
export function newDeploymentId(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  return `d-${[...randomBytes(9)].map((b) => alphabet[b % alphabet.length]).join("")}`;
}

export const DEPLOYMENT_ID_PATTERN = /^d-[A-Z0-9]{9}$/;

export function newId(): string {
  return randomUUID();
}

/** Traffic routing steps: [percent reached, simulated minutes waited before the next step]. */
export function trafficSteps(
  routing: TrafficRouting | undefined,
): { percent: number; waitMinutes: number }[] {
  if (!routing || routing.type === "AllAtOnce") return [{ percent: 100, waitMinutes: 0 }];
  if (routing.type === "TimeBasedCanary" && routing.timeBasedCanary) {
    const { canaryPercentage, canaryInterval } = routing.timeBasedCanary;
    return [
      { percent: canaryPercentage, waitMinutes: canaryInterval },
      { percent: 100, waitMinutes: 0 },
    ];
  }
  if (routing.type === "TimeBasedLinear" && routing.timeBasedLinear) {
    const { linearPercentage, linearInterval } = routing.timeBasedLinear;
    const steps: { percent: number; waitMinutes: number }[] = [];
    for (let p = linearPercentage; p < 100; p += linearPercentage)
      steps.push({ percent: p, waitMinutes: linearInterval });
    steps.push({ percent: 100, waitMinutes: 0 });
    return steps;
  }
  return [{ percent: 100, waitMinutes: 0 }];
}
