// CodePipeline_20150709.* operations: what each does to the region's state and answers. Their
// input is checked and read by codepipeline-input.ts.
import { constraintViolation } from "./errors";
import { decodeToken, encodeToken, type Input } from "./input";
import type { Handler, OpContext } from "./op-context";
import { stageRunOf, userArn } from "./pipeline-engine";
import { isSource, type PipelineRecord } from "./pipeline-model";
import {
  renderActionDetail,
  renderDeclaration,
  renderExecution,
  renderExecutionSummary,
  renderMetadata,
  renderState,
  renderSummary,
} from "./pipeline-render";
import { addPipeline } from "./pipeline-seed";

import {
  CLIENT_TOKEN_PATTERN,
  REASON_PATTERN,
  UUID_PATTERN,
  VARIABLE_NAME_PATTERN,
  badToken,
  enumMember,
  err,
  executionId,
  isBefore,
  isOffset,
  name,
  noSuchPipeline,
  obj,
  pattern,
  pipelineByArn,
  readDeclaration,
  readTags,
  requireExecution,
  requireMember,
  requirePipeline,
  requireStage,
  stringMember,
  type Structure,
} from "./codepipeline-input";

// ---------------------------------------------------------------- operations

const listPipelines: Handler = ({ region, input }) => {
  const max = input.num("maxResults", { min: 1, max: 1000 }) ?? 100;
  const token = input.str("nextToken", { min: 1, max: 2048 });
  const offset = token === undefined ? 0 : decodeToken(token, isOffset, badToken).offset;
  const all = [...region.pipelines.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const page = all.slice(offset, offset + max);
  return {
    pipelines: page.map(renderSummary),
    ...(offset + max < all.length ? { nextToken: encodeToken({ offset: offset + max }) } : {}),
  };
};

const getPipeline: Handler = ({ region, input }) => {
  const p = requirePipeline(region, name(input, "name"));
  const version = input.num("version", { min: 1 });
  const decl = version === undefined ? p.decl : p.versions.get(version);
  if (!decl) {
    throw err(
      "PipelineVersionNotFoundException",
      `Pipeline with name '${p.name}' and version '${version}' does not exist in account '${region.accountId}'`,
    );
  }
  return { pipeline: renderDeclaration(decl, version ?? p.version), metadata: renderMetadata(p) };
};

const getPipelineState: Handler = ({ region, input }) =>
  renderState(requirePipeline(region, name(input, "name")));

const listPipelineExecutions: Handler = ({ region, input }) => {
  const p = requirePipeline(region, name(input, "pipelineName"));
  const max = input.num("maxResults", { min: 1, max: 100 }) ?? 100;
  const token = input.str("nextToken", { min: 1, max: 2048 });
  const filter = input.obj("filter");
  const succeededIn = obj(filter?.succeededInStage)?.stageName;
  let list = [...p.executions].sort((a, b) => b.seq - a.seq);
  if (typeof succeededIn === "string")
    list = list.filter((e) => stageRunOf(e, succeededIn)?.status === "Succeeded");
  if (token !== undefined) {
    const { before } = decodeToken(token, isBefore, badToken);
    list = list.filter((e) => e.seq < before);
  }
  const page = list.slice(0, max);
  const last = page.at(-1);
  return {
    pipelineExecutionSummaries: page.map(renderExecutionSummary),
    ...(list.length > max && last ? { nextToken: encodeToken({ before: last.seq }) } : {}),
  };
};

const getPipelineExecution: Handler = ({ region, input }) => {
  const p = requirePipeline(region, name(input, "pipelineName"));
  const id = executionId(input, "pipelineExecutionId") as string;
  return { pipelineExecution: renderExecution(requireExecution(p, id)) };
};

const listActionExecutions: Handler = ({ region, input }) => {
  const p = requirePipeline(region, name(input, "pipelineName"));
  const max = input.num("maxResults", { min: 1, max: 100 }) ?? 100;
  const token = input.str("nextToken", { min: 1, max: 2048 });
  const filter = input.obj("filter");
  const byExec = filter?.pipelineExecutionId ?? obj(filter?.latestInPipelineExecution)?.pipelineExecutionId;
  let indexed = p.actionRuns.map((run, i) => ({ run, i })).reverse();
  if (typeof byExec === "string") {
    pattern("filter.pipelineExecutionId", byExec, UUID_PATTERN);
    requireExecution(p, byExec);
    indexed = indexed.filter((x) => x.run.execution.id === byExec);
  }
  if (token !== undefined) {
    const { before } = decodeToken(token, isBefore, badToken);
    indexed = indexed.filter((x) => x.i < before);
  }
  const page = indexed.slice(0, max);
  const last = page.at(-1);
  return {
    actionExecutionDetails: page.map((x) => renderActionDetail(x.run)),
    ...(indexed.length > max && last ? { nextToken: encodeToken({ before: last.i }) } : {}),
  };
};

function readVariables(input: Input, p: PipelineRecord): Map<string, string> | undefined {
  const list = input.list("variables", { min: 1, max: 50 });
  if (list === undefined) return undefined;
  const values = new Map<string, string>();
  list.forEach((raw, i) => {
    const v = obj(raw) ?? {};
    const at = `variables.${i + 1}.member`;
    const varName = stringMember(`${at}.name`, v.name, VARIABLE_NAME_PATTERN);
    const value = stringMember(`${at}.value`, v.value);
    if (value.length < 1 || value.length > 1000)
      throw constraintViolation(
        "codepipeline",
        `${at}.value`,
        value,
        "Member must have length between 1 and 1000",
      );
    if (values.has(varName))
      throw err("ValidationException", `Variable '${varName}' is given more than once`);
    values.set(varName, value);
  });
  if (p.decl.pipelineType !== "V2")
    throw err("ValidationException", "Pipeline variables are only supported for pipeline type V2");
  const declared = new Set((p.decl.variables ?? []).map((v) => v.name));
  for (const n of values.keys()) {
    if (!declared.has(n))
      throw err("ValidationException", `Variable '${n}' is not declared in pipeline '${p.name}'`);
  }
  return values;
}

const startPipelineExecution: Handler = (ctx: OpContext) => {
  const { region, input, pipelines } = ctx;
  const p = requirePipeline(region, name(input, "name"));
  const token = input.str("clientRequestToken", { min: 1, max: 128 });
  pattern("clientRequestToken", token, CLIENT_TOKEN_PATTERN);
  const variables = readVariables(input, p);
  for (const v of p.decl.variables ?? []) {
    if (v.defaultValue === undefined && !variables?.has(v.name))
      throw err("ValidationException", `Variable '${v.name}' has no default value and was not given a value`);
  }
  const overrides = input.list("sourceRevisions", { max: 50 }) ?? [];
  let commit = p.head;
  overrides.forEach((raw, i) => {
    const o = obj(raw) ?? {};
    const at = `sourceRevisions.${i + 1}.member`;
    const actionName = stringMember(`${at}.actionName`, o.actionName);
    enumMember(`${at}.revisionType`, o.revisionType, [
      "COMMIT_ID",
      "IMAGE_DIGEST",
      "S3_OBJECT_VERSION_ID",
      "S3_OBJECT_KEY",
    ]);
    const value = stringMember(`${at}.revisionValue`, o.revisionValue);
    if (!p.decl.stages[0]?.actions.some((a) => a.name === actionName && isSource(a)))
      throw err("ValidationException", `Source action '${actionName}' not found in pipeline '${p.name}'`);
    const known = p.executions.find((e) => e.commit.id === value)?.commit;
    commit = known ?? { id: value, message: `Commit ${value.slice(0, 7)}` };
  });
  if (token !== undefined) {
    const earlier = p.requestTokens.get(token);
    const e = earlier ? p.executions.find((x) => x.id === earlier) : undefined;
    if (e) {
      const same =
        (variables === undefined && overrides.length === 0) ||
        [...(variables ?? new Map<string, string>())].every(
          ([k, v]) => e.variables?.find((x) => x.name === k)?.resolvedValue === v,
        );
      if (!same) {
        throw err(
          "ConflictException",
          `clientRequestToken '${token}' was already used to start execution ${e.id} with different parameters`,
        );
      }
      return { pipelineExecutionId: e.id };
    }
  }
  const exec = pipelines.start(p, {
    trigger: { triggerType: "StartPipelineExecution", triggerDetail: userArn(region.accountId) },
    commit,
    ...(variables ? { variables } : {}),
  });
  if (token !== undefined) p.requestTokens.set(token, exec.id);
  return { pipelineExecutionId: exec.id };
};

const stopPipelineExecution: Handler = ({ region, input, pipelines }) => {
  const p = requirePipeline(region, name(input, "pipelineName"));
  const id = executionId(input, "pipelineExecutionId") as string;
  const abandon = input.bool("abandon") ?? false;
  const reason = input.str("reason", { max: 200 });
  const exec = p.executions.find((e) => e.id === id);
  if (!exec) {
    throw err(
      "PipelineExecutionNotStoppableException",
      `Unable to stop pipeline execution ${id}: it does not exist in pipeline '${p.name}'`,
    );
  }
  if (exec.status === "Stopping" && !abandon) {
    throw err(
      "DuplicatedStopRequestException",
      `Pipeline execution ${id} is already stopping. You can stop and abandon it instead.`,
    );
  }
  if (exec.status !== "InProgress" && exec.status !== "Stopping") {
    throw err(
      "PipelineExecutionNotStoppableException",
      `Unable to stop pipeline execution ${id} because it is ${exec.status}`,
    );
  }
  pipelines.stop(exec, abandon, reason);
  return { pipelineExecutionId: exec.id };
};

const retryStageExecution: Handler = ({ region, input, pipelines }) => {
  const p = requirePipeline(region, name(input, "pipelineName"));
  const stage = name(input, "stageName");
  const id = executionId(input, "pipelineExecutionId") as string;
  const mode = input.oneOf("retryMode", ["FAILED_ACTIONS", "ALL_ACTIONS"] as const, { required: true }) as
    "FAILED_ACTIONS" | "ALL_ACTIONS";
  requireStage(p, stage);
  const latest = p.stageLatest.get(stage);
  if (!latest || latest.id !== id) {
    throw err(
      "NotLatestPipelineExecutionException",
      `Pipeline execution ${id} is not the latest execution of stage '${stage}' in pipeline '${p.name}'`,
    );
  }
  const sr = stageRunOf(latest, stage);
  if (!sr || sr.status !== "Failed" || latest.status !== "Failed") {
    throw err(
      "StageNotRetryableException",
      `Stage '${stage}' of pipeline execution ${id} cannot be retried: it is ${sr?.status ?? "not started"}, not Failed`,
    );
  }
  pipelines.retry(latest, sr, mode);
  return { pipelineExecutionId: latest.id };
};

const putApprovalResult: Handler = ({ region, input, pipelines }) => {
  const p = requirePipeline(region, name(input, "pipelineName"));
  const stage = name(input, "stageName");
  const action = name(input, "actionName");
  const result = input.obj("result", { required: true }) as Structure;
  const summary = stringMember("result.summary", result.summary);
  if (summary.length > 512)
    throw constraintViolation(
      "codepipeline",
      "result.summary",
      summary,
      "Member must have length less than or equal to 512",
    );
  enumMember("result.status", result.status, ["Approved", "Rejected"]);
  const token = input.str("token", { required: true }) as string;
  pattern("token", token, UUID_PATTERN);
  const { decl } = requireStage(p, stage);
  if (!decl.actions.some((a) => a.name === action))
    throw err(
      "ActionNotFoundException",
      `Action '${action}' not found in stage '${stage}' of pipeline '${p.name}'`,
    );
  const run = p.tokens.get(token);
  if (!run || run.stageName !== stage || run.decl.name !== action || run.status === "Abandoned")
    throw err(
      "InvalidApprovalTokenException",
      "The approval request already received a response or has expired.",
    );
  if (run.status !== "InProgress")
    throw err(
      "ApprovalAlreadyCompletedException",
      "The approval action has already been approved or rejected.",
    );
  const at = pipelines.answerApproval(run, result.status as "Approved" | "Rejected", summary);
  return { approvedAt: at / 1000 };
};

function transition(ctx: OpContext, enabled: boolean): undefined {
  const { region, input, pipelines } = ctx;
  const p = requirePipeline(region, name(input, "pipelineName"));
  const stage = name(input, "stageName");
  const type = input.oneOf("transitionType", ["Inbound", "Outbound"] as const, { required: true });
  let reason: string | undefined;
  if (!enabled) {
    reason = input.str("reason", { required: true, min: 1, max: 300 });
    pattern("reason", reason, REASON_PATTERN);
  }
  const { index } = requireStage(p, stage);
  const target = type === "Outbound" ? index + 1 : index;
  if (target >= p.decl.stages.length)
    throw err("ValidationException", `Stage '${stage}' is the last stage and has no outbound transition`);
  pipelines.setTransition(p, target, enabled, reason);
  return undefined;
}

const createPipeline: Handler = ({ region, input, pipelines, clock }) => {
  const raw = input.obj("pipeline", { required: true }) as Structure;
  const decl = readDeclaration(raw);
  const tags = readTags(input, "tags") ?? [];
  if (region.pipelines.has(decl.name)) {
    throw err(
      "PipelineNameInUseException",
      `A pipeline with the name '${decl.name}' already exists in account '${region.accountId}'`,
    );
  }
  const p = addPipeline(region, decl, new Map(), clock.now(), tags);
  // Like AWS, a new pipeline runs once right away.
  pipelines.start(p, {
    trigger: { triggerType: "CreatePipeline", triggerDetail: userArn(region.accountId) },
  });
  return { pipeline: renderDeclaration(decl, p.version), tags };
};

const updatePipeline: Handler = ({ region, input, clock }) => {
  const raw = input.obj("pipeline", { required: true }) as Structure;
  const decl = readDeclaration(raw);
  const p = region.pipelines.get(decl.name);
  if (!p) throw noSuchPipeline(region, decl.name);
  p.version += 1;
  p.decl = decl;
  p.versions.set(p.version, decl);
  p.updated = clock.now();
  return { pipeline: renderDeclaration(decl, p.version) };
};

const deletePipeline: Handler = ({ region, input, pipelines }) => {
  const pipelineName = name(input, "name");
  const p = region.pipelines.get(pipelineName);
  if (p) {
    pipelines.forget(p);
    region.pipelines.delete(pipelineName);
  }
  return undefined;
};

const listTagsForResource: Handler = ({ region, input }) => {
  const arn = input.str("resourceArn", { required: true, min: 1 }) as string;
  return { tags: pipelineByArn(region, arn).tags };
};

const tagResource: Handler = ({ region, input }) => {
  const arn = input.str("resourceArn", { required: true, min: 1 }) as string;
  const tags = readTags(input, "tags");
  requireMember("tags", tags);
  const p = pipelineByArn(region, arn);
  for (const t of tags ?? []) {
    if (t.key.startsWith("aws:"))
      throw err("InvalidTagsException", "Tag keys starting with 'aws:' are reserved");
    const existing = p.tags.find((x) => x.key === t.key);
    if (existing) existing.value = t.value;
    else p.tags.push(t);
  }
  if (p.tags.length > 50) throw err("TooManyTagsException", `Tag limit exceeded for resource [${arn}].`);
  return undefined;
};

const untagResource: Handler = ({ region, input }) => {
  const arn = input.str("resourceArn", { required: true, min: 1 }) as string;
  const keys = input.strList("tagKeys", { required: true }) ?? [];
  const p = pipelineByArn(region, arn);
  p.tags = p.tags.filter((t) => !keys.includes(t.key));
  return undefined;
};

export const codepipelineOps: Record<string, Handler> = {
  ListPipelines: listPipelines,
  GetPipeline: getPipeline,
  GetPipelineState: getPipelineState,
  ListPipelineExecutions: listPipelineExecutions,
  GetPipelineExecution: getPipelineExecution,
  ListActionExecutions: listActionExecutions,
  StartPipelineExecution: startPipelineExecution,
  StopPipelineExecution: stopPipelineExecution,
  RetryStageExecution: retryStageExecution,
  PutApprovalResult: putApprovalResult,
  DisableStageTransition: (ctx) => transition(ctx, false),
  EnableStageTransition: (ctx) => transition(ctx, true),
  CreatePipeline: createPipeline,
  UpdatePipeline: updatePipeline,
  DeletePipeline: deletePipeline,
  ListTagsForResource: listTagsForResource,
  TagResource: tagResource,
  UntagResource: untagResource,
};
