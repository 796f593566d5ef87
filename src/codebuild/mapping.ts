import type { Build as SdkBuild, Project as SdkProject } from "@aws-sdk/client-codebuild";
import type { Build, BuildStatus, Project } from "./model/types";

const STATUSES = new Set<BuildStatus>([
  "SUCCEEDED",
  "FAILED",
  "FAULT",
  "TIMED_OUT",
  "IN_PROGRESS",
  "STOPPED",
]);

export function toBuild(b: SdkBuild): Build {
  const id = b.id ?? "";
  const status = STATUSES.has(b.buildStatus as BuildStatus) ? (b.buildStatus as BuildStatus) : "IN_PROGRESS";
  const groupName = b.logs?.groupName;
  const streamName = b.logs?.streamName;
  return {
    id,
    arn: b.arn ?? "",
    projectName: b.projectName ?? id.split(":")[0] ?? "",
    number: b.buildNumber,
    status,
    currentPhase: b.currentPhase,
    complete: b.buildComplete ?? status !== "IN_PROGRESS",
    sourceVersion: b.sourceVersion,
    resolvedSourceVersion: b.resolvedSourceVersion,
    initiator: b.initiator,
    startTime: b.startTime,
    endTime: b.endTime,
    phases: (b.phases ?? []).map((p) => ({
      type: p.phaseType ?? "UNKNOWN",
      status: p.phaseStatus,
      startTime: p.startTime,
      endTime: p.endTime,
      durationSeconds: p.durationInSeconds,
      contexts: (p.contexts ?? [])
        .map((c) => [c.statusCode, c.message].filter(Boolean).join(": "))
        .filter(Boolean),
    })),
    logs: groupName && streamName ? { groupName, streamName } : undefined,
  };
}

export function toProject(p: SdkProject): Project {
  return {
    name: p.name ?? "",
    arn: p.arn ?? "",
    description: p.description,
    sourceType: p.source?.type,
    sourceLocation: p.source?.location,
    buildspec: p.source?.buildspec,
  };
}
