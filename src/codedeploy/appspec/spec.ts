/** The AppSpec file reference (version 0.0), as data: keys, lifecycle hooks and a line of documentation each. */

export type AppSpecPlatform = "Server" | "ECS" | "Lambda";

export interface KeyDoc {
  readonly doc: string;
  readonly values?: readonly string[];
  /** How completion inserts it: a scalar (`key: `), a list (`key:\n  - `) or a map (`key:\n  `). */
  readonly shape: "scalar" | "list" | "map";
}

/** Top-level keys of an EC2/on-premises appspec. */
export const SERVER_KEYS: Readonly<Record<string, KeyDoc>> = {
  version: { shape: "scalar", doc: "Required. The AppSpec version: `0.0`.", values: ["0.0"] },
  os: {
    shape: "scalar",
    doc: "Required for EC2/on-premises: the instances' operating system, `linux` or `windows`.",
    values: ["linux", "windows"],
  },
  files: {
    shape: "list",
    doc: "What the agent copies from the revision to the instance during Install: a list of `source` (a file or folder in the bundle; `/` is all of it) and `destination` (a folder on the instance).",
  },
  file_exists_behavior: {
    shape: "scalar",
    doc: "What Install does with a file already at the destination that the last deployment did not put there: `DISALLOW` (fail, the default), `OVERWRITE` or `RETAIN`.",
    values: ["DISALLOW", "OVERWRITE", "RETAIN"],
  },
  permissions: {
    shape: "list",
    doc: "Linux only: owner, group, mode, ACLs and SELinux context for the files Install copied. Each entry needs `object` (a path on the instance).",
  },
  hooks: {
    shape: "map",
    doc: "Scripts to run at lifecycle events: `EventName:` and a list of `location` (in the bundle), `timeout` (seconds, ≤ 3600) and `runas` (Linux user).",
  },
};

/** Top-level keys of an ECS or Lambda appspec. */
export const RESOURCE_KEYS: Readonly<Record<string, KeyDoc>> = {
  version: { shape: "scalar", doc: "Required. The AppSpec version: `0.0`.", values: ["0.0"] },
  Resources: {
    shape: "list",
    doc: "Required for ECS and Lambda: the service or function to deploy, as `- Name:` with `Type` (`AWS::ECS::Service` or `AWS::Lambda::Function`) and `Properties`.",
  },
  Hooks: {
    shape: "list",
    doc: 'Lambda functions that validate the deployment at lifecycle events: a list of `- EventName: "function-name"`.',
  },
};

export const HOOK_DOCS: Readonly<Record<string, string>> = {
  ApplicationStop:
    "Before the revision is downloaded: stop the application gracefully. Runs the script of the *previous* revision; the first deployment to an instance skips it.",
  BeforeInstall:
    "Before the files are copied: decrypt files, back up the current version, install dependencies.",
  AfterInstall: "After the files are copied: configure the application, change permissions.",
  ApplicationStart: "Start the services that were stopped in ApplicationStop.",
  ValidateService: "The last event: check that the deployment worked (e.g. an HTTP health check).",
  BeforeBlockTraffic: "Before the instance is deregistered from its load balancer.",
  AfterBlockTraffic: "After the instance is deregistered from its load balancer.",
  BeforeAllowTraffic: "Before traffic is routed to the new revision (instance, task set or Lambda version).",
  AfterAllowTraffic: "After traffic is routed to the new revision.",
  AfterAllowTestTraffic:
    "ECS: after the test listener routes traffic to the replacement task set — run tests against it.",
  DownloadBundle:
    "Run by the CodeDeploy agent itself (copies the revision to the instance); it cannot run scripts.",
  Install:
    "Run by CodeDeploy itself (copies the files, or creates the replacement task set); it cannot run scripts.",
  AllowTraffic: "Run by CodeDeploy itself (shifts traffic); it cannot run scripts.",
  BlockTraffic: "Run by CodeDeploy itself (stops traffic); it cannot run scripts.",
  AllowTestTraffic: "Run by CodeDeploy itself (routes test traffic); it cannot run scripts.",
};

/** Hooks each platform runs scripts or functions at. */
export const HOOKS: Readonly<Record<AppSpecPlatform, readonly string[]>> = {
  Server: [
    "ApplicationStop",
    "BeforeInstall",
    "AfterInstall",
    "ApplicationStart",
    "ValidateService",
    "BeforeBlockTraffic",
    "AfterBlockTraffic",
    "BeforeAllowTraffic",
    "AfterAllowTraffic",
  ],
  ECS: ["BeforeInstall", "AfterInstall", "AfterAllowTestTraffic", "BeforeAllowTraffic", "AfterAllowTraffic"],
  Lambda: ["BeforeAllowTraffic", "AfterAllowTraffic"],
};

/** Events CodeDeploy runs itself: naming one in hooks is a mistake. */
export const RESERVED_HOOKS = [
  "DownloadBundle",
  "Install",
  "AllowTraffic",
  "BlockTraffic",
  "AllowTestTraffic",
];

export const SCRIPT_KEYS: Readonly<Record<string, KeyDoc>> = {
  location: { shape: "scalar", doc: "Required. The script's path in the bundle (relative to its root)." },
  timeout: {
    shape: "scalar",
    doc: "Seconds the script may run (default 3600, at most 3600). The hook fails with ScriptTimedOut when it runs longer.",
  },
  runas: { shape: "scalar", doc: "Linux: the user the script runs as (it must not need a password)." },
};

export const FILE_KEYS: Readonly<Record<string, KeyDoc>> = {
  source: {
    shape: "scalar",
    doc: "Required. A file or folder in the revision, relative to its root (`/` is the whole bundle).",
  },
  destination: { shape: "scalar", doc: "Required. The folder on the instance to copy it to." },
};

export const PERMISSION_KEYS: Readonly<Record<string, KeyDoc>> = {
  object: { shape: "scalar", doc: "Required. A file or folder on the instance (after Install)." },
  pattern: { shape: "scalar", doc: "Which files under `object` (a glob, default `**`)." },
  except: { shape: "list", doc: "Files under `object` left alone." },
  owner: { shape: "scalar", doc: "The owner's user name." },
  group: { shape: "scalar", doc: "The group's name." },
  mode: { shape: "scalar", doc: "Octal permissions, e.g. `644` or `4755`." },
  acls: { shape: "list", doc: "ACL entries, e.g. `u:bob:rw`." },
  context: { shape: "map", doc: "SELinux context: `user`, `type`, `range`." },
  type: { shape: "list", doc: "Which kinds of objects: `file`, `directory`." },
};

export const RESOURCE_TYPES = ["AWS::ECS::Service", "AWS::Lambda::Function"] as const;

export const ECS_PROPERTIES: Readonly<Record<string, KeyDoc>> = {
  TaskDefinition: {
    shape: "scalar",
    doc: "Required. The task definition (ARN or family:revision) of the replacement task set; `<TASK_DEFINITION>` is filled in by CodePipeline.",
  },
  LoadBalancerInfo: {
    shape: "map",
    doc: "Required. `ContainerName` and `ContainerPort` of the task definition's container that the load balancer routes traffic to.",
  },
  PlatformVersion: { shape: "scalar", doc: "Fargate platform version, e.g. `LATEST` or `1.4.0`." },
  NetworkConfiguration: {
    shape: "map",
    doc: "`AwsvpcConfiguration`: `Subnets`, `SecurityGroups`, `AssignPublicIp`.",
  },
  CapacityProviderStrategy: {
    shape: "list",
    doc: "Capacity providers: `Base`, `CapacityProvider`, `Weight`.",
  },
};

export const LOAD_BALANCER_KEYS: Readonly<Record<string, KeyDoc>> = {
  ContainerName: {
    shape: "scalar",
    doc: "Required. The container (as named in the task definition) that receives the traffic.",
  },
  ContainerPort: { shape: "scalar", doc: "Required. The port the container listens on, e.g. `8080`." },
};

export const LAMBDA_PROPERTIES: Readonly<Record<string, KeyDoc>> = {
  Name: { shape: "scalar", doc: "Required. The Lambda function's name." },
  Alias: { shape: "scalar", doc: "Required. The alias whose traffic moves (e.g. `live`)." },
  CurrentVersion: { shape: "scalar", doc: "Required. The version the alias points to now." },
  TargetVersion: { shape: "scalar", doc: "Required. The version to move the alias to." },
};

export const RESOURCE_ENTRY_KEYS: Readonly<Record<string, KeyDoc>> = {
  Type: { shape: "scalar", doc: "`AWS::ECS::Service` or `AWS::Lambda::Function`.", values: RESOURCE_TYPES },
  Properties: { shape: "map", doc: "The service's or function's properties." },
};
