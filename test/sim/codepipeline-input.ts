// CodePipeline's input checks, as the service makes them: names and ids against their patterns,
// pipeline declarations read and validated member by member, and the lookups that answer
// "does not exist" in CodePipeline's words. The handlers (codepipeline-api.ts) use these.
import { constraintViolation, SimError } from "./errors";
import { type Input } from "./input";
import {
  ACTION_CATEGORIES,
  EXECUTION_MODES,
  PIPELINE_TYPES,
  type ExecutionMode,
  type PipelineType,
} from "./pipeline-scenario";
import {
  isSource,
  type ActionDecl,
  type ExecutionRecord,
  type PipelineDecl,
  type PipelineRecord,
  type StageDecl,
} from "./pipeline-model";
import type { Json, RegionState } from "./state";

export const NAME_PATTERN = "[A-Za-z0-9.@\\-_]+";
export const UUID_PATTERN = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
export const ROLE_PATTERN = "arn:aws(-[\\w]+)*:iam::[0-9]{12}:role/.*";
export const REASON_PATTERN = "[a-zA-Z0-9!@ \\(\\)\\.\\*\\?\\-]+";
export const CLIENT_TOKEN_PATTERN = "^[a-zA-Z0-9-]+$";
export const VARIABLE_NAME_PATTERN = "[A-Za-z0-9@\\-_]+";

export const err = (code: string, message: string): SimError => new SimError(code, message);
export const badToken = (): SimError =>
  err(
    "InvalidNextTokenException",
    "The next token was specified in an invalid format. Make sure that the next token you provide is the token returned by a previous call.",
  );

export function pattern(member: string, value: string | undefined, re: string): void {
  if (value === undefined) return;
  if (!new RegExp(`^(?:${re})$`).test(value)) {
    throw constraintViolation(
      "codepipeline",
      member,
      value,
      `Member must satisfy regular expression pattern: ${re}`,
    );
  }
}

export function name(input: Input, member: string): string {
  const v = input.str(member, { required: true, min: 1, max: 100 }) as string;
  pattern(member, v, NAME_PATTERN);
  return v;
}

export function executionId(input: Input, member: string, required = true): string | undefined {
  const v = input.str(member, { required });
  pattern(member, v, UUID_PATTERN);
  return v;
}

export function requirePipeline(region: RegionState, pipelineName: string): PipelineRecord {
  const p = region.pipelines.get(pipelineName);
  if (!p) {
    throw err(
      "PipelineNotFoundException",
      `Account '${region.accountId}' does not have a pipeline with name '${pipelineName}'`,
    );
  }
  return p;
}

export function requireStage(p: PipelineRecord, stage: string): { decl: StageDecl; index: number } {
  const index = p.decl.stages.findIndex((s) => s.name === stage);
  const decl = p.decl.stages[index];
  if (!decl) throw err("StageNotFoundException", `Stage '${stage}' not found in pipeline '${p.name}'`);
  return { decl, index };
}

export function requireExecution(p: PipelineRecord, id: string): ExecutionRecord {
  const e = p.executions.find((x) => x.id === id);
  if (!e) {
    throw err(
      "PipelineExecutionNotFoundException",
      `Pipeline execution with id '${id}' does not exist in pipeline with name '${p.name}' in account '${p.region.accountId}'`,
    );
  }
  return e;
}

export type Offset = { offset: number };
export const isOffset = (v: unknown): v is Offset => typeof (v as Offset | null)?.offset === "number";
export type Before = { before: number };
export const isBefore = (v: unknown): v is Before => typeof (v as Before | null)?.before === "number";

// ---------------------------------------------------------------- declarations

export interface Structure {
  [k: string]: unknown;
}

export const obj = (v: unknown): Structure | undefined =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Structure) : undefined;

export function invalidStructure(message: string): SimError {
  return err("InvalidStructureException", message);
}

export function requireMember(path: string, v: unknown): void {
  if (v === undefined || v === null)
    throw constraintViolation("codepipeline", path, null, "Member must not be null");
}

export function enumMember(path: string, v: unknown, values: readonly string[]): void {
  requireMember(path, v);
  if (typeof v !== "string" || !values.includes(v)) {
    throw constraintViolation(
      "codepipeline",
      path,
      v,
      `Member must satisfy enum value set: [${values.join(", ")}]`,
    );
  }
}

export function stringMember(path: string, v: unknown, re?: string): string {
  requireMember(path, v);
  if (typeof v !== "string")
    throw new SimError("SerializationException", `Unexpected value type for '${path}': expected string.`);
  if (re) pattern(path, v, re);
  return v;
}

/** Checks a PipelineDeclaration from CreatePipeline/UpdatePipeline and fills in what AWS fills in. */
export function readDeclaration(raw: Structure): PipelineDecl {
  const pipelineName = stringMember("pipeline.name", raw.name, NAME_PATTERN);
  if (pipelineName.length > 100) {
    throw constraintViolation(
      "codepipeline",
      "pipeline.name",
      pipelineName,
      "Member must have length less than or equal to 100",
    );
  }
  const roleArn = stringMember("pipeline.roleArn", raw.roleArn, ROLE_PATTERN);
  const pipelineType = (raw.pipelineType ?? "V1") as PipelineType;
  enumMember("pipeline.pipelineType", pipelineType, PIPELINE_TYPES);
  const executionMode = (raw.executionMode ?? "SUPERSEDED") as ExecutionMode;
  enumMember("pipeline.executionMode", executionMode, EXECUTION_MODES);
  if (pipelineType === "V1" && executionMode !== "SUPERSEDED")
    throw invalidStructure(`Execution mode ${executionMode} is only supported for pipeline type V2`);
  const store = obj(raw.artifactStore);
  if (!store && !obj(raw.artifactStores)) throw invalidStructure("Pipeline must have an artifact store");
  if (store) {
    enumMember("pipeline.artifactStore.type", store.type, ["S3"]);
    stringMember("pipeline.artifactStore.location", store.location);
  }
  requireMember("pipeline.stages", raw.stages);
  if (!Array.isArray(raw.stages))
    throw new SimError(
      "SerializationException",
      "Unexpected value type for 'pipeline.stages': expected list.",
    );
  if (raw.stages.length < 2) {
    throw invalidStructure(
      `Pipeline has only ${raw.stages.length} stage(s). There should be a minimum of 2 stages in a pipeline`,
    );
  }
  const seen = new Set<string>();
  const stages: StageDecl[] = (raw.stages as unknown[]).map((rs, i) => {
    const s = obj(rs) ?? {};
    const at = `pipeline.stages.${i + 1}.member`;
    const stageName = stringMember(`${at}.name`, s.name, NAME_PATTERN);
    if (seen.has(stageName)) throw invalidStructure(`Stage name '${stageName}' is used more than once`);
    seen.add(stageName);
    requireMember(`${at}.actions`, s.actions);
    if (!Array.isArray(s.actions) || s.actions.length === 0)
      throw invalidStructure(`Stage '${stageName}' must contain at least one action`);
    const actions: ActionDecl[] = (s.actions as unknown[]).map((ra, j) => {
      const a = obj(ra) ?? {};
      const aat = `${at}.actions.${j + 1}.member`;
      const actionName = stringMember(`${aat}.name`, a.name, NAME_PATTERN);
      const type = obj(a.actionTypeId);
      requireMember(`${aat}.actionTypeId`, type);
      enumMember(`${aat}.actionTypeId.category`, type?.category, ACTION_CATEGORIES);
      enumMember(`${aat}.actionTypeId.owner`, type?.owner, ["AWS", "ThirdParty", "Custom"]);
      stringMember(`${aat}.actionTypeId.provider`, type?.provider);
      stringMember(`${aat}.actionTypeId.version`, type?.version);
      const decl: ActionDecl = {
        ...a,
        name: actionName,
        actionTypeId: {
          category: type?.category as ActionDecl["actionTypeId"]["category"],
          owner: String(type?.owner),
          provider: String(type?.provider),
          version: String(type?.version),
        },
        runOrder: typeof a.runOrder === "number" ? a.runOrder : 1,
        configuration: (obj(a.configuration) as Record<string, string> | undefined) ?? {},
        outputArtifacts: (Array.isArray(a.outputArtifacts) ? a.outputArtifacts : []) as { name: string }[],
        inputArtifacts: (Array.isArray(a.inputArtifacts) ? a.inputArtifacts : []) as { name: string }[],
      };
      return decl;
    });
    return { ...s, name: stageName, actions };
  });
  const first = stages[0];
  if (first && !first.actions.every(isSource))
    throw invalidStructure(`Pipeline stage '${first.name}' must contain only source actions`);
  for (const s of stages.slice(1)) {
    if (s.actions.some(isSource))
      throw invalidStructure(`Source actions can only be in the first stage; stage '${s.name}' has one`);
  }
  const variables = raw.variables;
  if (pipelineType === "V1" && Array.isArray(variables) && variables.length > 0)
    throw invalidStructure("Pipeline variables are only supported for pipeline type V2");
  if (Array.isArray(variables)) {
    variables.forEach((v, i) =>
      stringMember(`pipeline.variables.${i + 1}.member.name`, obj(v)?.name, VARIABLE_NAME_PATTERN),
    );
  }
  const decl: PipelineDecl = {
    name: pipelineName,
    roleArn,
    artifactStore: (store ?? {}) as PipelineDecl["artifactStore"],
    stages,
    executionMode,
    pipelineType,
  };
  if (!store) {
    delete (decl as Partial<PipelineDecl>).artifactStore;
    decl.artifactStores = raw.artifactStores;
  }
  if (Array.isArray(variables)) decl.variables = variables as PipelineDecl["variables"];
  if (Array.isArray(raw.triggers)) decl.triggers = raw.triggers as Json[];
  return decl;
}

export function readTags(input: Input, member: string): { key: string; value: string }[] | undefined {
  const list = input.list(member);
  if (list === undefined) return undefined;
  return list.map((t, i) => {
    const tag = obj(t) ?? {};
    const key = stringMember(`${member}.${i + 1}.member.key`, tag.key);
    const value = stringMember(`${member}.${i + 1}.member.value`, tag.value);
    return { key, value };
  });
}

/** moto's wording (the model says nothing) for a pipeline that is not there, outside Get*. */
export function noSuchPipeline(region: RegionState, pipelineName: string): SimError {
  return err(
    "ResourceNotFoundException",
    `The account with id '${region.accountId}' does not include a pipeline with the name '${pipelineName}'`,
  );
}

export function pipelineByArn(region: RegionState, arn: string): PipelineRecord {
  if (!/^arn:aws(-[\w]+)*:codepipeline:[^:]+:[0-9]{12}:.+$/.test(arn))
    throw err("InvalidArnException", `The ARN ${arn} is not valid`);
  const pipelineName = arn.slice(arn.lastIndexOf(":") + 1);
  const p = region.pipelines.get(pipelineName);
  if (!p || p.arn !== arn) throw noSuchPipeline(region, pipelineName);
  return p;
}
