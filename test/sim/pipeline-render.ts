// Turns pipeline records into the JSON CodePipeline returns (timestamps in epoch seconds).
import { stageRunOf, waitingAt } from "./pipeline-engine";
import {
  actionKey,
  entityUrl,
  isSource,
  revisionUrl,
  type ActionDecl,
  type ActionRun,
  type ExecutionRecord,
  type PipelineDecl,
  type PipelineRecord,
} from "./pipeline-model";
import type { Json } from "./state";

const seconds = (ms: number): number => ms / 1000;

export function renderDeclaration(decl: PipelineDecl, version: number): Json {
  const out: Json = {
    name: decl.name,
    roleArn: decl.roleArn,
    artifactStore: decl.artifactStore,
    stages: decl.stages,
    version,
    executionMode: decl.executionMode,
    pipelineType: decl.pipelineType,
  };
  if (decl.variables !== undefined) out.variables = decl.variables;
  if (decl.triggers !== undefined) out.triggers = decl.triggers;
  return out;
}

export function renderSummary(p: PipelineRecord): Json {
  return {
    name: p.name,
    version: p.version,
    pipelineType: p.decl.pipelineType,
    executionMode: p.decl.executionMode,
    created: seconds(p.created),
    updated: seconds(p.updated),
  };
}

export function renderMetadata(p: PipelineRecord): Json {
  return { pipelineArn: p.arn, created: seconds(p.created), updated: seconds(p.updated) };
}

function renderActionExecution(run: ActionRun): Json {
  const out: Json = { actionExecutionId: run.id, status: run.status };
  if (run.summary !== undefined && run.summary !== "") out.summary = run.summary;
  out.lastStatusChange = seconds(run.lastStatusChange);
  if (run.token !== undefined && run.status === "InProgress") out.token = run.token;
  if (run.updatedBy !== undefined) out.lastUpdatedBy = run.updatedBy;
  if (run.externalExecutionId !== undefined) out.externalExecutionId = run.externalExecutionId;
  if (run.externalExecutionUrl !== undefined) out.externalExecutionUrl = run.externalExecutionUrl;
  if (run.errorDetails !== undefined) out.errorDetails = run.errorDetails;
  return out;
}

function renderActionState(p: PipelineRecord, stage: string, a: ActionDecl): Json {
  const out: Json = { actionName: a.name };
  const run = p.actionLatest.get(actionKey(stage, a.name));
  const region = p.region.region;
  if (run && isSource(a) && run.status === "Succeeded" && run.externalExecutionId) {
    out.currentRevision = {
      revisionId: run.externalExecutionId,
      revisionChangeId: run.externalExecutionId,
      created: seconds(run.lastStatusChange),
    };
  }
  if (run) out.latestExecution = renderActionExecution(run);
  const entity = entityUrl(region, a);
  if (entity) out.entityUrl = entity;
  if (run && isSource(a) && run.externalExecutionId) {
    const url = revisionUrl(region, a, run.externalExecutionId);
    if (url) out.revisionUrl = url;
  }
  return out;
}

export function renderState(p: PipelineRecord): Json {
  const stageStates = p.decl.stages.map((stage, i) => {
    const out: Json = { stageName: stage.name };
    const waiting = waitingAt(p, i);
    const next =
      p.decl.executionMode === "QUEUED"
        ? waiting[0]
        : waiting.reduce<ExecutionRecord | undefined>((a, e) => e, undefined);
    if (next) out.inboundExecution = { pipelineExecutionId: next.id, status: "InProgress" };
    if (p.decl.executionMode !== "SUPERSEDED" && waiting.length > 0)
      out.inboundExecutions = waiting.map((e) => ({ pipelineExecutionId: e.id, status: "InProgress" }));
    if (i > 0) {
      const t = p.transitions.get(stage.name);
      const state: Json = { enabled: t?.enabled ?? true };
      if (t?.lastChangedBy !== undefined) state.lastChangedBy = t.lastChangedBy;
      if (t?.lastChangedAt !== undefined) state.lastChangedAt = seconds(t.lastChangedAt);
      if (t && !t.enabled && t.disabledReason !== undefined) state.disabledReason = t.disabledReason;
      out.inboundTransitionState = state;
    }
    out.actionStates = stage.actions.map((a) => renderActionState(p, stage.name, a));
    const latest = p.stageLatest.get(stage.name);
    const sr = latest ? stageRunOf(latest, stage.name) : undefined;
    if (latest && sr) {
      out.latestExecution = { pipelineExecutionId: latest.id, status: sr.status };
      if (sr.manualRetries > 0)
        out.retryStageMetadata = {
          manualStageRetryAttempt: sr.manualRetries,
          latestRetryTrigger: "ManualStageRetry",
        };
    }
    return out;
  });
  return {
    pipelineName: p.name,
    pipelineVersion: p.version,
    stageStates,
    created: seconds(p.created),
    updated: seconds(p.updated),
  };
}

export function renderExecutionSummary(e: ExecutionRecord): Json {
  const out: Json = {
    pipelineExecutionId: e.id,
    status: e.status,
    startTime: seconds(e.startTime),
    lastUpdateTime: seconds(e.lastUpdateTime),
    sourceRevisions: e.sourceRevisions,
    trigger: e.trigger,
  };
  if (e.stopTrigger !== undefined) out.stopTrigger = e.stopTrigger;
  out.executionMode = e.executionMode;
  out.executionType = "STANDARD";
  return out;
}

export function renderExecution(e: ExecutionRecord): Json {
  const out: Json = {
    pipelineName: e.pipeline.name,
    pipelineVersion: e.pipelineVersion,
    pipelineExecutionId: e.id,
    status: e.status,
    artifactRevisions: e.artifactRevisions.map((r) => ({ ...r, created: seconds(Number(r.created)) })),
  };
  if (e.variables !== undefined) out.variables = e.variables;
  out.trigger = e.trigger;
  out.executionMode = e.executionMode;
  out.executionType = "STANDARD";
  return out;
}

export function renderActionDetail(run: ActionRun): Json {
  const exec = run.execution;
  const a = run.decl;
  const region = a.region ?? exec.pipeline.region.region;
  const input: Json = {
    actionTypeId: a.actionTypeId,
    configuration: a.configuration,
    resolvedConfiguration: run.resolvedConfiguration,
    ...(a.roleArn !== undefined ? { roleArn: a.roleArn } : {}),
    region,
    inputArtifacts: (run.inputS3 ?? []).map((i) => ({
      name: i.name,
      s3location: { bucket: i.bucket, key: i.key },
    })),
    ...(a.namespace !== undefined ? { namespace: a.namespace } : {}),
  };
  const result: Json = {};
  if (run.externalExecutionId !== undefined) result.externalExecutionId = run.externalExecutionId;
  if (run.summary !== undefined && run.summary !== "") result.externalExecutionSummary = run.summary;
  if (run.externalExecutionUrl !== undefined) result.externalExecutionUrl = run.externalExecutionUrl;
  if (run.errorDetails !== undefined) result.errorDetails = run.errorDetails;
  const output: Json = {
    outputArtifacts: (run.outputS3 ?? []).map((o) => ({
      name: o.name,
      s3location: { bucket: o.bucket, key: o.key },
    })),
    executionResult: result,
    outputVariables: run.outputVariables ?? {},
  };
  const out: Json = {
    pipelineExecutionId: exec.id,
    actionExecutionId: run.id,
    pipelineVersion: exec.pipelineVersion,
    stageName: run.stageName,
    actionName: a.name,
    startTime: seconds(run.startTime),
    lastUpdateTime: seconds(run.lastStatusChange),
  };
  if (run.updatedBy !== undefined) out.updatedBy = run.updatedBy;
  out.status = run.status;
  out.input = input;
  out.output = output;
  return out;
}
