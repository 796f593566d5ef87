// CodePipeline's CodeDeploy actions as CodeDeploy deployments. The pipeline engine gives a
// CodeDeploy action a deployment id and runs it on its own clock; here each such action whose
// ApplicationName/DeploymentGroupName name a simulated group becomes that group's deployment
// (creator user, described as from CodePipeline), its status and targets following the action's
// run — so GetDeployment of the action's external id answers, as in AWS.
import type { Clock } from "./clock";
import { defaultSeconds } from "./pipeline-engine";
import {
  ECS_EVENTS,
  LAMBDA_EVENTS,
  SERVER_INSTALL_EVENTS,
  type DeploymentRecord,
  type GroupRecord,
  type TargetRecord,
} from "./codedeploy-model";
import { groupKey, type CodeDeployRegion } from "./codedeploy-state";
import type { ActionRun } from "./pipeline-model";
import type { RegionState } from "./state";

/** Brings the region's pipeline-made deployments up to date with their actions. */
export function syncPipelineDeployments(region: RegionState, clock: Clock): void {
  const cd = region.codedeploy;
  for (const pipeline of region.pipelines.values()) {
    for (const execution of pipeline.executions) {
      for (const stage of execution.stages) {
        for (const run of stage.actions.values()) {
          if (!run.decl.actionTypeId.provider.startsWith("CodeDeploy") || !run.externalExecutionId) continue;
          const config = run.resolvedConfiguration;
          const group = cd.groups.get(
            groupKey(config.ApplicationName ?? "", config.DeploymentGroupName ?? ""),
          );
          if (!group) continue;
          const known = cd.deployments.get(run.externalExecutionId);
          if (known && !mirrors.has(known)) continue;
          const d = known ?? create(region, group, run);
          follow(
            cd,
            d,
            group,
            run,
            clock.toWall(
              (pipeline.behaviors.get(`${stage.name}/${run.decl.name}`)?.seconds ??
                defaultSeconds(run.decl)) * 1000,
            ),
          );
        }
      }
    }
  }
}

/** Deployments that mirror a pipeline action (their state is the action's). */
const mirrors = new WeakSet<DeploymentRecord>();

function create(region: RegionState, group: GroupRecord, run: ActionRun): DeploymentRecord {
  const cd = region.codedeploy;
  const input = run.inputS3?.[0];
  const events =
    group.computePlatform === "ECS"
      ? ECS_EVENTS
      : group.computePlatform === "Lambda"
        ? LAMBDA_EVENTS
        : SERVER_INSTALL_EVENTS;
  const previous = group.lastSuccessful ? cd.deployments.get(group.lastSuccessful) : undefined;
  const d: DeploymentRecord = {
    seq: cd.nextSeq(),
    id: run.externalExecutionId ?? "",
    application: group.application,
    group: group.name,
    configName: group.configName,
    computePlatform: group.computePlatform,
    status: "InProgress",
    created: run.startTime,
    started: run.startTime,
    creator: "user",
    description: `Deployed from CodePipeline ${run.execution.pipeline.name}`.slice(0, 100),
    revision: {
      revisionType: "S3",
      s3Location: {
        bucket: input?.bucket ?? run.execution.pipeline.decl.artifactStore.location,
        key: input?.key ?? `${run.execution.pipeline.name}/BuildArtifact/${run.execution.id.slice(0, 7)}`,
        bundleType: "zip",
      },
    },
    ...(previous ? { previousRevision: previous.revision } : {}),
    ignoreApplicationStopFailures: false,
    updateOutdatedInstancesOnly: false,
    fileExistsBehavior: "DISALLOW",
    deploymentStyle: (group.api.deploymentStyle as DeploymentRecord["deploymentStyle"] | undefined) ?? {
      deploymentType: "IN_PLACE",
      deploymentOption: "WITHOUT_TRAFFIC_CONTROL",
    },
    targets: targetsOf(region, group, events),
    terminationWaitStarted: false,
    externalId: run.execution.id,
    statusMessages: [],
    timers: [],
  };
  mirrors.add(d);
  cd.deployments.set(d.id, d);
  return d;
}

function targetsOf(region: RegionState, group: GroupRecord, events: readonly string[]): TargetRecord[] {
  const ids = group.ecs
    ? [`${group.ecs.clusterName}:${group.ecs.serviceName}`]
    : group.lambda
      ? [`${group.lambda.functionName}:${group.lambda.alias}`]
      : group.instances.map((i) => i.id);
  return ids.map((id) => ({
    id,
    arn: `arn:aws:ec2:${region.region}:${region.accountId}:instance/${id}`,
    type: group.ecs ? "ECSTarget" : group.lambda ? "LambdaTarget" : "InstanceTarget",
    status: "Pending",
    updated: Date.now(),
    events: events.map((name) => ({ name, status: "Pending" })),
    behavior: {},
  }));
}

/** The deployment's state at this moment of its action: events done in proportion to the time gone. */
function follow(
  cd: CodeDeployRegion,
  d: DeploymentRecord,
  group: GroupRecord,
  run: ActionRun,
  wallMs: number,
): void {
  const now = Date.now();
  const total = d.targets.reduce((n, t) => n + t.events.length, 0);
  const speedless = Math.max(1, wallMs);
  const done =
    run.status === "InProgress"
      ? Math.min(total - 1, Math.floor(((now - run.startTime) / speedless) * total))
      : total;
  const step = total > 0 ? speedless / total : 0;
  let i = 0;
  for (const t of d.targets) {
    for (const e of t.events) {
      const start = run.startTime + i * step;
      if (i < done) Object.assign(e, { status: "Succeeded", start, end: start + step });
      else if (i === done && run.status === "InProgress")
        Object.assign(e, { status: "InProgress", start, end: undefined });
      else e.status = run.status === "InProgress" ? "Pending" : "Skipped";
      i++;
    }
    const statuses = t.events.map((e) => e.status);
    t.status = statuses.every((s) => s === "Succeeded")
      ? "Succeeded"
      : statuses.includes("InProgress") || (statuses.includes("Succeeded") && statuses.includes("Pending"))
        ? "InProgress"
        : statuses.every((s) => s === "Skipped")
          ? "Skipped"
          : "Pending";
    t.updated = now;
  }
  const last = group.lastAttempted ? cd.deployments.get(group.lastAttempted) : undefined;
  if (!last || last.created <= d.created) group.lastAttempted = d.id;
  if (run.status === "InProgress") return;
  d.status = run.status === "Succeeded" ? "Succeeded" : run.status === "Failed" ? "Failed" : "Stopped";
  d.completed ??= run.lastStatusChange;
  if (d.status === "Failed")
    d.errorInformation = {
      code: "HOOK_EXECUTION_FAILURE",
      message: run.errorDetails?.message ?? "The deployment failed.",
    };
  if (d.status === "Succeeded") group.lastSuccessful = d.id;
}
