// The `pipelines` part of a scenario: CodePipeline pipelines, how their actions behave, and
// their execution history. Format described in README.md.

export const EXECUTION_MODES = ["QUEUED", "SUPERSEDED", "PARALLEL"] as const;
export type ExecutionMode = (typeof EXECUTION_MODES)[number];
export const PIPELINE_TYPES = ["V1", "V2"] as const;
export type PipelineType = (typeof PIPELINE_TYPES)[number];
export const ACTION_CATEGORIES = [
  "Source",
  "Build",
  "Deploy",
  "Test",
  "Invoke",
  "Approval",
  "Compute",
] as const;
export type ActionCategory = (typeof ACTION_CATEGORIES)[number];
export const SCENARIO_EXECUTION_STATUSES = [
  "Succeeded",
  "Failed",
  "Stopped",
  "Superseded",
  "Cancelled",
  "InProgress",
] as const;
export type ScenarioExecutionStatus = (typeof SCENARIO_EXECUTION_STATUSES)[number];

export interface ActionSpec {
  name: string;
  /** CodeCommit, CodeStarSourceConnection, S3, ECR, CodeBuild, Manual, CodeDeploy, CloudFormation, ECS,
   *  Lambda, … — the category, owner and version follow from it unless given. */
  provider: string;
  category?: ActionCategory;
  owner?: "AWS" | "ThirdParty" | "Custom";
  version?: string;
  runOrder?: number;
  configuration?: Record<string, string>;
  inputArtifacts?: string[];
  outputArtifacts?: string[];
  namespace?: string;
  region?: string;
  roleArn?: string;
  // ---- behaviour (not part of the pipeline declaration) ----
  /** Simulated seconds the action takes (not CodeBuild, whose build decides, nor Manual, which waits). */
  seconds?: number;
  /** The first N attempts of this action in each execution fail; later ones (retries) succeed. For a
   *  CodeBuild action the build itself is forced FAILED, then SUCCEEDED. */
  failAttempts?: number;
  /** Outcome of every attempt after failAttempts (not CodeBuild: the build decides). Default Succeeded. */
  outcome?: "Succeeded" | "Failed";
  /** ActionExecution summary when it ends. */
  summary?: string;
  /** errorDetails.message when it fails. */
  errorMessage?: string;
}

export interface StageSpec {
  name: string;
  actions: ActionSpec[];
}

export interface CommitSpec {
  /** 40 hex digits; default derived from the pipeline name and message. */
  id?: string;
  message: string;
  author?: string;
}

export interface ExecutionSpec {
  status: ScenarioExecutionStatus;
  /** Minutes before simulator start. Default: spaced 6 hours apart, oldest first. */
  startedMinutesAgo?: number;
  commit?: CommitSpec;
  /** Default: how a change to the source reaches the pipeline (CloudWatchEvent, WebhookV2, …). */
  trigger?: { triggerType: string; triggerDetail?: string };
  /** Failed: the stage that failed (default: the first with a CodeBuild action, else the last).
   *  Stopped: the stage it was stopped in. Superseded/Cancelled: the stage it was waiting to enter.
   *  InProgress: the stage it is in (or held before) when the simulator starts (default: the first). */
  stage?: string;
  /** Failed: the action that failed (default: the stage's CodeBuild action, else its first). */
  action?: string;
  /** Failed CodeBuild action: how its build ended. Default FAILED. */
  buildStatus?: "FAILED" | "FAULT" | "TIMED_OUT";
  /** Stopped: abandon (actions Abandoned) instead of stop-and-wait (actions finished). */
  abandon?: boolean;
  stopReason?: string;
  /** Summary of a past manual approval (approved, or rejected when its stage failed). */
  approvalSummary?: string;
  /** V2 variable values for this execution (defaults fill the rest). */
  variables?: { name: string; value: string }[];
}

export interface PipelineSpec {
  /** With `count`, "{i}" anywhere in the spec becomes 001, 002, … */
  name: string;
  count?: number;
  pipelineType?: PipelineType;
  executionMode?: ExecutionMode;
  roleArn?: string;
  artifactBucket?: string;
  variables?: { name: string; defaultValue?: string; description?: string }[];
  /** PipelineTriggerDeclaration list, as the API returns it (V2). */
  triggers?: Record<string, unknown>[];
  stages: StageSpec[];
  disabledTransitions?: { stage: string; reason: string; by?: string; minutesAgo?: number }[];
  /** The commit the next execution picks up. Default: the newest execution's commit. */
  head?: CommitSpec;
  executions?: ExecutionSpec[];
  tags?: { key: string; value: string }[];
}

function fail(where: string, what: string): never {
  throw new Error(`invalid scenario ${where}: ${what}`);
}

const NAME = /^[A-Za-z0-9.@\-_]+$/;

function checkEnum<T extends string>(where: string, what: string, v: unknown, values: readonly T[]): void {
  if (v !== undefined && !(values as readonly unknown[]).includes(v))
    fail(where, `${what} ${JSON.stringify(v)} is not one of ${values.join(", ")}`);
}

export function validatePipelines(list: unknown, where: string): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) fail(where, "pipelines must be an array");
  for (const raw of list as PipelineSpec[]) {
    const p = raw ?? ({} as PipelineSpec);
    if (typeof p.name !== "string" || p.name === "") fail(where, "every pipeline needs a name");
    const at = `${where}: pipeline ${p.name}`;
    if (p.count !== undefined && !p.name.includes("{i}")) fail(at, `count needs "{i}" in the name`);
    if (!NAME.test(p.name.replace(/\{i\}/g, "1"))) fail(at, "name must match [A-Za-z0-9.@\\-_]+");
    checkEnum(at, "pipelineType", p.pipelineType, PIPELINE_TYPES);
    checkEnum(at, "executionMode", p.executionMode, EXECUTION_MODES);
    if ((p.pipelineType ?? "V1") === "V1" && (p.variables?.length ?? 0) > 0)
      fail(at, "variables need pipelineType V2");
    if (
      (p.pipelineType ?? "V1") === "V1" &&
      p.executionMode !== undefined &&
      p.executionMode !== "SUPERSEDED"
    )
      fail(at, "V1 pipelines run in SUPERSEDED mode");
    if (!Array.isArray(p.stages) || p.stages.length < 2) fail(at, "needs at least 2 stages");
    const stageNames = new Set<string>();
    for (const s of p.stages) {
      if (typeof s?.name !== "string" || s.name === "") fail(at, "every stage needs a name");
      if (stageNames.has(s.name)) fail(at, `stage ${s.name} appears twice`);
      stageNames.add(s.name);
      if (!Array.isArray(s.actions) || s.actions.length === 0) fail(at, `stage ${s.name} needs actions`);
      const actionNames = new Set<string>();
      for (const a of s.actions) {
        if (typeof a?.name !== "string" || a.name === "")
          fail(at, `stage ${s.name}: every action needs a name`);
        if (actionNames.has(a.name)) fail(at, `stage ${s.name}: action ${a.name} appears twice`);
        actionNames.add(a.name);
        if (typeof a.provider !== "string" || a.provider === "")
          fail(at, `action ${s.name}/${a.name} needs a provider`);
        checkEnum(at, `action ${a.name} category`, a.category, ACTION_CATEGORIES);
        checkEnum(at, `action ${a.name} outcome`, a.outcome, ["Succeeded", "Failed"] as const);
      }
    }
    for (const t of p.disabledTransitions ?? []) {
      if (!stageNames.has(t?.stage)) fail(at, `disabledTransitions: unknown stage ${String(t?.stage)}`);
      if (typeof t.reason !== "string" || t.reason === "") fail(at, "disabledTransitions need a reason");
    }
    for (const e of p.executions ?? []) {
      checkEnum(at, "execution status", e?.status, SCENARIO_EXECUTION_STATUSES);
      if (typeof e?.status !== "string") fail(at, "executions need a status");
      if (e.stage !== undefined && !stageNames.has(e.stage)) fail(at, `execution: unknown stage ${e.stage}`);
      if (e.commit?.id !== undefined && !/^[0-9a-f]{40}$/.test(e.commit.id))
        fail(at, `commit id ${e.commit.id} is not 40 hex digits`);
    }
  }
}

function replaceDeep(v: unknown, from: RegExp, to: string): unknown {
  if (typeof v === "string") return v.replace(from, to);
  if (Array.isArray(v)) return v.map((x) => replaceDeep(x, from, to));
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, replaceDeep(x, from, to)]));
  }
  return v;
}

/** Expands `count` pipelines into individual specs ("{i}" replaced everywhere in the spec). */
export function expandPipelines(list: PipelineSpec[] | undefined): PipelineSpec[] {
  const out: PipelineSpec[] = [];
  for (const p of list ?? []) {
    if (p.count === undefined) {
      out.push(p);
      continue;
    }
    const width = Math.max(3, String(p.count).length);
    const { count, ...rest } = p;
    for (let i = 1; i <= count; i++)
      out.push(replaceDeep(rest, /\{i\}/g, String(i).padStart(width, "0")) as PipelineSpec);
  }
  return out;
}
