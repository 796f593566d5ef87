// Creates build records for a project: ids, numbering, merged environment, source version.
import { createHash, randomInt, randomUUID } from "node:crypto";
import { parse as parseYaml } from "yaml";
import { SCRIPT_PHASES, type ScriptPhase } from "./constants";
import type { PhaseScript } from "./scenario";
import type { BuildRecord, BuildRequest, EnvVar, Json, ProjectRecord, RegionState } from "./state";

const COMMIT = /^[0-9a-f]{40}$/;

export function resolveCommit(
  project: string,
  sourceVersion: string | undefined,
  buildNumber: number,
): string {
  if (sourceVersion && COMMIT.test(sourceVersion)) return sourceVersion;
  return createHash("sha1")
    .update(`${project}\n${sourceVersion ?? "HEAD"}\n${buildNumber}`)
    .digest("hex");
}

function mergeEnv(base: unknown, overrides: EnvVar[] | undefined): EnvVar[] {
  const vars = new Map<string, EnvVar>();
  for (const v of Array.isArray(base) ? (base as EnvVar[]) : [])
    vars.set(v.name, { ...v, type: v.type ?? "PLAINTEXT" });
  for (const v of overrides ?? [])
    vars.set(v.name, { name: v.name, value: v.value, type: v.type ?? "PLAINTEXT" });
  return [...vars.values()];
}

export interface NewBuild {
  build: BuildRecord;
  srcDir: string;
  commit: string;
}

export function createBuildRecord(
  region: RegionState,
  project: ProjectRecord,
  request: BuildRequest,
  initiator: string,
  startTime: number,
  overrides: { resolvedSourceVersion?: string } = {},
): NewBuild {
  const uuid = randomUUID();
  const id = `${project.name}:${uuid}`;
  const buildNumber = project.nextBuildNumber++;
  const projectEnv = (project.api.environment ?? {}) as Json;
  const environment: Json = {
    ...projectEnv,
    ...(request.imageOverride ? { image: request.imageOverride } : {}),
    ...(request.computeTypeOverride ? { computeType: request.computeTypeOverride } : {}),
    environmentVariables: mergeEnv(projectEnv.environmentVariables, request.environmentVariablesOverride),
  };
  const source: Json = { ...((project.api.source ?? {}) as Json) };
  if (request.buildspecOverride !== undefined) source.buildspec = request.buildspecOverride;
  const sourceVersion = request.sourceVersion ?? (project.api.sourceVersion as string | undefined);
  const build: BuildRecord = {
    seq: region.nextBuildSeq(),
    id,
    uuid,
    arn: region.buildArn(id),
    projectName: project.name,
    buildNumber,
    startTime,
    currentPhase: "SUBMITTED",
    buildStatus: "IN_PROGRESS",
    ...(sourceVersion !== undefined ? { sourceVersion } : {}),
    phases: [],
    initiator,
    source,
    environment,
    serviceRole: typeof project.api.serviceRole === "string" ? project.api.serviceRole : "",
    timeoutInMinutes: request.timeoutInMinutesOverride ?? Number(project.api.timeoutInMinutes ?? 60),
    queuedTimeoutInMinutes:
      request.queuedTimeoutInMinutesOverride ?? Number(project.api.queuedTimeoutInMinutes ?? 480),
    request,
    complete: false,
  };
  region.builds.set(id, build);
  return {
    build,
    srcDir: `/codebuild/output/src${randomInt(100_000_000, 999_999_999)}/src`,
    commit: overrides.resolvedSourceVersion ?? resolveCommit(project.name, sourceVersion, buildNumber),
  };
}

/** Reads `phases.<phase>.commands` from a buildspec override, if it parses. */
export function scriptFromBuildspec(
  buildspec: string | undefined,
): Partial<Record<ScriptPhase, PhaseScript>> | undefined {
  if (!buildspec) return undefined;
  let doc: unknown;
  try {
    doc = parseYaml(buildspec);
  } catch {
    return undefined;
  }
  const phases = (doc as { phases?: Record<string, { commands?: unknown }> } | null)?.phases;
  if (!phases || typeof phases !== "object") return undefined;
  const out: Partial<Record<ScriptPhase, PhaseScript>> = {};
  for (const p of SCRIPT_PHASES) {
    const cmds = phases[p.toLowerCase()]?.commands;
    if (Array.isArray(cmds)) out[p] = { commands: cmds.map((c) => ({ command: String(c) })) };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
