// Turns internal records into the JSON CodeBuild returns. Timestamps in AWS JSON 1.1 are epoch
// seconds (fractional), so every millisecond value is divided by 1000 here.
import type { BuildRecord, Json, PhaseRecord, ProjectRecord, RegionState } from "./state";

const seconds = (ms: number): number => ms / 1000;

export function renderProject(p: ProjectRecord): Json {
  return {
    name: p.name,
    arn: p.arn,
    ...p.api,
    created: seconds(p.created),
    lastModified: seconds(p.lastModified),
  };
}

function renderPhase(p: PhaseRecord): Json {
  const out: Json = { phaseType: p.phaseType };
  if (p.phaseStatus !== undefined) out.phaseStatus = p.phaseStatus;
  out.startTime = seconds(p.startTime);
  if (p.endTime !== undefined) {
    out.endTime = seconds(p.endTime);
    out.durationInSeconds = Math.round((p.endTime - p.startTime) / 1000);
  }
  if (p.contexts !== undefined) out.contexts = p.contexts;
  return out;
}

/** Console deep link, in the form CodeBuild still returns. */
function deepLink(region: string, group: string, stream: string): string {
  return `https://console.aws.amazon.com/cloudwatch/home?region=${region}#logEvent:group=${group};stream=${stream}`;
}

function renderLogs(b: BuildRecord, r: RegionState): Json {
  const s3Logs = { status: "DISABLED", encryptionDisabled: false };
  if (!b.logStream) {
    // Before the container starts CodeBuild has no stream yet and says so with "null".
    return {
      deepLink: deepLink(r.region, "null", "null"),
      cloudWatchLogsArn: `arn:aws:logs:${r.region}:${r.accountId}:log-group:null:log-stream:null`,
      cloudWatchLogs: { status: "ENABLED" },
      s3Logs,
    };
  }
  const { group, stream } = b.logStream;
  return {
    groupName: group,
    streamName: stream,
    deepLink: deepLink(r.region, group, stream),
    cloudWatchLogsArn: `arn:aws:logs:${r.region}:${r.accountId}:log-group:${group}:log-stream:${stream}`,
    cloudWatchLogs: { status: "ENABLED" },
    s3Logs,
  };
}

export function renderBuild(b: BuildRecord, r: RegionState): Json {
  const out: Json = {
    id: b.id,
    arn: b.arn,
    buildNumber: b.buildNumber,
    startTime: seconds(b.startTime),
  };
  if (b.endTime !== undefined) out.endTime = seconds(b.endTime);
  out.currentPhase = b.currentPhase;
  out.buildStatus = b.buildStatus;
  if (b.sourceVersion !== undefined) out.sourceVersion = b.sourceVersion;
  if (b.resolvedSourceVersion !== undefined) out.resolvedSourceVersion = b.resolvedSourceVersion;
  Object.assign(out, {
    projectName: b.projectName,
    phases: b.phases.map(renderPhase),
    source: b.source,
    secondarySources: [],
    secondarySourceVersions: [],
    artifacts: { location: "" },
    secondaryArtifacts: [],
    cache: { type: "NO_CACHE" },
    environment: b.environment,
    serviceRole: b.serviceRole,
    logs: renderLogs(b, r),
    timeoutInMinutes: b.timeoutInMinutes,
    queuedTimeoutInMinutes: b.queuedTimeoutInMinutes,
    buildComplete: b.complete,
    initiator: b.initiator,
    encryptionKey: `arn:aws:kms:${r.region}:${r.accountId}:alias/aws/s3`,
    fileSystemLocations: [],
  });
  return out;
}
