// Builds project records (from scenario specs or CreateProject input) and loads a scenario into
// a region: projects, their past builds, and builds that are running when the simulator starts.
import { SIM_USER } from "./constants";
import type { BuildEngine } from "./engine";
import { addFinishedBuild } from "./history";
import type { PipelineEngine } from "./pipeline-engine";
import { expandPipelines } from "./pipeline-scenario";
import { seedPipeline, type BuildBroker, type LiveAtLoad } from "./pipeline-seed";
import {
  DEFAULT_PHASE_SECONDS,
  expandProjects,
  type BuildBehavior,
  type HistoryEntry,
  type ProjectSpec,
  type Scenario,
} from "./scenario";
import type { BuildRecord, Json, ProjectRecord, RegionState } from "./state";

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

interface PastBuild {
  project: ProjectRecord;
  entry: HistoryEntry;
  start: number;
  /** Pipeline actions that ran this build. */
  linked: ((b: BuildRecord) => void)[];
}

/** Total simulated seconds of a project's builds. */
function buildSeconds(project: ProjectRecord): number {
  const given = project.behavior.phaseSeconds ?? {};
  return Object.entries(DEFAULT_PHASE_SECONDS).reduce(
    (sum, [phase, s]) => sum + (given[phase as keyof typeof given] ?? s),
    0,
  );
}

/** Past pipeline CodeBuild actions reuse a scenario build of the same project, initiator and commit
 *  (resolvedSourceVersion), or get a new past build. */
function pipelineBuildBroker(region: RegionState, past: PastBuild[]): BuildBroker {
  return {
    link(req, onCreated) {
      const project = region.findProject(req.project);
      if (!project) return undefined;
      const match = past.find(
        (b) =>
          b.project === project &&
          b.entry.initiator === req.initiator &&
          b.entry.resolvedSourceVersion === req.commit &&
          b.linked.length === 0,
      );
      if (match) {
        match.linked.push(onCreated);
        return {
          start: match.start,
          durationMs: (match.entry.durationSeconds ?? buildSeconds(project)) * 1000,
        };
      }
      const durationSeconds = buildSeconds(project);
      past.push({
        project,
        entry: {
          status: req.status,
          durationSeconds,
          sourceVersion: req.commit,
          resolvedSourceVersion: req.commit,
          initiator: req.initiator,
        },
        start: req.start,
        linked: [onCreated],
      });
      return { start: req.start, durationMs: durationSeconds * 1000 };
    },
  };
}

/** Loads a scenario into `region`. Projects and pipelines that already exist are replaced. */
export function seedScenario(
  region: RegionState,
  engine: BuildEngine,
  pipelines: PipelineEngine,
  scenario: Scenario,
  now: number,
): void {
  const specs = expandProjects(scenario);
  const past: PastBuild[] = [];
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
          linked: [],
        });
    });
  });
  const broker = pipelineBuildBroker(region, past);
  const liveExecutions: LiveAtLoad[] = [];
  expandPipelines(scenario.pipelines).forEach((spec, i) =>
    liveExecutions.push(...seedPipeline(region, spec, i, now, broker)),
  );
  // Region-wide start order is chronological, whatever order the file lists them in.
  past.sort((a, b) => a.start - b.start);
  for (const p of past) {
    const build = addFinishedBuild(region, p.project, p.entry, p.start);
    for (const link of p.linked) link(build);
  }
  for (const l of live) {
    engine.start(
      region,
      l.project,
      l.entry.sourceVersion !== undefined ? { sourceVersion: l.entry.sourceVersion } : {},
      l.entry.initiator ?? `user/${SIM_USER}`,
    );
  }
  for (const l of liveExecutions) pipelines.tryEnter(l.exec, l.stage, l.at);
}
