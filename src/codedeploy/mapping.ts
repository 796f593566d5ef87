import type {
  ApplicationInfo,
  DeploymentGroupInfo,
  DeploymentInfo,
  DeploymentTarget as SdkTarget,
  LastDeploymentInfo,
  LifecycleEvent as SdkEvent,
  RevisionLocation,
} from "@aws-sdk/client-codedeploy";
import type {
  Application,
  ComputePlatform,
  Deployment,
  DeploymentGroup,
  DeploymentTarget,
  LastDeployment,
  LifecycleEvent,
  Revision,
} from "./model/types";

function platform(value: string | undefined): ComputePlatform {
  return value === "Lambda" || value === "ECS" ? value : "Server";
}

export function toApplication(a: ApplicationInfo): Application {
  return {
    name: a.applicationName ?? "",
    computePlatform: platform(a.computePlatform),
    createTime: a.createTime,
  };
}

function toLast(d: LastDeploymentInfo | undefined): LastDeployment | undefined {
  if (!d?.deploymentId) return undefined;
  return {
    id: d.deploymentId,
    status: d.status ?? "Created",
    createTime: d.createTime,
    endTime: d.endTime,
  };
}

export function toGroup(g: DeploymentGroupInfo): DeploymentGroup {
  const style = g.deploymentStyle;
  const computePlatform = platform(g.computePlatform);
  const lastAttempted = toLast(g.lastAttemptedDeployment);
  const lastSuccessful = toLast(g.lastSuccessfulDeployment);
  return {
    application: g.applicationName ?? "",
    name: g.deploymentGroupName ?? "",
    computePlatform,
    configName: g.deploymentConfigName,
    deploymentType:
      computePlatform !== "Server" || style?.deploymentType === "BLUE_GREEN" ? "BLUE_GREEN" : "IN_PLACE",
    withTrafficControl: style?.deploymentOption === "WITH_TRAFFIC_CONTROL",
    autoRollback: {
      enabled: g.autoRollbackConfiguration?.enabled ?? false,
      events: g.autoRollbackConfiguration?.events ?? [],
    },
    alarms: {
      enabled: g.alarmConfiguration?.enabled ?? false,
      names: (g.alarmConfiguration?.alarms ?? []).flatMap((a) => (a.name ? [a.name] : [])),
    },
    waitsForReroute:
      g.blueGreenDeploymentConfiguration?.deploymentReadyOption?.actionOnTimeout === "STOP_DEPLOYMENT",
    ...(lastAttempted ? { lastAttempted } : {}),
    ...(lastSuccessful ? { lastSuccessful } : {}),
    ecsServices: (g.ecsServices ?? []).map((s) => ({
      cluster: s.clusterName ?? "",
      service: s.serviceName ?? "",
    })),
    serviceRoleArn: g.serviceRoleArn,
  };
}

export function toRevision(r: RevisionLocation | undefined): Revision {
  switch (r?.revisionType) {
    case "S3":
      return {
        kind: "S3",
        bucket: r.s3Location?.bucket ?? "",
        key: r.s3Location?.key ?? "",
        bundleType: r.s3Location?.bundleType,
        version: r.s3Location?.version,
        eTag: r.s3Location?.eTag,
      };
    case "GitHub":
      return {
        kind: "GitHub",
        repository: r.gitHubLocation?.repository ?? "",
        commitId: r.gitHubLocation?.commitId ?? "",
      };
    case "AppSpecContent":
      return {
        kind: "AppSpecContent",
        content: r.appSpecContent?.content ?? "",
        sha256: r.appSpecContent?.sha256,
      };
    case "String":
      return { kind: "String", content: r.string?.content ?? "", sha256: r.string?.sha256 };
    default:
      return { kind: "Unknown" };
  }
}

export function fromRevision(r: Revision): RevisionLocation {
  switch (r.kind) {
    case "S3":
      return {
        revisionType: "S3",
        s3Location: {
          bucket: r.bucket,
          key: r.key,
          bundleType: r.bundleType as "zip" | "tar" | "tgz" | "YAML" | "JSON" | undefined,
          ...(r.version ? { version: r.version } : {}),
          ...(r.eTag ? { eTag: r.eTag } : {}),
        },
      };
    case "GitHub":
      return { revisionType: "GitHub", gitHubLocation: { repository: r.repository, commitId: r.commitId } };
    case "AppSpecContent":
      return {
        revisionType: "AppSpecContent",
        appSpecContent: { content: r.content, ...(r.sha256 ? { sha256: r.sha256 } : {}) },
      };
    case "String":
      return {
        revisionType: "String",
        string: { content: r.content, ...(r.sha256 ? { sha256: r.sha256 } : {}) },
      };
    default:
      throw new Error("An unknown revision cannot be deployed.");
  }
}

export function toDeployment(d: DeploymentInfo, waiting?: boolean): Deployment {
  const o = d.deploymentOverview;
  const blueGreen =
    d.computePlatform === "ECS" ||
    d.computePlatform === "Lambda" ||
    d.deploymentStyle?.deploymentType === "BLUE_GREEN";
  const status = d.status ?? "Created";
  return {
    id: d.deploymentId ?? "",
    application: d.applicationName ?? "",
    group: d.deploymentGroupName ?? "",
    computePlatform: platform(d.computePlatform),
    status,
    configName: d.deploymentConfigName,
    creator: d.creator,
    description: d.description,
    revision: toRevision(d.revision),
    createTime: d.createTime,
    startTime: d.startTime,
    completeTime: d.completeTime,
    ...(o
      ? {
          overview: {
            Pending: o.Pending ?? 0,
            InProgress: o.InProgress ?? 0,
            Succeeded: o.Succeeded ?? 0,
            Failed: o.Failed ?? 0,
            Skipped: o.Skipped ?? 0,
            Ready: o.Ready ?? 0,
          },
        }
      : {}),
    ...(d.errorInformation
      ? { error: { code: d.errorInformation.code, message: d.errorInformation.message } }
      : {}),
    ...(d.rollbackInfo
      ? {
          rollback: {
            rollbackDeploymentId: d.rollbackInfo.rollbackDeploymentId,
            triggeredBy: d.rollbackInfo.rollbackTriggeringDeploymentId,
            message: d.rollbackInfo.rollbackMessage,
          },
        }
      : {}),
    deploymentType: blueGreen ? "BLUE_GREEN" : "IN_PLACE",
    ...(status === "Ready"
      ? { waitingFor: "READY_WAIT" as const }
      : d.instanceTerminationWaitTimeStarted && status === "InProgress" && waiting !== false
        ? { waitingFor: "TERMINATION_WAIT" as const }
        : {}),
    externalId: d.externalId,
  };
}

function toEvent(e: SdkEvent): LifecycleEvent {
  const diag = e.diagnostics;
  return {
    name: e.lifecycleEventName ?? "",
    status: e.status ?? "Unknown",
    startTime: e.startTime,
    endTime: e.endTime,
    ...(diag && (diag.errorCode !== "Success" || diag.logTail)
      ? {
          diagnostics: {
            errorCode: diag.errorCode,
            scriptName: diag.scriptName,
            message: diag.message,
            logTail: diag.logTail,
          },
        }
      : {}),
  };
}

export function toTarget(deploymentId: string, t: SdkTarget): DeploymentTarget {
  const inner = t.instanceTarget ?? t.ecsTarget ?? t.lambdaTarget ?? t.cloudFormationTarget;
  const kind = t.deploymentTargetType ?? "Unknown";
  let trafficPercent: number | undefined;
  let detail: string | undefined;
  if (t.lambdaTarget?.lambdaFunctionInfo) {
    const f = t.lambdaTarget.lambdaFunctionInfo;
    trafficPercent = Math.round((f.targetVersionWeight ?? 0) * 100);
    detail = `${f.functionName ?? ""}:${f.functionAlias ?? ""} v${f.currentVersion ?? "?"} → v${f.targetVersion ?? "?"}`;
  }
  if (t.ecsTarget?.taskSetsInfo) {
    const green = t.ecsTarget.taskSetsInfo.find((s) => s.taskSetLabel === "Green");
    trafficPercent = green?.trafficWeight !== undefined ? Math.round(green.trafficWeight) : undefined;
    detail = t.ecsTarget.taskSetsInfo
      .map(
        (s) =>
          `${s.taskSetLabel ?? "?"} ${Math.round(s.trafficWeight ?? 0)}% (${s.runningCount ?? 0}/${s.desiredCount ?? 0} tasks)`,
      )
      .join(" · ");
  }
  return {
    deploymentId,
    id: inner?.targetId ?? "",
    kind: kind,
    status: inner?.status ?? "Unknown",
    lastUpdatedAt: inner?.lastUpdatedAt,
    label: t.instanceTarget?.instanceLabel,
    events: (inner?.lifecycleEvents ?? []).map(toEvent),
    ...(trafficPercent !== undefined ? { trafficPercent } : {}),
    ...(detail ? { detail } : {}),
  };
}
