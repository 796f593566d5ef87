// Scenario files: what a region holds when the simulator starts and how each project's builds
// behave. Format described in README.md; files live in ./scenarios/<name>.json.
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import {
  isPhaseType,
  PHASE_TYPES,
  SCRIPT_PHASES,
  type Outcome,
  type PhaseType,
  type ScriptPhase,
} from "./constants";
import { validateCloudWatch, type CloudWatchScenario } from "./cloudwatch-scenario";
import type { FaultConfig } from "./fault-rules";
import { toFaultConfig } from "./fault-spec";
import { validateCloudFormation, type CloudFormationSpec } from "./cloudformation-scenario";
import { validateCodeDeploy, type CodeDeploySpec } from "./codedeploy-scenario";
import { validatePipelines, type PipelineSpec } from "./pipeline-scenario";
import { validateS3, type S3Spec } from "./s3-scenario";

export interface CommandSpec {
  command: string;
  /** Lines the command prints (no "[Container]" prefix). */
  output?: string[];
}

export interface PhaseScript {
  commands?: CommandSpec[];
  /** Generated output after the commands: lineCount lines from lineTemplate ({i}, {n}). */
  lineCount?: number;
  lineTemplate?: string;
  /** Write the phase's output at this rate (simulated lines per second; wall rate = rate × speed),
   *  in bursts every burstMs wall milliseconds. Without it lines are spread over the phase. */
  linesPerSecond?: number;
  burstMs?: number;
}

export interface BuildBehavior {
  /** How a started build ends. Default SUCCEEDED. */
  outcome?: Outcome;
  /** Phase that fails when outcome is not SUCCEEDED. Default BUILD. */
  failPhase?: PhaseType;
  /** Lines printed by the failing command before it exits (e.g. compiler errors). */
  failOutput?: string[];
  /** Exit status reported for the failing command. Default 2. */
  exitStatus?: number;
  /** Simulated seconds per phase (defaults: about 20 s in total). */
  phaseSeconds?: Partial<Record<PhaseType, number>>;
  /** Buildspec commands and output per phase. */
  phases?: Partial<Record<ScriptPhase, PhaseScript>>;
  /** Simulated seconds between StopBuild and the phase being STOPPED. Default 2. */
  stopSeconds?: number;
}

export interface HistoryEntry {
  /** A finished status, or IN_PROGRESS to start a live build when the scenario loads. */
  status: "SUCCEEDED" | "FAILED" | "FAULT" | "TIMED_OUT" | "STOPPED" | "IN_PROGRESS";
  /** Minutes before simulator start that the build started. Default: spaced 3 hours apart. */
  startedMinutesAgo?: number;
  /** Total simulated duration; phases are scaled to it. */
  durationSeconds?: number;
  sourceVersion?: string;
  resolvedSourceVersion?: string;
  initiator?: string;
  failPhase?: PhaseType;
}

export interface ProjectSpec {
  /** With `count`, "{i}" is replaced by 001, 002, ... */
  name: string;
  count?: number;
  description?: string;
  source?: { type?: string; location?: string; buildspec?: string };
  sourceVersion?: string;
  environment?: {
    image?: string;
    computeType?: string;
    type?: string;
    environmentVariables?: { name: string; value: string }[];
  };
  timeoutInMinutes?: number;
  tags?: { key: string; value: string }[];
  build?: BuildBehavior;
  history?: HistoryEntry[];
}

export interface Scenario {
  description?: string;
  /** Region the projects are seeded into. Default us-east-1. */
  region?: string;
  projects?: ProjectSpec[];
  /** CodePipeline pipelines (seeded after the projects their CodeBuild actions use). */
  pipelines?: PipelineSpec[];
  /** CloudWatch: metrics, alarms and application log groups (see cloudwatch-scenario.ts). */
  cloudwatch?: CloudWatchScenario;
  /** S3 buckets and their objects (s3-scenario.ts): CodeDeploy revisions, CloudFormation templates. */
  s3?: S3Spec;
  /** CodeDeploy applications, deployment groups and deployments (codedeploy-scenario.ts). */
  codedeploy?: CodeDeploySpec;
  /** CloudFormation stacks and failures (cloudformation-scenario.ts). */
  cloudformation?: CloudFormationSpec;
  /** Faults injected from the start (a spec string or {seed, rules}); only read when the
   *  simulator starts with this scenario, not by sim.seed(). */
  faults?: string | FaultConfig;
}

const SCENARIO_DIR = join(__dirname, "scenarios");

export function scenarioPath(nameOrPath: string): string {
  if (nameOrPath.endsWith(".json") || nameOrPath.includes("/") || nameOrPath.includes("\\")) {
    return isAbsolute(nameOrPath) ? nameOrPath : resolve(nameOrPath);
  }
  return join(SCENARIO_DIR, `${nameOrPath}.json`);
}

export function loadScenario(nameOrPath: string): Scenario {
  const path = scenarioPath(nameOrPath);
  if (!existsSync(path)) throw new Error(`scenario not found: ${nameOrPath} (looked for ${path})`);
  const parsed = JSON.parse(readFileSync(path, "utf8")) as unknown;
  validateScenario(parsed, path);
  return parsed;
}

function fail(where: string, what: string): never {
  throw new Error(`invalid scenario ${where}: ${what}`);
}

/** Checks the parts that would otherwise fail late and confusingly. */
export function validateScenario(s: unknown, where = "object"): asserts s is Scenario {
  if (typeof s !== "object" || s === null || Array.isArray(s)) fail(where, "not an object");
  const projects = (s as Scenario).projects ?? [];
  if (!Array.isArray(projects)) fail(where, "projects must be an array");
  for (const p of projects) {
    if (typeof p?.name !== "string" || p.name === "") fail(where, "every project needs a name");
    if (p.count !== undefined && !p.name.includes("{i}"))
      fail(where, `${p.name}: count needs "{i}" in the name`);
    const b = p.build ?? {};
    if (b.failPhase !== undefined && !isPhaseType(b.failPhase))
      fail(where, `${p.name}: unknown failPhase ${String(b.failPhase)}`);
    for (const k of Object.keys(b.phaseSeconds ?? {})) {
      if (!isPhaseType(k)) fail(where, `${p.name}: unknown phase ${k} in phaseSeconds`);
    }
    for (const k of Object.keys(b.phases ?? {})) {
      if (!(SCRIPT_PHASES as readonly string[]).includes(k))
        fail(where, `${p.name}: phases only takes ${SCRIPT_PHASES.join(", ")}`);
    }
    for (const h of p.history ?? []) {
      if (typeof h?.status !== "string") fail(where, `${p.name}: history entries need a status`);
    }
  }
  validatePipelines((s as Scenario).pipelines, where);
  validateCloudWatch((s as Scenario).cloudwatch, where);
  validateS3((s as Scenario).s3, where);
  validateCodeDeploy((s as Scenario).codedeploy, where);
  validateCloudFormation((s as Scenario).cloudformation);
  const faults = (s as Scenario).faults;
  if (faults !== undefined) {
    try {
      toFaultConfig(faults);
    } catch (e) {
      fail(where, `faults: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

/** Expands `count` projects into individual specs. */
export function expandProjects(s: Scenario): ProjectSpec[] {
  const out: ProjectSpec[] = [];
  for (const p of s.projects ?? []) {
    if (p.count === undefined) {
      out.push(p);
      continue;
    }
    const width = Math.max(3, String(p.count).length);
    for (let i = 1; i <= p.count; i++) {
      const spec: ProjectSpec = { ...p, name: p.name.replace(/\{i\}/g, String(i).padStart(width, "0")) };
      delete spec.count;
      out.push(spec);
    }
  }
  return out;
}

export const DEFAULT_PHASE_SECONDS: Record<PhaseType, number> = {
  SUBMITTED: 0.5,
  QUEUED: 1,
  PROVISIONING: 4,
  DOWNLOAD_SOURCE: 2,
  INSTALL: 4,
  PRE_BUILD: 1,
  BUILD: 5,
  POST_BUILD: 1,
  UPLOAD_ARTIFACTS: 0.5,
  FINALIZING: 1,
  COMPLETED: 0,
};

export const ALL_PHASES: readonly PhaseType[] = PHASE_TYPES;
