// Moves live CodePipeline executions forward on the simulator clock: stage by stage, action
// group (runOrder) by group; CodeBuild actions run real simulated builds, manual approvals wait
// for PutApprovalResult; stage locking, disabled transitions and superseding as AWS does them.
import { randomUUID } from "node:crypto";
import type { Clock } from "./clock";
import { SIM_USER } from "./constants";
import type { BuildEngine } from "./engine";
import {
  actionKey,
  artifactKey,
  deploymentId,
  isApproval,
  isCodeBuild,
  isSource,
  revisionSummary,
  revisionUrl,
  resolveConfiguration,
  sourceVariables,
  type ActionDecl,
  type ActionRun,
  type ActionStatus,
  type Commit,
  type ExecutionRecord,
  type PipelineDecl,
  type PipelineRecord,
  type StageRun,
} from "./pipeline-model";
import type { EnvVar } from "./state";

/** Simulated seconds an action takes when the scenario does not say. */
export function defaultSeconds(a: ActionDecl): number {
  switch (a.actionTypeId.category) {
    case "Source":
      return 3;
    case "Deploy":
      return 30;
    case "Invoke":
      return 10;
    default:
      return 20;
  }
}

export const userArn = (accountId: string): string => `arn:aws:iam::${accountId}:user/${SIM_USER}`;

export function declOf(exec: ExecutionRecord): PipelineDecl {
  return exec.pipeline.versions.get(exec.pipelineVersion) ?? exec.pipeline.decl;
}

export function stageRunOf(exec: ExecutionRecord, stageName: string): StageRun | undefined {
  return exec.stages.find((s) => s.name === stageName);
}

const active = (e: ExecutionRecord): boolean => e.status === "InProgress" || e.status === "Stopping";

/** Executions waiting to enter stage i, oldest first. */
export function waitingAt(p: PipelineRecord, i: number): ExecutionRecord[] {
  return p.executions.filter((e) => e.status === "InProgress" && e.waiting && e.current === i);
}

export interface NewExecution {
  trigger: { triggerType: string; triggerDetail?: string };
  commit?: Commit;
  /** V2 values by name (declared defaults fill the rest). */
  variables?: Map<string, string>;
  startTime: number;
}

/** Creates an execution record (not yet started). */
export function createExecution(p: PipelineRecord, n: NewExecution): ExecutionRecord {
  const decl = p.decl;
  const exec: ExecutionRecord = {
    id: randomUUID(),
    seq: p.nextSeq++,
    pipeline: p,
    pipelineVersion: p.version,
    status: "InProgress",
    startTime: n.startTime,
    lastUpdateTime: n.startTime,
    trigger: n.trigger,
    executionMode: decl.executionMode,
    commit: n.commit ?? p.head,
    sourceRevisions: [],
    artifactRevisions: [],
    stages: [],
    current: 0,
    waiting: true,
    stopping: false,
    attempts: new Map(),
    namespaces: new Map(),
    artifacts: new Map(),
  };
  if (decl.pipelineType === "V2" && decl.variables && decl.variables.length > 0) {
    exec.variables = decl.variables.map((v) => ({
      name: v.name,
      resolvedValue: n.variables?.get(v.name) ?? v.defaultValue ?? "",
    }));
  }
  p.executions.push(exec);
  return exec;
}

/** Creates an action run in a stage run (live or past) and makes it the action's latest. */
export function newActionRun(exec: ExecutionRecord, sr: StageRun, decl: ActionDecl, at: number): ActionRun {
  const p = exec.pipeline;
  const key = actionKey(sr.name, decl.name);
  const attempt = (exec.attempts.get(key) ?? 0) + 1;
  exec.attempts.set(key, attempt);
  const run: ActionRun = {
    id: randomUUID(),
    execution: exec,
    stageName: sr.name,
    decl,
    attempt,
    status: "InProgress",
    startTime: at,
    lastStatusChange: at,
    resolvedConfiguration: resolveConfiguration(decl, exec),
    inputS3: decl.inputArtifacts.map((a) => ({
      name: a.name,
      ...(exec.artifacts.get(a.name) ?? {
        bucket: p.decl.artifactStore.location,
        key: artifactKey(p.name, a.name),
      }),
    })),
  };
  sr.actions.set(decl.name, run);
  p.actionLatest.set(key, run);
  p.actionRuns.push(run);
  exec.lastUpdateTime = Math.max(exec.lastUpdateTime, at);
  return run;
}

/** What a finished action leaves behind: output artifacts, a source's revision and variables. */
export function recordSuccess(run: ActionRun, at: number): void {
  const exec = run.execution;
  const p = exec.pipeline;
  const a = run.decl;
  run.outputS3 = a.outputArtifacts.map((o) => {
    const loc = { bucket: p.decl.artifactStore.location, key: artifactKey(p.name, o.name) };
    exec.artifacts.set(o.name, loc);
    return { name: o.name, ...loc };
  });
  if (isSource(a)) {
    const commit = exec.commit;
    const url = revisionUrl(p.region.region, a, commit.id);
    const summary = revisionSummary(a, commit.message);
    run.externalExecutionId = commit.id;
    run.summary = summary;
    if (url) run.externalExecutionUrl = url;
    run.outputVariables = sourceVariables(a, commit, at);
    exec.sourceRevisions.push({
      actionName: a.name,
      revisionId: commit.id,
      revisionSummary: summary,
      ...(url ? { revisionUrl: url } : {}),
    });
    for (const o of a.outputArtifacts) {
      exec.artifactRevisions.push({
        name: o.name,
        revisionId: commit.id,
        revisionSummary: summary,
        created: at,
        ...(url ? { revisionUrl: url } : {}),
      });
    }
  }
  if (a.namespace) exec.namespaces.set(a.namespace, run.outputVariables ?? {});
}

/** Environment variables from a CodeBuild action's EnvironmentVariables configuration (JSON). */
function envOverrides(config: Record<string, string>): EnvVar[] | undefined {
  const raw = config.EnvironmentVariables;
  if (!raw) return undefined;
  try {
    const list = JSON.parse(raw) as unknown;
    if (!Array.isArray(list)) return undefined;
    return list
      .filter((v): v is EnvVar => typeof (v as EnvVar)?.name === "string")
      .map((v) => ({ name: v.name, value: String(v.value ?? ""), type: v.type ?? "PLAINTEXT" }));
  } catch {
    return undefined;
  }
}

export function buildUrl(region: string, buildId: string): string {
  return `https://console.aws.amazon.com/codebuild/home?region=${region}#/builds/${buildId}/view/new`;
}

export class PipelineEngine {
  constructor(
    private readonly clock: Clock,
    private readonly builds: BuildEngine,
  ) {}

  /** StartPipelineExecution and friends: a new execution entering the first stage. */
  start(p: PipelineRecord, n: Omit<NewExecution, "startTime">): ExecutionRecord {
    const exec = createExecution(p, { ...n, startTime: this.clock.now() });
    this.tryEnter(exec, 0);
    return exec;
  }

  /** Moves an execution to stage i: enters it, or waits (held by a disabled transition or a
   *  busy stage), superseding older waiting executions in SUPERSEDED mode. `at` backdates the
   *  entry (an execution the scenario has sitting at an approval since then). */
  tryEnter(exec: ExecutionRecord, i: number, at?: number): void {
    const now = at ?? this.clock.now();
    const stages = declOf(exec).stages;
    exec.lastUpdateTime = now;
    if (i >= stages.length) {
      exec.status = "Succeeded";
      exec.waiting = false;
      return;
    }
    exec.current = i;
    exec.waiting = true;
    if (this.blocked(exec, i)) {
      this.supersedeWaiting(exec.pipeline, i);
      return;
    }
    this.enterStage(exec, i, at);
  }

  private blocked(exec: ExecutionRecord, i: number): boolean {
    const p = exec.pipeline;
    const name = declOf(exec).stages[i]?.name ?? "";
    if (p.transitions.get(name)?.enabled === false) return true;
    if (exec.executionMode === "PARALLEL") return false;
    if (this.occupant(p, i)) return true;
    return exec.executionMode === "QUEUED" && waitingAt(p, i).some((e) => e.seq < exec.seq);
  }

  private occupant(p: PipelineRecord, i: number): ExecutionRecord | undefined {
    return p.executions.find(
      (e) => active(e) && !e.waiting && e.current === i && e.executionMode !== "PARALLEL",
    );
  }

  /** SUPERSEDED mode: only the newest execution waiting before a stage keeps waiting. */
  private supersedeWaiting(p: PipelineRecord, i: number): void {
    const waiting = waitingAt(p, i).filter((e) => e.executionMode === "SUPERSEDED");
    const newest = waiting.reduce<ExecutionRecord | undefined>(
      (a, e) => (!a || e.seq > a.seq ? e : a),
      undefined,
    );
    for (const e of waiting) {
      if (e === newest) continue;
      e.status = "Superseded";
      e.lastUpdateTime = this.clock.now();
    }
  }

  /** Stage i became free (or its transition was enabled): let the next waiting execution in. */
  release(p: PipelineRecord, i: number): void {
    const name = p.decl.stages[i]?.name;
    if (name === undefined || p.transitions.get(name)?.enabled === false) return;
    const waiting = waitingAt(p, i);
    if (waiting.length === 0) return;
    const parallel = waiting.filter((e) => e.executionMode === "PARALLEL");
    for (const e of parallel) this.enterStage(e, i);
    const rest = waiting.filter((e) => e.executionMode !== "PARALLEL");
    if (rest.length === 0 || this.occupant(p, i)) return;
    if (rest.some((e) => e.executionMode === "SUPERSEDED")) this.supersedeWaiting(p, i);
    const next = rest.find((e) => e.status === "InProgress" && e.executionMode === "QUEUED") ?? rest.at(-1);
    if (next && next.status === "InProgress") this.enterStage(next, i);
  }

  private enterStage(exec: ExecutionRecord, i: number, at?: number): void {
    const stage = declOf(exec).stages[i];
    if (!stage) return;
    exec.current = i;
    exec.waiting = false;
    const sr: StageRun = {
      name: stage.name,
      index: i,
      status: "InProgress",
      enteredAt: at ?? this.clock.now(),
      actions: new Map(),
      manualRetries: 0,
    };
    exec.stages.push(sr);
    exec.pipeline.stageLatest.set(stage.name, exec);
    this.nextGroup(exec, sr, at);
  }

  /** Starts the lowest runOrder group that has not succeeded yet, or finishes the stage. */
  private nextGroup(exec: ExecutionRecord, sr: StageRun, at?: number): void {
    const stage = declOf(exec).stages[sr.index];
    if (!stage) return;
    const orders = [...new Set(stage.actions.map((a) => a.runOrder))].sort((a, b) => a - b);
    for (const order of orders) {
      const pending = stage.actions.filter(
        (a) => a.runOrder === order && sr.actions.get(a.name)?.status !== "Succeeded",
      );
      if (pending.length === 0) continue;
      for (const a of pending) this.startAction(exec, sr, a, at);
      return;
    }
    sr.status = "Succeeded";
    exec.lastUpdateTime = this.clock.now();
    // Leave the stage first, so the next execution waiting for it can come in.
    exec.current = sr.index + 1;
    exec.waiting = true;
    this.release(exec.pipeline, sr.index);
    this.tryEnter(exec, sr.index + 1);
  }

  private startAction(exec: ExecutionRecord, sr: StageRun, a: ActionDecl, at?: number): void {
    const p = exec.pipeline;
    // Only a waiting approval can have started before now; timed actions start their clock now.
    const run = newActionRun(exec, sr, a, isApproval(a) && at !== undefined ? at : this.clock.now());
    const behavior = p.behaviors.get(actionKey(sr.name, a.name)) ?? {};
    const failAttempts = behavior.failAttempts ?? 0;
    const fails =
      run.attempt <= failAttempts || (run.attempt > failAttempts && behavior.outcome === "Failed");

    if (isApproval(a)) {
      run.token = randomUUID();
      p.tokens.set(run.token, run);
      return;
    }
    if (isCodeBuild(a)) {
      this.startBuild(
        run,
        failAttempts > 0 ? (run.attempt <= failAttempts ? "FAILED" : "SUCCEEDED") : undefined,
      );
      return;
    }
    if (a.actionTypeId.provider === "CodeDeploy") {
      run.externalExecutionId = deploymentId();
      run.externalExecutionUrl = `https://${p.region.region}.console.aws.amazon.com/codesuite/codedeploy/deployments/${run.externalExecutionId}?region=${p.region.region}`;
    }
    const seconds = behavior.seconds ?? defaultSeconds(a);
    run.cancel = this.clock.after(seconds * 1000, () => {
      const now = this.clock.now();
      if (fails) {
        this.complete(run, "Failed", {
          ...(behavior.summary ? { summary: behavior.summary } : {}),
          errorDetails: { code: "JobFailed", message: behavior.errorMessage ?? `${a.name} failed` },
        });
        return;
      }
      recordSuccess(run, now);
      if (behavior.summary) run.summary = behavior.summary;
      else if (a.actionTypeId.provider === "CodeDeploy") run.summary = "Deployment Succeeded";
      this.complete(run, "Succeeded");
    });
  }

  private startBuild(run: ActionRun, outcome: "FAILED" | "SUCCEEDED" | undefined): void {
    const region = run.execution.pipeline.region;
    const projectName = run.resolvedConfiguration.ProjectName ?? "";
    const project = region.findProject(projectName);
    if (!project) {
      run.cancel = this.clock.after(1000, () =>
        this.complete(run, "Failed", {
          errorDetails: {
            code: "JobFailed",
            message: `Error calling startBuild: Project cannot be found: ${region.projectArn(projectName)} (Service: AWSCodeBuild; Status Code: 400; Error Code: ResourceNotFoundException)`,
          },
        }),
      );
      return;
    }
    const env = envOverrides(run.resolvedConfiguration);
    const build = this.builds.start(
      region,
      project,
      { sourceVersion: run.execution.commit.id, ...(env ? { environmentVariablesOverride: env } : {}) },
      `codepipeline/${run.execution.pipeline.name}`,
      {
        ...(outcome ? { outcome } : {}),
        onDone: (b) => {
          if (run.status !== "InProgress") return; // abandoned: the build ran on by itself
          if (b.buildStatus === "SUCCEEDED") {
            recordSuccess(run, this.clock.now());
            this.complete(run, "Succeeded");
          } else {
            this.complete(run, "Failed", {
              errorDetails: { code: "JobFailed", message: `Build terminated with state: ${b.buildStatus}` },
            });
          }
        },
      },
    );
    run.externalExecutionId = build.id;
    run.externalExecutionUrl = buildUrl(region.region, build.id);
  }

  /** Ends an in-progress action and moves its stage on. */
  complete(run: ActionRun, status: ActionStatus, extra: Partial<ActionRun> = {}): void {
    if (run.status !== "InProgress") return;
    run.cancel?.();
    delete run.cancel;
    const now = this.clock.now();
    Object.assign(run, extra);
    run.status = status;
    run.lastStatusChange = now;
    const exec = run.execution;
    exec.lastUpdateTime = now;
    const sr = stageRunOf(exec, run.stageName);
    if (sr) this.afterAction(exec, sr);
  }

  private afterAction(exec: ExecutionRecord, sr: StageRun): void {
    const runs = [...sr.actions.values()];
    if (runs.some((r) => r.status === "InProgress")) return;
    if (exec.status === "Stopping") {
      this.finishStop(exec, sr);
      return;
    }
    if (exec.status !== "InProgress" || exec.waiting || exec.current !== sr.index) return;
    if (runs.some((r) => r.status === "Failed" || r.status === "Abandoned")) {
      sr.status = "Failed";
      exec.status = "Failed";
      exec.lastUpdateTime = this.clock.now();
      this.release(exec.pipeline, sr.index);
      return;
    }
    this.nextGroup(exec, sr);
  }

  private finishStop(exec: ExecutionRecord, sr: StageRun | undefined): void {
    exec.status = "Stopped";
    exec.stopping = false;
    exec.lastUpdateTime = this.clock.now();
    if (sr) {
      sr.status = "Stopped";
      this.release(exec.pipeline, sr.index);
    }
  }

  /** StopPipelineExecution (the caller checked that the execution can be stopped). */
  stop(exec: ExecutionRecord, abandon: boolean, reason: string | undefined): void {
    exec.stopTrigger = reason !== undefined ? { reason } : {};
    exec.lastUpdateTime = this.clock.now();
    if (exec.waiting) {
      this.finishStop(exec, undefined);
      return;
    }
    const sr = exec.stages.find(
      (s) => s.index === exec.current && (s.status === "InProgress" || s.status === "Stopping"),
    );
    if (!sr) {
      this.finishStop(exec, undefined);
      return;
    }
    if (abandon) {
      const now = this.clock.now();
      for (const run of sr.actions.values()) {
        if (run.status !== "InProgress") continue;
        run.cancel?.();
        delete run.cancel;
        run.status = "Abandoned";
        run.lastStatusChange = now;
      }
      this.finishStop(exec, sr);
      return;
    }
    exec.status = "Stopping";
    exec.stopping = true;
    sr.status = "Stopping";
    if (![...sr.actions.values()].some((r) => r.status === "InProgress")) this.finishStop(exec, sr);
  }

  /** RetryStageExecution (the caller checked that the stage's latest execution failed). */
  retry(exec: ExecutionRecord, sr: StageRun, mode: "FAILED_ACTIONS" | "ALL_ACTIONS"): void {
    for (const [name, run] of sr.actions) {
      if (mode === "ALL_ACTIONS" || run.status === "Failed" || run.status === "Abandoned")
        sr.actions.delete(name);
    }
    sr.manualRetries++;
    sr.status = "InProgress";
    exec.status = "InProgress";
    exec.current = sr.index;
    exec.waiting = false;
    exec.stopping = false;
    exec.lastUpdateTime = this.clock.now();
    exec.pipeline.stageLatest.set(sr.name, exec);
    this.nextGroup(exec, sr);
  }

  /** PutApprovalResult on a waiting approval (the caller checked the token). */
  answerApproval(run: ActionRun, status: "Approved" | "Rejected", summary: string): number {
    const now = this.clock.now();
    const by = userArn(run.execution.pipeline.region.accountId);
    if (status === "Approved") recordSuccess(run, now);
    this.complete(run, status === "Approved" ? "Succeeded" : "Failed", {
      ...(summary !== "" ? { summary } : {}),
      updatedBy: by,
    });
    return now;
  }

  /** Disable/EnableStageTransition (inbound transition of stage i). */
  setTransition(p: PipelineRecord, i: number, enabled: boolean, reason?: string): void {
    const name = p.decl.stages[i]?.name;
    if (name === undefined) return;
    p.transitions.set(name, {
      enabled,
      lastChangedBy: userArn(p.region.accountId),
      lastChangedAt: this.clock.now(),
      ...(enabled || reason === undefined ? {} : { disabledReason: reason }),
    });
    if (enabled) this.release(p, i);
  }

  /** DeletePipeline: no more timers for its actions (builds it started run on). */
  forget(p: PipelineRecord): void {
    for (const run of p.actionRuns) {
      run.cancel?.();
      delete run.cancel;
    }
    for (const e of p.executions) if (active(e)) e.status = "Stopped";
  }
}
