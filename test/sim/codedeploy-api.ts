// CodeDeploy_20141006.* operations: applications, deployment groups, configurations, revisions,
// deployments (create, get, list, stop, continue) and their targets, tags.
import { CodeDeployEngine, type NewDeployment } from "./codedeploy-engine";
import { syncPipelineDeployments } from "./codedeploy-pipeline";
import {
  COMPUTE_PLATFORMS,
  DEPLOYMENT_ID_PATTERN,
  DEPLOYMENT_STATUSES,
  newId,
  type ApplicationRecord,
  type ComputePlatform,
  type DeploymentRecord,
  type GroupRecord,
} from "./codedeploy-model";
import {
  renderApplication,
  renderConfig,
  renderDeployment,
  renderGroup,
  renderRevision,
  renderTarget,
} from "./codedeploy-render";
import { groupKey, type CodeDeployRegion } from "./codedeploy-state";
import { SimError } from "./errors";
import { decodeToken, encodeToken } from "./input";
import type { Handler, OpContext } from "./op-context";
import type { Json } from "./state";

const PAGE = 100;
const err = (code: string, message: string): SimError => new SimError(code, message);

function cdOf(ctx: OpContext): CodeDeployRegion {
  return ctx.region.codedeploy;
}

function engineOf(ctx: OpContext): CodeDeployEngine {
  return new CodeDeployEngine(ctx.clock, ctx.region, ctx.world.s3);
}

function page<T>(items: T[], token: string | undefined, size = PAGE): { items: T[]; nextToken?: string } {
  const start = token
    ? decodeToken(
        token,
        (v): v is { o: number } =>
          typeof v === "object" && v !== null && typeof (v as { o?: unknown }).o === "number",
        () => err("InvalidNextTokenException", "The next token was specified in an invalid format."),
      ).o
    : 0;
  const slice = items.slice(start, start + size);
  return start + size < items.length
    ? { items: slice, nextToken: encodeToken({ o: start + size }) }
    : { items: slice };
}

function deploymentIdOf(ctx: OpContext, member = "deploymentId"): string {
  const id = ctx.input.str(member);
  if (!id) throw err("DeploymentIdRequiredException", "The deployment ID must be specified.");
  if (!DEPLOYMENT_ID_PATTERN.test(id))
    throw err("InvalidDeploymentIdException", `The deployment ID ${id} is not valid.`);
  return id;
}

function platformOf(ctx: OpContext): ComputePlatform {
  const p = ctx.input.str("computePlatform") ?? "Server";
  if (!(COMPUTE_PLATFORMS as readonly string[]).includes(p))
    throw err(
      "InvalidComputePlatformException",
      `The computePlatform ${p} is not valid: use Server, Lambda or ECS.`,
    );
  return p as ComputePlatform;
}

function tagsOf(value: unknown): { Key: string; Value?: string }[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw err("InvalidTagsToAddException", "Tags must be a list.");
  return value.map((t: unknown) => {
    const tag = t as { Key?: unknown; Value?: unknown };
    if (typeof tag.Key !== "string" || tag.Key === "")
      throw err("InvalidTagsToAddException", "Every tag needs a Key.");
    return typeof tag.Value === "string" ? { Key: tag.Key, Value: tag.Value } : { Key: tag.Key };
  });
}

/** The record an ARN names (application, deployment group or config), for the tag operations. */
function taggable(ctx: OpContext): { tags: { Key: string; Value?: string }[] } {
  const arn = ctx.input.str("ResourceArn");
  if (!arn) throw err("ResourceArnRequiredException", "The ARN of a resource is required.");
  const m = /^arn:aws:codedeploy:[^:]*:\d{12}:(application|deploymentgroup):(.+)$/.exec(arn);
  if (!m) throw err("InvalidArnException", `The specified ARN is not in a valid format: ${arn}`);
  const cd = cdOf(ctx);
  if (m[1] === "application") {
    const app = cd.applications.get(m[2] ?? "");
    if (!app) throw err("ApplicationDoesNotExistException", `No application found for name: ${m[2]}`);
    return app;
  }
  const [application = "", ...rest] = (m[2] ?? "").split("/");
  const group = cd.groups.get(groupKey(application, rest.join("/")));
  if (!group)
    throw err(
      "DeploymentGroupDoesNotExistException",
      `No Deployment Group found for name: ${rest.join("/")}`,
    );
  return group;
}

function revisionOf(value: Json | undefined, required: boolean): Json | undefined {
  if (!value) {
    if (required) throw err("RevisionRequiredException", "The revision must be specified.");
    return undefined;
  }
  const type = value.revisionType;
  const bad = (what: string) => err("InvalidRevisionException", what);
  if (type === "S3") {
    const s3 = value.s3Location as { bucket?: unknown; key?: unknown; bundleType?: unknown } | undefined;
    if (!s3 || typeof s3.bucket !== "string" || s3.bucket === "")
      throw bad("The S3 revision needs a bucket.");
    if (typeof s3.key !== "string" || s3.key === "") throw bad("The S3 revision needs a key.");
    const bundleType = s3.bundleType;
    if (
      bundleType !== undefined &&
      (typeof bundleType !== "string" || !["tar", "tgz", "zip", "YAML", "JSON"].includes(bundleType))
    )
      throw bad(`Bundle type ${JSON.stringify(bundleType)} is not one of tar, tgz, zip, YAML, JSON.`);
    return { revisionType: "S3", s3Location: s3 };
  }
  if (type === "GitHub") {
    const gh = value.gitHubLocation as { repository?: unknown; commitId?: unknown } | undefined;
    if (!gh || typeof gh.repository !== "string" || !/^[^/\s]+\/[^/\s]+$/.test(gh.repository))
      throw bad("The GitHub revision needs a repository as owner/name.");
    if (typeof gh.commitId !== "string" || !/^[0-9a-f]{40}$/i.test(gh.commitId))
      throw bad("The GitHub revision needs a full 40-character commit ID.");
    return { revisionType: "GitHub", gitHubLocation: gh };
  }
  if (type === "AppSpecContent" || type === "String") {
    const member = type === "AppSpecContent" ? "appSpecContent" : "string";
    const content = value[member] as { content?: unknown } | undefined;
    if (!content || typeof content.content !== "string" || content.content.trim() === "")
      throw bad("The AppSpec content is empty.");
    return { revisionType: type, [member]: content };
  }
  throw bad(`The revision type ${String(type)} is not valid: use S3, GitHub, String or AppSpecContent.`);
}

function createDeployment(ctx: OpContext): Json {
  const cd = cdOf(ctx);
  const group = cd.group(ctx.input.str("applicationName"), ctx.input.str("deploymentGroupName"));
  const revision =
    revisionOf(ctx.input.obj("revision"), false) ?? (group.api.targetRevision as Json | undefined);
  if (!revision) throw err("RevisionRequiredException", "The revision must be specified.");
  if (group.computePlatform !== "Server" && revision.revisionType === "GitHub")
    throw err(
      "InvalidRevisionException",
      `A ${group.computePlatform} deployment takes an AppSpec (AppSpecContent, String or an S3 YAML/JSON file), not a GitHub revision.`,
    );
  const configName = ctx.input.str("deploymentConfigName");
  if (configName !== undefined) {
    const config = cd.config(configName);
    if (config.computePlatform !== group.computePlatform)
      throw err(
        "InvalidDeploymentConfigNameException",
        `The deployment configuration ${configName} is for the ${config.computePlatform} compute platform, not ${group.computePlatform}.`,
      );
  }
  const description = ctx.input.str("description");
  if (description !== undefined && description.length > 100)
    throw err("DescriptionTooLongException", "The description is too long: at most 100 characters.");
  const fileExists = ctx.input.str("fileExistsBehavior");
  if (fileExists !== undefined && !["DISALLOW", "OVERWRITE", "RETAIN"].includes(fileExists))
    throw err(
      "InvalidFileExistsBehaviorException",
      `fileExistsBehavior ${fileExists} is not one of DISALLOW, OVERWRITE, RETAIN.`,
    );
  const rollback = ctx.input.obj("autoRollbackConfiguration") as
    { enabled?: unknown; events?: unknown } | undefined;
  if (
    rollback &&
    rollback.enabled === true &&
    (!Array.isArray(rollback.events) || rollback.events.length === 0)
  )
    throw err("InvalidAutoRollbackConfigException", "Auto-rollback is enabled but names no events.");
  const active = cd.activeDeployment(group);
  if (active)
    throw err(
      "DeploymentLimitExceededException",
      `The Deployment Group '${group.name}' already has an active Deployment '${active.id}'`,
    );
  const request: NewDeployment = {
    revision,
    ...(configName !== undefined ? { configName } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(ctx.input.bool("ignoreApplicationStopFailures") !== undefined
      ? { ignoreApplicationStopFailures: ctx.input.bool("ignoreApplicationStopFailures") }
      : {}),
    ...(ctx.input.bool("updateOutdatedInstancesOnly") !== undefined
      ? { updateOutdatedInstancesOnly: ctx.input.bool("updateOutdatedInstancesOnly") }
      : {}),
    ...(rollback
      ? {
          autoRollback: {
            enabled: rollback.enabled === true,
            events: Array.isArray(rollback.events) ? rollback.events.map(String) : [],
          },
        }
      : {}),
    ...(fileExists
      ? { fileExistsBehavior: fileExists as NonNullable<NewDeployment["fileExistsBehavior"]> }
      : {}),
    ...(ctx.input.obj("overrideAlarmConfiguration")
      ? { overrideAlarmConfiguration: ctx.input.obj("overrideAlarmConfiguration") }
      : {}),
  };
  const d = engineOf(ctx).create(group, request);
  return { deploymentId: d.id };
}

function groupFromInput(ctx: OpContext, app: ApplicationRecord, existing?: GroupRecord): GroupRecord {
  const input = ctx.input.body;
  const name = ctx.input.str("deploymentGroupName", { min: 1, max: 100 }) ?? "";
  const configName =
    ctx.input.str("deploymentConfigName") ??
    existing?.configName ??
    (app.computePlatform === "Server"
      ? "CodeDeployDefault.OneAtATime"
      : `CodeDeployDefault.${app.computePlatform}AllAtOnce`);
  cdOf(ctx).config(configName);
  const api: Json = { ...(existing?.api ?? {}) };
  for (const member of [
    "ec2TagFilters",
    "onPremisesInstanceTagFilters",
    "autoScalingGroups",
    "serviceRoleArn",
    "triggerConfigurations",
    "alarmConfiguration",
    "autoRollbackConfiguration",
    "outdatedInstancesStrategy",
    "deploymentStyle",
    "blueGreenDeploymentConfiguration",
    "loadBalancerInfo",
    "ec2TagSet",
    "ecsServices",
    "onPremisesTagSet",
    "terminationHookEnabled",
  ]) {
    if (input[member] !== undefined) api[member] = input[member];
  }
  if (Array.isArray(api.autoScalingGroups))
    api.autoScalingGroups = (api.autoScalingGroups as unknown[]).map((n) => ({
      name: String(n),
      hook: `CodeDeploy-managed-automatic-launch-deployment-hook-${name}`,
    }));
  api.ec2TagFilters ??= [];
  api.onPremisesInstanceTagFilters ??= [];
  api.autoScalingGroups ??= [];
  api.triggerConfigurations ??= [];
  api.alarmConfiguration ??= { enabled: false, ignorePollAlarmFailure: false, alarms: [] };
  api.autoRollbackConfiguration ??= { enabled: false, events: [] };
  api.outdatedInstancesStrategy ??= "UPDATE";
  api.deploymentStyle ??= { deploymentType: "IN_PLACE", deploymentOption: "WITHOUT_TRAFFIC_CONTROL" };
  api.terminationHookEnabled ??= false;
  api.ecsServices ??= [];
  return {
    id: existing?.id ?? newId(),
    application: app.name,
    name,
    api,
    configName,
    computePlatform: app.computePlatform,
    instances: existing?.instances ?? [],
    tags: existing?.tags ?? tagsOf(input.tags),
    ...(existing?.ecs ? { ecs: existing.ecs } : {}),
    ...(existing?.lambda ? { lambda: existing.lambda } : {}),
  };
}

function statusesFilter(ctx: OpContext): Set<string> | undefined {
  const list = ctx.input.strList("includeOnlyStatuses");
  if (!list) return undefined;
  for (const s of list)
    if (!(DEPLOYMENT_STATUSES as readonly string[]).includes(s))
      throw err("InvalidDeploymentStatusException", `The deployment status ${s} is not valid.`);
  return new Set(list);
}

function newestFirst(a: DeploymentRecord, b: DeploymentRecord): number {
  return b.created - a.created || b.seq - a.seq;
}

const ops: Record<string, Handler> = {
  CreateApplication(ctx) {
    const cd = cdOf(ctx);
    const name = ctx.input.str("applicationName");
    if (!name) throw err("ApplicationNameRequiredException", "The application name must be specified.");
    if (name.length > 100) throw err("InvalidApplicationNameException", "The application name is too long.");
    if (cd.applications.has(name))
      throw err("ApplicationAlreadyExistsException", `An application with the name ${name} already exists.`);
    const app: ApplicationRecord = {
      id: newId(),
      name,
      computePlatform: platformOf(ctx),
      created: ctx.clock.now(),
      tags: tagsOf(ctx.input.body.tags),
      revisions: new Map(),
    };
    cd.applications.set(name, app);
    return { applicationId: app.id };
  },

  GetApplication(ctx) {
    return { application: renderApplication(cdOf(ctx).application(ctx.input.str("applicationName"))) };
  },

  BatchGetApplications(ctx) {
    const names = ctx.input.strList("applicationNames") ?? [];
    if (names.length > 100)
      throw err(
        "BatchLimitExceededException",
        "The maximum number of names or IDs allowed for this request (100) was exceeded.",
      );
    const cd = cdOf(ctx);
    return { applicationsInfo: names.map((n) => renderApplication(cd.application(n))) };
  },

  ListApplications(ctx) {
    const names = [...cdOf(ctx).applications.keys()].sort();
    const p = page(names, ctx.input.str("nextToken"));
    return { applications: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
  },

  CreateDeploymentGroup(ctx) {
    const cd = cdOf(ctx);
    const app = cd.application(ctx.input.str("applicationName"));
    const name = ctx.input.str("deploymentGroupName");
    if (!name)
      throw err("DeploymentGroupNameRequiredException", "The deployment group name must be specified.");
    if (!ctx.input.str("serviceRoleArn"))
      throw err("RoleRequiredException", "The service role ARN must be specified.");
    if (cd.groups.has(groupKey(app.name, name)))
      throw err(
        "DeploymentGroupAlreadyExistsException",
        `A deployment group with the name ${name} already exists for application ${app.name}.`,
      );
    const group = groupFromInput(ctx, app);
    cd.groups.set(groupKey(app.name, name), group);
    return { deploymentGroupId: group.id };
  },

  GetDeploymentGroup(ctx) {
    const cd = cdOf(ctx);
    return {
      deploymentGroupInfo: renderGroup(
        cd.group(ctx.input.str("applicationName"), ctx.input.str("deploymentGroupName")),
        cd,
      ),
    };
  },

  BatchGetDeploymentGroups(ctx) {
    const cd = cdOf(ctx);
    const app = cd.application(ctx.input.str("applicationName"));
    const names = ctx.input.strList("deploymentGroupNames") ?? [];
    if (names.length === 0)
      throw err("DeploymentGroupNameRequiredException", "The deployment group names must be specified.");
    if (names.length > 100)
      throw err(
        "BatchLimitExceededException",
        "The maximum number of names or IDs allowed for this request (100) was exceeded.",
      );
    const found = names.flatMap((n) => cd.groups.get(groupKey(app.name, n)) ?? []);
    const missing = names.filter((n) => !cd.groups.has(groupKey(app.name, n)));
    return {
      deploymentGroupsInfo: found.map((g) => renderGroup(g, cd)),
      ...(missing.length ? { errorMessage: `Deployment groups not found: ${missing.join(", ")}` } : {}),
    };
  },

  ListDeploymentGroups(ctx) {
    const cd = cdOf(ctx);
    const app = cd.application(ctx.input.str("applicationName"));
    const p = page(
      cd
        .groupsOf(app.name)
        .map((g) => g.name)
        .sort(),
      ctx.input.str("nextToken"),
    );
    return {
      applicationName: app.name,
      deploymentGroups: p.items,
      ...(p.nextToken ? { nextToken: p.nextToken } : {}),
    };
  },

  GetDeploymentConfig(ctx) {
    const name = ctx.input.str("deploymentConfigName");
    if (!name)
      throw err(
        "DeploymentConfigNameRequiredException",
        "The deployment configuration name must be specified.",
      );
    return { deploymentConfigInfo: renderConfig(cdOf(ctx).config(name)) };
  },

  ListDeploymentConfigs(ctx) {
    const p = page([...cdOf(ctx).configs.keys()].sort(), ctx.input.str("nextToken"));
    return { deploymentConfigsList: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
  },

  RegisterApplicationRevision(ctx) {
    const app = cdOf(ctx).application(ctx.input.str("applicationName"));
    const revision = revisionOf(ctx.input.obj("revision"), true) as Json;
    const description = ctx.input.str("description");
    if (description !== undefined && description.length > 100)
      throw err("DescriptionTooLongException", "The description is too long: at most 100 characters.");
    const key = JSON.stringify(revision);
    const known = app.revisions.get(key);
    app.revisions.set(key, {
      location: revision,
      registered: ctx.clock.now(),
      groups: known?.groups ?? new Set(),
      ...(known?.firstUsed ? { firstUsed: known.firstUsed } : {}),
      ...(known?.lastUsed ? { lastUsed: known.lastUsed } : {}),
      ...(description !== undefined ? { description } : {}),
    });
    return undefined;
  },

  GetApplicationRevision(ctx) {
    const app = cdOf(ctx).application(ctx.input.str("applicationName"));
    const revision = revisionOf(ctx.input.obj("revision"), true) as Json;
    const known = app.revisions.get(JSON.stringify(revision));
    if (!known)
      throw err("RevisionDoesNotExistException", "No application revision found for the given revision.");
    const rendered = renderRevision(known);
    return {
      applicationName: app.name,
      revision: known.location,
      revisionInfo: rendered.genericRevisionInfo,
    };
  },

  ListApplicationRevisions(ctx) {
    const app = cdOf(ctx).application(ctx.input.str("applicationName"));
    const bucket = ctx.input.str("s3Bucket");
    const prefix = ctx.input.str("s3KeyPrefix");
    let revisions = [...app.revisions.values()].filter((r) => {
      const s3 = r.location.s3Location as { bucket?: string; key?: string } | undefined;
      return (!bucket || s3?.bucket === bucket) && (!prefix || (s3?.key ?? "").startsWith(prefix));
    });
    const by = ctx.input.str("sortBy") ?? "registerTime";
    const when = (r: (typeof revisions)[number]) =>
      by === "firstUsedTime" ? (r.firstUsed ?? 0) : by === "lastUsedTime" ? (r.lastUsed ?? 0) : r.registered;
    revisions = revisions.sort((a, b) => when(a) - when(b));
    if ((ctx.input.str("sortOrder") ?? "descending") === "descending") revisions.reverse();
    const p = page(revisions, ctx.input.str("nextToken"));
    return { revisions: p.items.map((r) => r.location), ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
  },

  CreateDeployment: createDeployment,

  GetDeployment(ctx) {
    return { deploymentInfo: renderDeployment(cdOf(ctx).deployment(deploymentIdOf(ctx))) };
  },

  BatchGetDeployments(ctx) {
    const ids = ctx.input.strList("deploymentIds") ?? [];
    if (ids.length > 25)
      throw err(
        "BatchLimitExceededException",
        "The maximum number of names or IDs allowed for this request (25) was exceeded.",
      );
    const cd = cdOf(ctx);
    for (const id of ids)
      if (!DEPLOYMENT_ID_PATTERN.test(id))
        throw err("InvalidDeploymentIdException", `The deployment ID ${id} is not valid.`);
    return { deploymentsInfo: ids.flatMap((id) => cd.deployments.get(id) ?? []).map(renderDeployment) };
  },

  ListDeployments(ctx) {
    const cd = cdOf(ctx);
    const application = ctx.input.str("applicationName");
    const groupName = ctx.input.str("deploymentGroupName");
    if (groupName !== undefined && application === undefined)
      throw err(
        "ApplicationNameRequiredException",
        "The application name must be specified with the deployment group name.",
      );
    if (application !== undefined && groupName === undefined)
      throw err(
        "DeploymentGroupNameRequiredException",
        "The deployment group name must be specified with the application name.",
      );
    if (application !== undefined) cd.group(application, groupName);
    const statuses = statusesFilter(ctx);
    const range = ctx.input.obj("createTimeRange") as { start?: number; end?: number } | undefined;
    const externalId = ctx.input.str("externalId");
    const ids = [...cd.deployments.values()]
      .filter(
        (d) =>
          (application === undefined || (d.application === application && d.group === groupName)) &&
          (!statuses || statuses.has(d.status)) &&
          (range?.start === undefined || d.created >= range.start * 1000) &&
          (range?.end === undefined || d.created <= range.end * 1000) &&
          (externalId === undefined || d.externalId === externalId),
      )
      .sort(newestFirst)
      .map((d) => d.id);
    const p = page(ids, ctx.input.str("nextToken"));
    return { deployments: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
  },

  StopDeployment(ctx) {
    const cd = cdOf(ctx);
    const d = cd.deployment(deploymentIdOf(ctx));
    if (d.completed !== undefined)
      throw err("DeploymentAlreadyCompletedException", `The deployment ${d.id} has already completed.`);
    engineOf(ctx).stop(d, ctx.input.bool("autoRollbackEnabled"));
    return { status: "Succeeded", statusMessage: "Stopped the deployment." };
  },

  ContinueDeployment(ctx) {
    const cd = cdOf(ctx);
    const d = cd.deployment(deploymentIdOf(ctx));
    const wait = ctx.input.str("deploymentWaitType") ?? "READY_WAIT";
    if (wait !== "READY_WAIT" && wait !== "TERMINATION_WAIT")
      throw err(
        "InvalidDeploymentWaitTypeException",
        `The wait type ${wait} is not valid: use READY_WAIT or TERMINATION_WAIT.`,
      );
    if (d.completed !== undefined)
      throw err("DeploymentAlreadyCompletedException", `The deployment ${d.id} has already completed.`);
    if (d.deploymentStyle.deploymentType !== "BLUE_GREEN")
      throw err(
        "UnsupportedActionForDeploymentTypeException",
        `The deployment ${d.id} is an in-place deployment: only blue/green deployments wait to continue.`,
      );
    if (d.waiting !== wait)
      throw err(
        "DeploymentIsNotInReadyStateException",
        wait === "READY_WAIT"
          ? `The deployment ${d.id} is not waiting to reroute traffic.`
          : `The deployment ${d.id} is not waiting to terminate the original instances.`,
      );
    engineOf(ctx).continue(d);
    return undefined;
  },

  ListDeploymentTargets(ctx) {
    const d = cdOf(ctx).deployment(deploymentIdOf(ctx));
    const filters = (ctx.input.obj("targetFilters") ?? {}) as Record<string, unknown>;
    for (const k of Object.keys(filters))
      if (k !== "TargetStatus" && k !== "ServerInstanceLabel")
        throw err("InvalidTargetFilterNameException", `The target filter name ${k} is not valid.`);
    const statuses = filters.TargetStatus as string[] | undefined;
    const labels = filters.ServerInstanceLabel as string[] | undefined;
    const ids = d.targets
      .filter(
        (t) =>
          (!statuses || statuses.includes(t.status)) &&
          (!labels || (t.label !== undefined && labels.includes(t.label))),
      )
      .map((t) => t.id);
    const p = page(ids, ctx.input.str("nextToken"));
    return { targetIds: p.items, ...(p.nextToken ? { nextToken: p.nextToken } : {}) };
  },

  BatchGetDeploymentTargets(ctx) {
    const cd = cdOf(ctx);
    const d = cd.deployment(deploymentIdOf(ctx));
    const ids = ctx.input.strList("targetIds") ?? [];
    if (ids.length === 0) throw err("DeploymentTargetIdRequiredException", "A target ID is required.");
    if (ids.length > 25)
      throw err(
        "DeploymentTargetListSizeExceededException",
        "The maximum number of targets that can be associated with a request (25) was exceeded.",
      );
    const group = cd.groups.get(groupKey(d.application, d.group));
    return {
      deploymentTargets: ids.map((id) => {
        const t = d.targets.find((x) => x.id === id);
        if (!t)
          throw err(
            "DeploymentTargetDoesNotExistException",
            `The target ${id} does not exist in deployment ${d.id}.`,
          );
        return renderTarget(d, t, group);
      }),
    };
  },

  GetDeploymentTarget(ctx) {
    const cd = cdOf(ctx);
    const d = cd.deployment(deploymentIdOf(ctx));
    const id = ctx.input.str("targetId");
    if (!id) throw err("DeploymentTargetIdRequiredException", "A target ID is required.");
    const t = d.targets.find((x) => x.id === id);
    if (!t)
      throw err(
        "DeploymentTargetDoesNotExistException",
        `The target ${id} does not exist in deployment ${d.id}.`,
      );
    return { deploymentTarget: renderTarget(d, t, cd.groups.get(groupKey(d.application, d.group))) };
  },

  ListTagsForResource(ctx) {
    return { Tags: taggable(ctx).tags };
  },

  TagResource(ctx) {
    const resource = taggable(ctx);
    const tags = ctx.input.list("Tags", { required: true });
    for (const tag of tagsOf(tags)) {
      const known = resource.tags.find((t) => t.Key === tag.Key);
      if (known) known.Value = tag.Value;
      else resource.tags.push(tag);
    }
    return {};
  },

  UntagResource(ctx) {
    const resource = taggable(ctx);
    const keys = new Set(ctx.input.strList("TagKeys", { required: true }));
    resource.tags = resource.tags.filter((t) => !keys.has(t.Key));
    return {};
  },
};

/** Every operation sees CodePipeline's CodeDeploy actions as the deployments they are. */
export const codedeployOps: Record<string, Handler> = Object.fromEntries(
  Object.entries(ops).map(([name, handler]) => [
    name,
    (ctx: OpContext) => {
      syncPipelineDeployments(ctx.region, ctx.clock);
      return handler(ctx);
    },
  ]),
);
