// Builds project records (from scenario specs or CreateProject input) and loads a scenario into
// a region: projects, their past builds, and builds that are running when the simulator starts.
import { SIM_USER } from "./constants";
import type { BuildEngine } from "./engine";
import { addFinishedBuild } from "./history";
import {
  expandProjects,
  type BuildBehavior,
  type HistoryEntry,
  type ProjectSpec,
  type Scenario,
} from "./scenario";
import type { Json, ProjectRecord, RegionState } from "./state";

const DAY = 86_400_000;

/** Fills in the members CodeBuild returns for every project. */
export function projectApi(region: RegionState, name: string, given: Json): Json {
  const env = (given.environment ?? {}) as Json;
  const envVars = Array.isArray(env.environmentVariables) ? (env.environmentVariables as Json[]) : [];
  const source = (given.source ?? {}) as Json;
  return {
    ...(given.description !== undefined ? { description: given.description } : {}),
    source: {
      gitCloneDepth: 1,
      gitSubmodulesConfig: { fetchSubmodules: false },
      buildspec: "buildspec.yml",
      reportBuildStatus: false,
      insecureSsl: false,
      ...source,
      type: source.type ?? "GITHUB",
      location: source.location ?? `https://github.com/example-org/${name}.git`,
    },
    ...(given.sourceVersion !== undefined ? { sourceVersion: given.sourceVersion } : {}),
    secondarySources: given.secondarySources ?? [],
    secondarySourceVersions: given.secondarySourceVersions ?? [],
    artifacts: given.artifacts ?? { type: "NO_ARTIFACTS" },
    secondaryArtifacts: given.secondaryArtifacts ?? [],
    cache: given.cache ?? { type: "NO_CACHE" },
    environment: {
      type: "LINUX_CONTAINER",
      image: "aws/codebuild/standard:7.0",
      computeType: "BUILD_GENERAL1_SMALL",
      privilegedMode: false,
      imagePullCredentialsType: "CODEBUILD",
      ...env,
      environmentVariables: envVars.map((v) => ({ type: "PLAINTEXT", ...v })),
    },
    serviceRole:
      given.serviceRole ??
      `arn:aws:iam::${region.accountId}:role/service-role/codebuild-${name}-service-role`,
    timeoutInMinutes: given.timeoutInMinutes ?? 60,
    queuedTimeoutInMinutes: given.queuedTimeoutInMinutes ?? 480,
    encryptionKey: given.encryptionKey ?? `arn:aws:kms:${region.region}:${region.accountId}:alias/aws/s3`,
    tags: given.tags ?? [],
    badge: { badgeEnabled: given.badgeEnabled === true },
    logsConfig: given.logsConfig ?? {
      cloudWatchLogs: { status: "ENABLED" },
      s3Logs: { status: "DISABLED", encryptionDisabled: false },
    },
    fileSystemLocations: given.fileSystemLocations ?? [],
    projectVisibility: "PRIVATE",
  };
}

export function addProject(
  region: RegionState,
  name: string,
  given: Json,
  behavior: BuildBehavior,
  created: number,
): ProjectRecord {
  const project: ProjectRecord = {
    name,
    arn: region.projectArn(name),
    created,
    lastModified: created,
    api: projectApi(region, name, given),
    behavior,
    nextBuildNumber: 1,
  };
  region.projects.set(name, project);
  return project;
}

function specToApi(spec: ProjectSpec): Json {
  const api: Json = {};
  if (spec.description !== undefined) api.description = spec.description;
  if (spec.source) api.source = spec.source;
  if (spec.sourceVersion !== undefined) api.sourceVersion = spec.sourceVersion;
  if (spec.environment) api.environment = spec.environment;
  if (spec.timeoutInMinutes !== undefined) api.timeoutInMinutes = spec.timeoutInMinutes;
  if (spec.tags) api.tags = spec.tags;
  return api;
}

/** Loads a scenario into `region`. Projects that already exist are replaced. */
export function seedScenario(
  region: RegionState,
  engine: BuildEngine,
  scenario: Scenario,
  now: number,
): void {
  const specs = expandProjects(scenario);
  const past: { project: ProjectRecord; entry: HistoryEntry; start: number }[] = [];
  const live: { project: ProjectRecord; entry: HistoryEntry }[] = [];
  specs.forEach((spec, i) => {
    // Older projects first, so CREATED_TIME ordering follows the file.
    const project = addProject(
      region,
      spec.name,
      specToApi(spec),
      spec.build ?? {},
      now - 90 * DAY + i * 60_000,
    );
    const history = spec.history ?? [];
    history.forEach((entry, j) => {
      if (entry.status === "IN_PROGRESS") live.push({ project, entry });
      else
        past.push({
          project,
          entry,
          start: now - (entry.startedMinutesAgo ?? (history.length - j) * 180) * 60_000,
        });
    });
  });
  // Region-wide start order is chronological, whatever order the file lists them in.
  past.sort((a, b) => a.start - b.start);
  for (const p of past) addFinishedBuild(region, p.project, p.entry, p.start);
  for (const l of live) {
    engine.start(
      region,
      l.project,
      l.entry.sourceVersion !== undefined ? { sourceVersion: l.entry.sourceVersion } : {},
      l.entry.initiator ?? `user/${SIM_USER}`,
    );
  }
}
