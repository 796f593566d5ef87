// Pipelines from a scenario (or CreatePipeline): declarations, and past executions laid out in
// the past with their stage and action runs. Past CodeBuild actions get real finished builds
// (an existing scenario build of the same project, initiator and commit, or a new one).
import { SIM_USER } from "./constants";
import { buildUrl, createExecution, newActionRun, recordSuccess, defaultSeconds } from "./pipeline-engine";
import {
  actionKey,
  actionTypeFor,
  commitId,
  isApproval,
  isCodeBuild,
  isSource,
  type ActionBehavior,
  type ActionDecl,
  type Commit,
  type ExecutionRecord,
  type PipelineDecl,
  type PipelineRecord,
  type StageRun,
} from "./pipeline-model";
import type { ActionSpec, ExecutionSpec, PipelineSpec } from "./pipeline-scenario";
import type { BuildRecord, Json, RegionState } from "./state";

const MINUTE = 60_000;
const DAY = 86_400_000;

export type PastBuildStatus = "SUCCEEDED" | "FAILED" | "FAULT" | "TIMED_OUT" | "STOPPED";

export interface PastBuildRequest {
  project: string;
  status: PastBuildStatus;
  /** When the action started it (ms). */
  start: number;
  commit: string;
  initiator: string;
}

/** Finds or schedules the finished build behind a past CodeBuild action. */
export interface BuildBroker {
  /** Start and duration of the build (undefined: no such project), and a callback once it exists. */
  link(
    req: PastBuildRequest,
    onCreated: (b: BuildRecord) => void,
  ): { start: number; durationMs: number } | undefined;
}

export function defaultArtifactBucket(region: RegionState): string {
  return `codepipeline-${region.region}-${region.accountId}`;
}

function actionDecl(a: ActionSpec, buildOutput: boolean): ActionDecl {
  const actionTypeId = actionTypeFor(a.provider, a);
  let inputs: string[] = [];
  let outputs: string[] = [];
  if (actionTypeId.category === "Source") outputs = ["SourceArtifact"];
  else if (actionTypeId.provider === "CodeBuild") {
    inputs = ["SourceArtifact"];
    outputs = actionTypeId.category === "Build" ? ["BuildArtifact"] : [];
  } else if (actionTypeId.category === "Deploy") inputs = [buildOutput ? "BuildArtifact" : "SourceArtifact"];
  return {
    name: a.name,
    actionTypeId,
    runOrder: a.runOrder ?? 1,
    configuration: { ...(a.configuration ?? {}) },
    outputArtifacts: (a.outputArtifacts ?? outputs).map((name) => ({ name })),
    inputArtifacts: (a.inputArtifacts ?? inputs).map((name) => ({ name })),
    ...(a.namespace !== undefined ? { namespace: a.namespace } : {}),
    ...(a.region !== undefined ? { region: a.region } : {}),
    ...(a.roleArn !== undefined ? { roleArn: a.roleArn } : {}),
  };
}

/** A scenario pipeline's declaration and its actions' behaviour. */
export function declareFromSpec(
  region: RegionState,
  spec: PipelineSpec,
): { decl: PipelineDecl; behaviors: Map<string, ActionBehavior> } {
  const behaviors = new Map<string, ActionBehavior>();
  let buildOutput = false;
  const stages = spec.stages.map((s) => ({
    name: s.name,
    actions: s.actions.map((a) => {
      const d = actionDecl(a, buildOutput);
      const b: ActionBehavior = {};
      if (a.seconds !== undefined) b.seconds = a.seconds;
      if (a.failAttempts !== undefined) b.failAttempts = a.failAttempts;
      if (a.outcome !== undefined) b.outcome = a.outcome;
      if (a.summary !== undefined) b.summary = a.summary;
      if (a.errorMessage !== undefined) b.errorMessage = a.errorMessage;
      behaviors.set(actionKey(s.name, a.name), b);
      return d;
    }),
  }));
  for (const s of stages)
    if (s.actions.some((a) => a.outputArtifacts.some((o) => o.name === "BuildArtifact"))) buildOutput = true;
  // Deploy actions default to the build's output when the pipeline has one.
  if (buildOutput) {
    spec.stages.forEach((s, i) =>
      s.actions.forEach((a, j) => {
        const d = stages[i]?.actions[j];
        if (d && !a.inputArtifacts && d.actionTypeId.category === "Deploy")
          d.inputArtifacts = [{ name: "BuildArtifact" }];
      }),
    );
  }
  const pipelineType = spec.pipelineType ?? "V1";
  const decl: PipelineDecl = {
    name: spec.name,
    roleArn:
      spec.roleArn ??
      `arn:aws:iam::${region.accountId}:role/service-role/AWSCodePipelineServiceRole-${region.region}-${spec.name}`.slice(
        0,
        1024,
      ),
    artifactStore: { type: "S3", location: spec.artifactBucket ?? defaultArtifactBucket(region) },
    stages,
    executionMode: spec.executionMode ?? "SUPERSEDED",
    pipelineType,
  };
  if (pipelineType === "V2") {
    decl.variables = (spec.variables ?? []).map((v) => ({ ...v }));
    decl.triggers = spec.triggers ?? defaultTriggers(decl);
  }
  return { decl, behaviors };
}

/** V2 pipelines with a connection source get a push trigger on its branch. */
function defaultTriggers(decl: PipelineDecl): Json[] {
  const source = decl.stages[0]?.actions.find((a) => a.actionTypeId.provider === "CodeStarSourceConnection");
  if (!source) return [];
  return [
    {
      providerType: "CodeStarSourceConnection",
      gitConfiguration: {
        sourceActionName: source.name,
        push: [{ branches: { includes: [source.configuration.BranchName ?? "main"] } }],
      },
    },
  ];
}

export function addPipeline(
  region: RegionState,
  decl: PipelineDecl,
  behaviors: Map<string, ActionBehavior>,
  created: number,
  tags: { key: string; value: string }[] = [],
): PipelineRecord {
  const source = decl.stages[0]?.actions.find(isSource);
  const p: PipelineRecord = {
    region,
    name: decl.name,
    arn: region.pipelineArn(decl.name),
    decl,
    version: 1,
    versions: new Map([[1, decl]]),
    created,
    updated: created,
    tags,
    behaviors,
    transitions: new Map(),
    executions: [],
    nextSeq: 1,
    stageLatest: new Map(),
    actionLatest: new Map(),
    actionRuns: [],
    tokens: new Map(),
    requestTokens: new Map(),
    head: {
      id: commitId(decl.name, "head"),
      message: `Update ${source?.configuration.RepositoryName ?? source?.configuration.FullRepositoryId ?? decl.name}`,
    },
  };
  region.pipelines.set(decl.name, p);
  return p;
}

/** How a change reached the pipeline, for executions the scenario does not describe. */
export function sourceTrigger(p: PipelineRecord): { triggerType: string; triggerDetail: string } {
  const r = p.region;
  const source = p.decl.stages[0]?.actions.find(isSource);
  const cfg = source?.configuration ?? {};
  switch (source?.actionTypeId.provider) {
    case "CodeCommit":
    case "S3":
    case "ECR":
      return {
        triggerType: "CloudWatchEvent",
        triggerDetail: `arn:aws:events:${r.region}:${r.accountId}:rule/codepipeline-${(cfg.RepositoryName ?? p.name).slice(0, 20)}-${(cfg.BranchName ?? "main").slice(0, 10)}-rule`,
      };
    case "CodeStarSourceConnection":
      return {
        triggerType: p.decl.pipelineType === "V2" ? "WebhookV2" : "Webhook",
        triggerDetail:
          cfg.ConnectionArn ?? `arn:aws:codeconnections:${r.region}:${r.accountId}:connection/sim`,
      };
    case "GitHub":
      return {
        triggerType: "Webhook",
        triggerDetail: `arn:aws:codepipeline:${r.region}:${r.accountId}:webhook:${p.name}--Source--${cfg.Repo ?? "repo"}--1234567890`,
      };
    default:
      return {
        triggerType: "StartPipelineExecution",
        triggerDetail: `arn:aws:iam::${r.accountId}:user/${SIM_USER}`,
      };
  }
}

export interface LiveAtLoad {
  exec: ExecutionRecord;
  stage: number;
  at: number;
}

function stageIndex(decl: PipelineDecl, name: string | undefined, fallback: number): number {
  if (name === undefined) return fallback;
  const i = decl.stages.findIndex((s) => s.name === name);
  return i < 0 ? fallback : i;
}

/** Loads a scenario pipeline and its past executions. Returns executions to resume live once
 *  past builds exist. */
export function seedPipeline(
  region: RegionState,
  spec: PipelineSpec,
  index: number,
  now: number,
  broker: BuildBroker,
): LiveAtLoad[] {
  const { decl, behaviors } = declareFromSpec(region, spec);
  const specs = spec.executions ?? [];
  const starts = specs.map((e, j) => now - (e.startedMinutesAgo ?? (specs.length - j) * 360) * MINUTE);
  const oldest = Math.min(now, ...starts);
  const p = addPipeline(
    region,
    decl,
    behaviors,
    Math.min(now - 180 * DAY + index * MINUTE, oldest - DAY),
    spec.tags,
  );
  for (const t of spec.disabledTransitions ?? []) {
    p.transitions.set(t.stage, {
      enabled: false,
      lastChangedBy: t.by ?? `arn:aws:iam::${region.accountId}:user/${SIM_USER}`,
      lastChangedAt: now - (t.minutesAgo ?? 30) * MINUTE,
      disabledReason: t.reason,
    });
  }

  const order = specs.map((e, j) => ({ e, j, start: starts[j] ?? now })).sort((a, b) => a.start - b.start);
  const live: LiveAtLoad[] = [];
  const reached = new Map<ExecutionRecord, number>();
  for (const { e, j, start } of order) {
    const repo = p.head.message.replace(/^Update /, "");
    const commit: Commit = e.commit
      ? {
          id: e.commit.id ?? commitId(p.name, e.commit.message),
          message: e.commit.message,
          ...(e.commit.author ? { author: e.commit.author } : {}),
        }
      : { id: commitId(p.name, String(j)), message: `Update ${repo}` };
    const exec = createExecution(p, {
      trigger: e.trigger ?? sourceTrigger(p),
      commit,
      ...(e.variables ? { variables: new Map(e.variables.map((v) => [v.name, v.value])) } : {}),
      startTime: start,
    });
    const at = pastExecution(exec, e, behaviors, broker, now, reached);
    if (at) live.push(at);
  }

  // Superseded executions ended when a newer one reached the stage they were waiting for.
  for (const exec of p.executions) {
    if (exec.status !== "Superseded" && exec.status !== "Cancelled") continue;
    const since = reached.get(exec) ?? exec.startTime;
    const newer = p.executions
      .filter((o) => o.seq > exec.seq)
      .map(
        (o) =>
          o.stages.find((s) => s.index === exec.current)?.enteredAt ??
          (o.current === exec.current && o.waiting ? reached.get(o) : undefined),
      )
      .filter((t): t is number => t !== undefined && t >= since);
    exec.lastUpdateTime = Math.min(now, newer.length > 0 ? Math.min(...newer) : since + 10 * MINUTE);
  }
  settleLatest(p);
  const newest = p.executions.at(-1);
  p.head = spec.head
    ? { id: spec.head.id ?? commitId(p.name, spec.head.message), message: spec.head.message }
    : (newest?.commit ?? p.head);
  return live;
}

/** After seeding: each stage's and action's latest run is the most recent one. */
export function settleLatest(p: PipelineRecord): void {
  p.stageLatest.clear();
  const entries = p.executions.flatMap((e) => e.stages.map((s) => ({ e, s })));
  entries.sort((a, b) => a.s.enteredAt - b.s.enteredAt);
  for (const { e, s } of entries) p.stageLatest.set(s.name, e);
  p.actionRuns.sort((a, b) => a.startTime - b.startTime);
  p.actionLatest.clear();
  for (const r of p.actionRuns) p.actionLatest.set(actionKey(r.stageName, r.decl.name), r);
}

/** Lays one execution out in the past. Returns where a live (InProgress) one resumes. */
function pastExecution(
  exec: ExecutionRecord,
  e: ExecutionSpec,
  behaviors: Map<string, ActionBehavior>,
  broker: BuildBroker,
  now: number,
  reached: Map<ExecutionRecord, number>,
): LiveAtLoad | undefined {
  const p = exec.pipeline;
  const stages = p.decl.stages;
  const firstBuildStage = stages.findIndex((s) => s.actions.some(isCodeBuild));
  const failAt = stageIndex(p.decl, e.stage, firstBuildStage >= 0 ? firstBuildStage : stages.length - 1);
  const stopAt = stageIndex(p.decl, e.stage, stages.length - 1);
  const waitAt = stageIndex(p.decl, e.stage, e.status === "InProgress" ? 0 : stages.length - 1);
  const by = `arn:aws:iam::${p.region.accountId}:user/${SIM_USER}`;
  let t = exec.startTime;

  for (let i = 0; i < stages.length; i++) {
    const stage = stages[i];
    if (!stage) break;
    exec.current = i;
    if (
      (e.status === "Superseded" || e.status === "Cancelled" || e.status === "InProgress") &&
      i === waitAt
    ) {
      exec.waiting = true;
      exec.lastUpdateTime = t;
      reached.set(exec, t);
      if (e.status === "InProgress") return { exec, stage: i, at: t };
      exec.status = e.status;
      return undefined;
    }
    const ending =
      e.status === "Failed" && i === failAt
        ? "fail"
        : e.status === "Stopped" && i === stopAt
          ? "stop"
          : "pass";
    const failing =
      ending === "fail"
        ? (stage.actions.find((a) => a.name === e.action) ??
          stage.actions.find(isCodeBuild) ??
          stage.actions[0])
        : undefined;
    const sr: StageRun = {
      name: stage.name,
      index: i,
      status: "InProgress",
      enteredAt: t,
      actions: new Map(),
      manualRetries: 0,
    };
    exec.stages.push(sr);
    exec.waiting = false;
    const orders = [...new Set(stage.actions.map((a) => a.runOrder))].sort((a, b) => a - b);
    for (const order of orders) {
      let groupEnd = t;
      for (const a of stage.actions.filter((x) => x.runOrder === order)) {
        const run = newActionRun(exec, sr, a, t);
        const fails = a === failing;
        const behavior = behaviors.get(actionKey(stage.name, a.name)) ?? {};
        let duration = (behavior.seconds ?? defaultSeconds(a)) * 1000;
        if (isApproval(a)) duration = 25 * MINUTE;
        if (isCodeBuild(a)) {
          const status: PastBuildStatus = fails
            ? (e.buildStatus ?? "FAILED")
            : ending === "stop" && e.abandon
              ? "STOPPED"
              : "SUCCEEDED";
          const slot = broker.link(
            {
              project: run.resolvedConfiguration.ProjectName ?? "",
              status,
              start: t,
              commit: exec.commit.id,
              initiator: `codepipeline/${p.name}`,
            },
            (b) => {
              run.externalExecutionId = b.id;
              run.externalExecutionUrl = buildUrl(p.region.region, b.id);
            },
          );
          if (slot) {
            run.startTime = Math.max(t, slot.start);
            duration = slot.durationMs;
          }
        }
        const end = Math.min(now - 1000, run.startTime + duration);
        if (ending === "stop" && e.abandon) {
          run.status = "Abandoned";
          run.lastStatusChange = Math.min(end, run.startTime + duration / 2);
        } else if (fails) {
          run.status = "Failed";
          run.lastStatusChange = end;
          if (isApproval(a)) {
            run.summary = e.approvalSummary ?? "Rejected";
            run.updatedBy = by;
          } else if (isCodeBuild(a)) {
            run.errorDetails = {
              code: "JobFailed",
              message: `Build terminated with state: ${e.buildStatus ?? "FAILED"}`,
            };
          } else {
            run.errorDetails = { code: "JobFailed", message: behavior.errorMessage ?? `${a.name} failed` };
            if (behavior.summary) run.summary = behavior.summary;
          }
        } else {
          run.status = "Succeeded";
          run.lastStatusChange = end;
          recordSuccess(run, end);
          if (isApproval(a)) {
            run.summary = e.approvalSummary ?? "Looks good";
            run.updatedBy = by;
          } else if (behavior.summary) run.summary = behavior.summary;
        }
        groupEnd = Math.max(groupEnd, run.lastStatusChange);
      }
      t = groupEnd;
      if (ending !== "pass") break;
    }
    sr.status = ending === "fail" ? "Failed" : ending === "stop" ? "Stopped" : "Succeeded";
    exec.lastUpdateTime = t;
    if (ending !== "pass") {
      exec.status = ending === "fail" ? "Failed" : "Stopped";
      if (ending === "stop") exec.stopTrigger = e.stopReason !== undefined ? { reason: e.stopReason } : {};
      return undefined;
    }
    t += 1000;
  }
  exec.status = "Succeeded";
  exec.current = stages.length;
  exec.waiting = false;
  return undefined;
}
