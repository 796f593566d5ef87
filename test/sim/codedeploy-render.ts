// CodeDeploy records as the API answers them (timestamps in epoch seconds, absent members left out).
import type {
  ApplicationRecord,
  DeploymentConfigRecord,
  DeploymentRecord,
  GroupRecord,
  RevisionRecord,
  TargetRecord,
} from "./codedeploy-model";
import type { CodeDeployRegion } from "./codedeploy-state";
import type { Json } from "./state";

const seconds = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : ms / 1000);

function compact(o: Json): Json {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

export function renderApplication(a: ApplicationRecord): Json {
  return {
    applicationId: a.id,
    applicationName: a.name,
    createTime: seconds(a.created),
    linkedToGitHub: false,
    computePlatform: a.computePlatform,
  };
}

export function renderGroup(g: GroupRecord, cd: CodeDeployRegion): Json {
  const last = (id: string | undefined): Json | undefined => {
    const d = id ? cd.deployments.get(id) : undefined;
    return d
      ? compact({
          deploymentId: d.id,
          status: d.status,
          endTime: seconds(d.completed),
          createTime: seconds(d.created),
        })
      : undefined;
  };
  const target = g.lastAttempted ? cd.deployments.get(g.lastAttempted)?.revision : undefined;
  return compact({
    applicationName: g.application,
    deploymentGroupId: g.id,
    deploymentGroupName: g.name,
    deploymentConfigName: g.configName,
    ...g.api,
    computePlatform: g.computePlatform,
    targetRevision: target,
    lastSuccessfulDeployment: last(g.lastSuccessful),
    lastAttemptedDeployment: last(g.lastAttempted),
  });
}

export function renderConfig(c: DeploymentConfigRecord): Json {
  return compact({
    deploymentConfigId: c.id,
    deploymentConfigName: c.name,
    minimumHealthyHosts: c.minimumHealthyHosts,
    createTime: seconds(c.created),
    computePlatform: c.computePlatform,
    trafficRoutingConfig:
      c.trafficRouting ?? (c.computePlatform === "Server" ? undefined : { type: "AllAtOnce" }),
  });
}

export function renderDeployment(d: DeploymentRecord): Json {
  const count = (status: string) => d.targets.filter((t) => t.status === status).length;
  return compact({
    applicationName: d.application,
    deploymentGroupName: d.group,
    deploymentConfigName: d.configName,
    deploymentId: d.id,
    previousRevision: d.previousRevision,
    revision: d.revision,
    status: d.status,
    errorInformation: d.errorInformation,
    createTime: seconds(d.created),
    startTime: seconds(d.started),
    completeTime: seconds(d.completed),
    deploymentOverview: {
      Pending: count("Pending"),
      InProgress: count("InProgress"),
      Succeeded: count("Succeeded"),
      Failed: count("Failed"),
      Skipped: count("Skipped"),
      Ready: count("Ready"),
    },
    description: d.description,
    creator: d.creator,
    ignoreApplicationStopFailures: d.ignoreApplicationStopFailures,
    autoRollbackConfiguration: d.autoRollback,
    updateOutdatedInstancesOnly: d.updateOutdatedInstancesOnly,
    rollbackInfo: d.rollbackInfo ? compact({ ...d.rollbackInfo }) : undefined,
    deploymentStyle: d.deploymentStyle,
    instanceTerminationWaitTimeStarted: d.terminationWaitStarted,
    blueGreenDeploymentConfiguration: d.blueGreen,
    loadBalancerInfo: d.loadBalancerInfo,
    fileExistsBehavior: d.computePlatform === "Server" ? d.fileExistsBehavior : undefined,
    deploymentStatusMessages: d.statusMessages,
    computePlatform: d.computePlatform,
    externalId: d.externalId,
    overrideAlarmConfiguration: d.overrideAlarmConfiguration,
  });
}

export function renderTarget(d: DeploymentRecord, t: TargetRecord, group: GroupRecord | undefined): Json {
  const common = {
    deploymentId: d.id,
    targetId: t.id,
    targetArn: t.arn,
    status: t.status,
    lastUpdatedAt: seconds(t.updated),
    lifecycleEvents: t.events.map((e) =>
      compact({
        lifecycleEventName: e.name,
        diagnostics: e.diagnostics,
        startTime: seconds(e.start),
        endTime: seconds(e.end),
        status: e.status,
      }),
    ),
  };
  if (t.type === "InstanceTarget")
    return {
      deploymentTargetType: "InstanceTarget",
      instanceTarget: compact({ ...common, instanceLabel: t.label }),
    };
  const weight = t.trafficWeight ?? 0;
  if (t.type === "LambdaTarget") {
    const lambda = group?.lambda;
    return {
      deploymentTargetType: "LambdaTarget",
      lambdaTarget: {
        ...common,
        lambdaFunctionInfo: compact({
          functionName: lambda?.functionName,
          functionAlias: lambda?.alias,
          currentVersion: lambda?.currentVersion,
          targetVersion: lambda ? String(Number(lambda.currentVersion) + 1) : undefined,
          targetVersionWeight: weight / 100,
        }),
      },
    };
  }
  const taskSet = (label: "Blue" | "Green", trafficWeight: number, id: string): Json => ({
    identifer: id,
    desiredCount: 2,
    pendingCount: 0,
    runningCount: label === "Green" && t.status === "Pending" ? 0 : 2,
    status: label === "Blue" ? "PRIMARY" : "ACTIVE",
    trafficWeight,
    targetGroup: { name: `${group?.ecs?.serviceName ?? "service"}-${label === "Blue" ? "blue" : "green"}` },
    taskSetLabel: label,
  });
  return {
    deploymentTargetType: "ECSTarget",
    ecsTarget: {
      ...common,
      taskSetsInfo: [
        taskSet("Blue", 100 - weight, `ecs-svc/${d.seq.toString().padStart(19, "1")}`),
        taskSet("Green", weight, `ecs-svc/${d.seq.toString().padStart(19, "2")}`),
      ],
    },
  };
}

export function renderRevision(r: RevisionRecord): Json {
  return {
    revisionLocation: r.location,
    genericRevisionInfo: compact({
      description: r.description,
      deploymentGroups: [...r.groups],
      firstUsedTime: seconds(r.firstUsed),
      lastUsedTime: seconds(r.lastUsed),
      registerTime: seconds(r.registered),
    }),
  };
}
