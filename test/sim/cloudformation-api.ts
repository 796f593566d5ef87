// CloudFormation (2010-05-15) operations over the query protocol: stacks, their resources,
// events and templates; change sets (created on the clock, executed by the engine); validation;
// drift detection. Errors are CloudFormation's: ValidationError for nearly everything, and the
// modelled ones (AlreadyExistsException, ChangeSetNotFound, InvalidChangeSetStatus,
// InsufficientCapabilitiesException).
import { computeChanges } from "./cloudformation-changes";
import { startDetection } from "./cloudformation-drift";
import { CfnEngine, parameterMap, prepare, type Deployment } from "./cloudformation-engine";
import { processTemplate, shortHash } from "./cloudformation-eval";
import {
  cfnOf,
  changeSetArn,
  findStack,
  isInProgress,
  type CfnRegion,
  type ChangeSetRecord,
  type ParamValue,
  type StackRecord,
  type Tag,
} from "./cloudformation-model";
import {
  renderChange,
  renderChangeSet,
  renderChangeSetSummary,
  renderEvent,
  renderResourceDrift,
  renderResourceSummary,
  renderStack,
  renderStackResource,
  renderStackResourceDetail,
  renderStackSummary,
} from "./cloudformation-render";
import {
  asObject,
  checkTemplate,
  MAX_TEMPLATE_BODY,
  MAX_TEMPLATE_URL_OBJECT,
  parameterDecls,
  parseTemplate,
  requiredCapabilities,
  scalarText,
  transformsOf,
  validationError,
  type ParameterDecl,
  type Template,
  type TemplateSummary,
} from "./cloudformation-template";
import { liveTimeline } from "./cloudformation-timeline";
import { SimError } from "./errors";
import { decodeToken, encodeToken } from "./input";
import type { Handler, OpContext } from "./op-context";
import type { Json } from "./state";

const PAGE = 100;
const STACK_NAME = /^([a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*)$/;
const CHANGE_SET_NAME = /^([a-zA-Z][-a-zA-Z0-9]*|arn:[-a-zA-Z0-9:/._+]*)$/;
/** Simulated seconds a change set spends in CREATE_PENDING, then in CREATE_IN_PROGRESS. */
const CHANGE_SET_STEP_SECONDS = 0.5;
const NO_CHANGES =
  "The submitted information didn't contain changes. Submit different information to create a change set.";
const CAPABILITIES = ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "CAPABILITY_AUTO_EXPAND"] as const;

// ── Reading the query protocol's input (every value arrives as text) ───────────────────

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function violation(member: string, value: unknown, constraint: string): SimError {
  const shown =
    value === undefined ? "null" : `'${typeof value === "string" ? value : JSON.stringify(value)}'`;
  return validationError(
    `1 validation error detected: Value ${shown} at '${lowerFirst(member)}' failed to satisfy constraint: ${constraint}`,
  );
}

class Query {
  constructor(private readonly body: Json) {}

  str(name: string, rules: { required?: boolean; max?: number; pattern?: RegExp } = {}): string | undefined {
    const v = this.body[name];
    if (v === undefined || v === null) {
      if (rules.required) throw violation(name, undefined, "Member must not be null");
      return undefined;
    }
    if (typeof v !== "string") throw violation(name, v, "Member must be a string");
    if (rules.max !== undefined && v.length > rules.max)
      throw violation(
        name,
        v.length > 200 ? `${v.slice(0, 200)}…` : v,
        `Member must have length less than or equal to ${rules.max}`,
      );
    if (rules.pattern && !rules.pattern.test(v))
      throw violation(
        name,
        v,
        `Member must satisfy regular expression pattern: ${rules.pattern.source.replace(/^\^\(|\)\$$/g, "")}`,
      );
    return v;
  }

  required(name: string, rules: { max?: number; pattern?: RegExp } = {}): string {
    return this.str(name, { ...rules, required: true })!;
  }

  bool(name: string): boolean | undefined {
    const v = this.body[name];
    if (v === undefined) return undefined;
    if (v === "true" || v === true) return true;
    if (v === "false" || v === false) return false;
    throw violation(name, v, "Member must be a boolean");
  }

  int(name: string, min: number, max: number): number | undefined {
    const v = this.body[name];
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max)
      throw violation(name, v, `Member must have value between ${min} and ${max}`);
    return n;
  }

  list(name: string): unknown[] {
    const v = this.body[name];
    if (v === undefined || v === "" || v === null) return [];
    if (!Array.isArray(v)) throw violation(name, v, "Member must be a list");
    return v as unknown[];
  }

  strList(name: string): string[] {
    return this.list(name).map((v) => {
      if (typeof v !== "string") throw violation(name, v, "Member must be a list of strings");
      return v;
    });
  }
}

function q(ctx: OpContext): Query {
  return new Query(ctx.input.body);
}

function engineOf(ctx: OpContext): CfnEngine {
  return new CfnEngine(ctx.region, cfnOf(ctx.region), liveTimeline(ctx.clock), ctx.world.s3);
}

type Cursor = { skip: number };
const isCursor = (v: unknown): v is Cursor => typeof (v as Cursor | null)?.skip === "number";

function page<T>(items: readonly T[], token: string | undefined, size = PAGE): { items: T[]; next?: string } {
  const skip =
    token === undefined ? 0 : decodeToken(token, isCursor, () => validationError("Invalid NextToken")).skip;
  const items_ = items.slice(skip, skip + size);
  return {
    items: items_,
    ...(skip + size < items.length ? { next: encodeToken({ skip: skip + size }) } : {}),
  };
}

function notExists(name: string): SimError {
  return validationError(`Stack with id ${name} does not exist`);
}

function stackOf(cfn: CfnRegion, name: string): StackRecord {
  const stack = findStack(cfn, name);
  if (!stack) throw notExists(name);
  return stack;
}

function changeSetOf(cfn: CfnRegion, changeSetName: string, stackName: string | undefined): ChangeSetRecord {
  const notFound = () =>
    new SimError("ChangeSetNotFound", `ChangeSet [${changeSetName}] does not exist`, 404);
  if (changeSetName.startsWith("arn:")) {
    for (const s of cfn.stacks) {
      const cs = s.changeSets.get(changeSetName);
      if (cs) return cs;
    }
    throw notFound();
  }
  if (!stackName)
    throw validationError("StackName must be specified if ChangeSetName is not specified as an ARN.");
  const stack = findStack(cfn, stackName);
  if (!stack) throw notFound();
  const cs = [...stack.changeSets.values()].find((c) => c.name === changeSetName);
  if (!cs) throw notFound();
  return cs;
}

// ── Templates from the request ────────────────────────────────────────────────────────

function templateFrom(ctx: OpContext, input: Query, previous?: Template): Template | undefined {
  const body = input.str("TemplateBody");
  const url = input.str("TemplateURL", { max: 5120 });
  const usePrevious = input.bool("UsePreviousTemplate") === true;
  const given = [body !== undefined, url !== undefined, usePrevious].filter(Boolean).length;
  if (given > 1)
    throw validationError("Specify exactly one of TemplateBody, TemplateURL or UsePreviousTemplate.");
  if (body !== undefined) {
    if (Buffer.byteLength(body) > MAX_TEMPLATE_BODY)
      throw violation(
        "TemplateBody",
        body,
        `Member must have length less than or equal to ${MAX_TEMPLATE_BODY}`,
      );
    return parseTemplate(body);
  }
  if (url !== undefined) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || !/amazonaws\.com$/.test(parsed.hostname))
      throw validationError("TemplateURL must be a supported URL.");
    const object = ctx.world.s3.at(url);
    if (!object) throw validationError(`S3 error: The specified key does not exist. (${url})`);
    if (object.body.length > MAX_TEMPLATE_URL_OBJECT)
      throw validationError(`Template may not exceed ${MAX_TEMPLATE_URL_OBJECT} bytes in size.`);
    return parseTemplate(object.body.toString("utf8"));
  }
  if (usePrevious) {
    if (!previous) throw validationError("UsePreviousTemplate is only valid for an existing stack.");
    return previous;
  }
  return undefined;
}

// ── Parameters ────────────────────────────────────────────────────────────────────────

interface GivenParameter {
  key: string;
  value?: string;
  usePrevious: boolean;
}

function givenParameters(input: Query): GivenParameter[] {
  return input.list("Parameters").map((raw, i) => {
    const p = asObject(raw);
    const key = scalarText(p.ParameterKey);
    if (!key)
      throw violation(`Parameters.member.${i + 1}.ParameterKey`, undefined, "Member must not be null");
    const value = scalarText(p.ParameterValue);
    return { key, ...(value !== undefined ? { value } : {}), usePrevious: p.UsePreviousValue === "true" };
  });
}

function checkConstraints(decl: ParameterDecl, value: string): void {
  const k = decl.key;
  if (decl.allowedValues && decl.type !== "CommaDelimitedList" && !decl.allowedValues.includes(value))
    throw validationError(`Parameter '${k}' must be one of AllowedValues`);
  if (decl.type === "Number" && (value.trim() === "" || !Number.isFinite(Number(value))))
    throw validationError(`Parameter '${k}' must be a number`);
  if (decl.minValue !== undefined && Number(value) < decl.minValue)
    throw validationError(`Parameter '${k}' must be a number not less than ${decl.minValue}`);
  if (decl.maxValue !== undefined && Number(value) > decl.maxValue)
    throw validationError(`Parameter '${k}' must be a number not greater than ${decl.maxValue}`);
  if (decl.minLength !== undefined && value.length < decl.minLength)
    throw validationError(`Parameter '${k}' must contain at least ${decl.minLength} characters`);
  if (decl.maxLength !== undefined && value.length > decl.maxLength)
    throw validationError(`Parameter '${k}' must contain at most ${decl.maxLength} characters`);
  if (decl.allowedPattern !== undefined && value.length <= 4096) {
    let pattern: RegExp | undefined;
    try {
      pattern = new RegExp(`^(?:${decl.allowedPattern})$`);
    } catch {
      pattern = undefined;
    }
    if (pattern && !pattern.test(value))
      throw validationError(
        `Parameter '${k}' must match pattern ${decl.allowedPattern}${decl.constraintDescription ? ` (${decl.constraintDescription})` : ""}`,
      );
  }
}

/** The parameter values a deployment uses: given, previous, default; ValidationError when one is missing. */
function resolveParameters(
  template: Template,
  given: GivenParameter[],
  previous: ParamValue[] | undefined,
): ParamValue[] {
  const decls = parameterDecls(template.doc);
  const declared = new Set(decls.map((d) => d.key));
  const unknown = given.filter((g) => !declared.has(g.key)).map((g) => g.key);
  if (unknown.length > 0)
    throw validationError(`Parameters: [${unknown.join(", ")}] do not exist in the template`);
  const missing: string[] = [];
  const out: ParamValue[] = [];
  for (const decl of decls) {
    const g = given.find((x) => x.key === decl.key);
    let value: string | undefined;
    if (g?.usePrevious) {
      value = previous?.find((p) => p.key === decl.key)?.value;
      if (value === undefined)
        throw validationError(
          `Invalid input for parameter key ${decl.key}. Cannot specify usePreviousValue as true for a parameter key not in the previous template`,
        );
    } else value = g?.value ?? decl.defaultValue;
    if (value === undefined) {
      missing.push(decl.key);
      continue;
    }
    checkConstraints(decl, value);
    const ssm = /^AWS::SSM::Parameter::Value<(.+)>$/.exec(decl.type);
    const resolved = ssm
      ? `${ssm[1]!.includes("Image::Id") ? "ami-" : "resolved-"}${shortHash(value).slice(0, 12)}`
      : undefined;
    out.push({ key: decl.key, value, noEcho: decl.noEcho, ...(resolved ? { resolved } : {}) });
  }
  if (missing.length > 0) throw validationError(`Parameters: [${missing.join(", ")}] must have values`);
  return out;
}

function tagsFrom(input: Query): Tag[] {
  return input.list("Tags").map((raw, i) => {
    const t = asObject(raw);
    const Key = scalarText(t.Key);
    const Value = scalarText(t.Value);
    if (Key === undefined) throw violation(`Tags.member.${i + 1}.Key`, undefined, "Member must not be null");
    if (Value === undefined)
      throw violation(`Tags.member.${i + 1}.Value`, undefined, "Member must not be null");
    return { Key, Value };
  });
}

function checkCapabilities(template: Template, given: readonly string[]): void {
  for (const c of given)
    if (!(CAPABILITIES as readonly string[]).includes(c))
      throw violation(
        "Capabilities",
        given,
        `Member must satisfy enum value set: [${CAPABILITIES.join(", ")}]`,
      );
  const { capabilities } = requiredCapabilities(template.doc, transformsOf(template.doc));
  const missing = capabilities.filter(
    (c) => !given.includes(c) && !(c === "CAPABILITY_IAM" && given.includes("CAPABILITY_NAMED_IAM")),
  );
  if (missing.length > 0)
    throw new SimError(
      "InsufficientCapabilitiesException",
      `Requires capabilities : [${missing.join(", ")}]`,
    );
}

// ── Stack state rules ─────────────────────────────────────────────────────────────────

const NOT_UPDATABLE = new Set([
  "ROLLBACK_COMPLETE",
  "ROLLBACK_FAILED",
  "CREATE_FAILED",
  "DELETE_FAILED",
  "UPDATE_ROLLBACK_FAILED",
  "DELETE_COMPLETE",
  "REVIEW_IN_PROGRESS",
]);

function checkUpdatable(stack: StackRecord): void {
  if (isInProgress(stack.status) || NOT_UPDATABLE.has(stack.status))
    throw validationError(`Stack:${stack.id} is in ${stack.status} state and can not be updated.`);
}

function sameDeployment(stack: StackRecord, deployment: Deployment): boolean {
  const params = (values: readonly ParamValue[]) => JSON.stringify([...parameterMap(values)].sort());
  const tags = (values: readonly Tag[]) =>
    JSON.stringify([...values].sort((a, b) => a.Key.localeCompare(b.Key)));
  return (
    JSON.stringify(stack.template?.doc) === JSON.stringify(deployment.template.doc) &&
    params(stack.parameters) === params(deployment.parameters) &&
    tags(stack.tags) === tags(deployment.tags)
  );
}

/** The changes of a change set, computed now; throws what makes the change set FAILED. */
function changesFor(ctx: OpContext, stack: StackRecord, deployment: Deployment, isCreate: boolean) {
  const cfn = cfnOf(ctx.region);
  const prepared = prepare(ctx.region, stack, deployment);
  return computeChanges(
    isCreate ? undefined : { resources: stack.resources, parameters: parameterMap(stack.parameters) },
    {
      resources: prepared.resources,
      order: prepared.order,
      parameters: prepared.parameters,
      conditions: prepared.conditions,
      scope: {
        region: ctx.region.region,
        accountId: ctx.region.accountId,
        stackName: stack.name,
        stackId: stack.id,
        doc: prepared.doc,
        parameters: prepared.parameters,
        listParameters: prepared.listParameters,
        importValue: (name) => {
          const found = cfn.exports.get(name);
          if (!found) throw validationError(`No export named ${name} found`);
          return found.value;
        },
      },
    },
    { region: ctx.region.region, accountId: ctx.region.accountId, stackName: stack.name },
  );
}

// ── Operations ────────────────────────────────────────────────────────────────────────

const ALL_STATUSES_BUT_DELETED = (s: StackRecord) => s.deleted === undefined;

const listStacks: Handler = (ctx) => {
  const input = q(ctx);
  const filter = input.strList("StackStatusFilter");
  const cfn = cfnOf(ctx.region);
  const stacks = [...cfn.stacks].reverse().filter((s) => filter.length === 0 || filter.includes(s.status));
  const { items, next } = page(stacks, input.str("NextToken"));
  return { StackSummaries: items.map(renderStackSummary), ...(next ? { NextToken: next } : {}) };
};

const describeStacks: Handler = (ctx) => {
  const input = q(ctx);
  const name = input.str("StackName", { pattern: STACK_NAME });
  const cfn = cfnOf(ctx.region);
  if (name !== undefined) return { Stacks: [renderStack(stackOf(cfn, name))] };
  const { items, next } = page(
    [...cfn.stacks].reverse().filter(ALL_STATUSES_BUT_DELETED),
    input.str("NextToken"),
  );
  return { Stacks: items.map(renderStack), ...(next ? { NextToken: next } : {}) };
};

const listStackResources: Handler = (ctx) => {
  const input = q(ctx);
  const stack = stackOf(cfnOf(ctx.region), input.required("StackName", { pattern: STACK_NAME }));
  const { items, next } = page([...stack.resources.values()], input.str("NextToken"));
  return { StackResourceSummaries: items.map(renderResourceSummary), ...(next ? { NextToken: next } : {}) };
};

const describeStackResources: Handler = (ctx) => {
  const input = q(ctx);
  const cfn = cfnOf(ctx.region);
  const name = input.str("StackName");
  const physical = input.str("PhysicalResourceId");
  const logical = input.str("LogicalResourceId");
  let stack: StackRecord | undefined;
  if (name !== undefined) stack = stackOf(cfn, name);
  else if (physical !== undefined)
    stack = cfn.stacks.find(
      (s) => s.deleted === undefined && [...s.resources.values()].some((r) => r.physicalId === physical),
    );
  else throw validationError("Either StackName or PhysicalResourceId must be specified.");
  if (!stack) throw validationError(`Stack for ${physical ?? ""} does not exist`);
  const found = stack;
  const resources = [...found.resources.values()].filter(
    (r) =>
      (logical === undefined || r.logicalId === logical) &&
      (physical === undefined || name !== undefined || r.physicalId === physical),
  );
  return { StackResources: resources.map((r) => renderStackResource(found, r)) };
};

const describeStackResource: Handler = (ctx) => {
  const input = q(ctx);
  const stack = stackOf(cfnOf(ctx.region), input.required("StackName"));
  const logical = input.required("LogicalResourceId");
  const r = stack.resources.get(logical);
  if (!r) throw validationError(`Resource ${logical} does not exist for stack ${stack.name}`);
  return { StackResourceDetail: renderStackResourceDetail(stack, r) };
};

const describeStackEvents: Handler = (ctx) => {
  const input = q(ctx);
  const stack = stackOf(cfnOf(ctx.region), input.required("StackName", { pattern: STACK_NAME }));
  const { items, next } = page([...stack.events].reverse(), input.str("NextToken"));
  return { StackEvents: items.map((e) => renderEvent(stack, e)), ...(next ? { NextToken: next } : {}) };
};

const getTemplate: Handler = (ctx) => {
  const input = q(ctx);
  const cfn = cfnOf(ctx.region);
  const stage = input.str("TemplateStage") ?? "Original";
  if (stage !== "Original" && stage !== "Processed")
    throw violation("TemplateStage", stage, "Member must satisfy enum value set: [Original, Processed]");
  const changeSetName = input.str("ChangeSetName");
  const stackName = input.str("StackName");
  let template: Template | undefined;
  if (changeSetName !== undefined) template = changeSetOf(cfn, changeSetName, stackName).template;
  else {
    if (stackName === undefined)
      throw validationError("Either StackName or ChangeSetName must be specified.");
    template = stackOf(cfn, stackName).template;
  }
  if (!template) throw validationError("The stack has no template yet (REVIEW_IN_PROGRESS).");
  const processed = transformsOf(template.doc).length > 0;
  const body =
    stage === "Processed" && processed ? JSON.stringify(processTemplate(template.doc)) : template.body;
  return { TemplateBody: body, StagesAvailable: ["Original", "Processed"] };
};

function summaryParameters(decls: readonly ParameterDecl[], detailed: boolean): Json[] {
  return decls.map((p) => ({
    ParameterKey: p.key,
    ...(p.defaultValue !== undefined ? { DefaultValue: p.defaultValue } : {}),
    ...(detailed ? { ParameterType: p.type } : {}),
    NoEcho: p.noEcho,
    ...(p.description !== undefined ? { Description: p.description } : {}),
    ...(detailed ? { ParameterConstraints: { AllowedValues: p.allowedValues ?? [] } } : {}),
  }));
}

function capabilityMembers(summary: TemplateSummary): Json {
  return {
    Capabilities: summary.capabilities.capabilities,
    ...(summary.capabilities.reason ? { CapabilitiesReason: summary.capabilities.reason } : {}),
  };
}

const validateTemplate: Handler = (ctx) => {
  const input = q(ctx);
  const template = templateFrom(ctx, input);
  if (!template) throw validationError("Either Template URL or Template Body must be specified.");
  const summary = checkTemplate(template);
  return {
    Parameters: summaryParameters(summary.parameters, false),
    ...(summary.description !== undefined ? { Description: summary.description } : {}),
    ...capabilityMembers(summary),
    DeclaredTransforms: summary.transforms,
  };
};

const getTemplateSummary: Handler = (ctx) => {
  const input = q(ctx);
  const stackName = input.str("StackName");
  const template =
    templateFrom(ctx, input) ??
    (stackName !== undefined ? stackOf(cfnOf(ctx.region), stackName).template : undefined);
  if (!template)
    throw validationError("Either Template URL or Template Body or StackName must be specified.");
  const summary = checkTemplate(template);
  const types = [
    ...new Set(
      Object.values(asObject(template.doc.Resources)).map((r) => scalarText(asObject(r).Type) ?? ""),
    ),
  ].filter(Boolean);
  return {
    Parameters: summaryParameters(summary.parameters, true),
    ...(summary.description !== undefined ? { Description: summary.description } : {}),
    ...capabilityMembers(summary),
    ResourceTypes: types,
    Version: "2010-09-09",
    ...(template.doc.Metadata !== undefined ? { Metadata: JSON.stringify(template.doc.Metadata) } : {}),
    DeclaredTransforms: summary.transforms,
    ResourceIdentifierSummaries: [],
  };
};

interface ChangeSetRequest {
  readonly name: string;
  readonly stackName: string;
  readonly type: "CREATE" | "UPDATE" | "IMPORT";
  readonly description?: string;
  readonly includeNested: boolean;
  readonly onStackFailure?: string;
}

/** Creates a change set record (and for CREATE, the stack in REVIEW_IN_PROGRESS); the changes follow on the clock. */
function newChangeSet(
  ctx: OpContext,
  request: ChangeSetRequest,
  input: Query,
  immediate: boolean,
): ChangeSetRecord {
  const cfn = cfnOf(ctx.region);
  const engine = engineOf(ctx);
  const existing = findStack(cfn, request.stackName);
  if (request.type === "CREATE" && existing && existing.status !== "REVIEW_IN_PROGRESS")
    throw new SimError("AlreadyExistsException", `Stack [${request.stackName}] already exists`);
  if (request.type === "UPDATE") {
    if (!existing) throw validationError(`Stack [${request.stackName}] does not exist`);
    checkUpdatable(existing);
  }
  if (existing && [...existing.changeSets.values()].some((c) => c.name === request.name))
    throw new SimError("AlreadyExistsException", `ChangeSet [${request.name}] already exists`);
  const template = templateFrom(ctx, input, request.type === "UPDATE" ? existing?.template : undefined);
  if (!template) throw validationError("Either Template URL or Template Body must be specified.");
  checkTemplate(template);
  const parameters = resolveParameters(
    template,
    givenParameters(input),
    request.type === "UPDATE" ? existing?.parameters : undefined,
  );
  const capabilities = input.strList("Capabilities");
  checkCapabilities(template, capabilities);
  const tags =
    input.list("Tags").length > 0 || request.type === "CREATE" ? tagsFrom(input) : (existing?.tags ?? []);
  const deployment: Deployment = { template, parameters, tags, capabilities };
  // Conditions, the transform and the dependency order are checked now: a template that cannot be deployed is refused.
  const stack = existing ?? engine.newStack(request.stackName);
  try {
    prepare(ctx.region, stack, deployment);
  } catch (error) {
    if (!existing) cfn.stacks.splice(cfn.stacks.indexOf(stack), 1);
    throw error;
  }
  // A stack made for a CREATE change set waits in REVIEW_IN_PROGRESS (CreateStack's never does).
  if (!existing && !immediate) engine.stackEvent(stack, "REVIEW_IN_PROGRESS", "User Initiated");
  const cs: ChangeSetRecord = {
    id: changeSetArn(ctx.region, request.name),
    name: request.name,
    stackId: stack.id,
    stackName: stack.name,
    type: request.type,
    status: "CREATE_PENDING",
    executionStatus: "UNAVAILABLE",
    created: ctx.clock.now(),
    ...(request.description !== undefined ? { description: request.description } : {}),
    template,
    parameters,
    tags,
    capabilities,
    includeNestedStacks: request.includeNested,
    ...(request.onStackFailure !== undefined ? { onStackFailure: request.onStackFailure } : {}),
    changes: [],
  };
  stack.changeSets.set(cs.id, cs);
  const compute = () => {
    if (!stack.changeSets.has(cs.id)) return;
    try {
      if (request.type === "UPDATE" && sameDeployment(stack, deployment)) {
        cs.status = "FAILED";
        cs.statusReason = NO_CHANGES;
        return;
      }
      cs.changes = changesFor(ctx, stack, deployment, request.type === "CREATE");
      cs.status = "CREATE_COMPLETE";
      cs.executionStatus = "AVAILABLE";
    } catch (error) {
      cs.status = "FAILED";
      cs.statusReason = error instanceof Error ? error.message : String(error);
    }
  };
  if (immediate) compute();
  else
    ctx.clock.after(CHANGE_SET_STEP_SECONDS * 1000, () => {
      if (cs.status !== "CREATE_PENDING") return;
      cs.status = "CREATE_IN_PROGRESS";
      ctx.clock.after(CHANGE_SET_STEP_SECONDS * 1000, compute);
    });
  return cs;
}

const createChangeSet: Handler = (ctx) => {
  const input = q(ctx);
  const type = input.str("ChangeSetType") ?? "UPDATE";
  if (type !== "CREATE" && type !== "UPDATE" && type !== "IMPORT")
    throw violation("ChangeSetType", type, "Member must satisfy enum value set: [CREATE, UPDATE, IMPORT]");
  if (type === "IMPORT") throw validationError("The simulator does not import resources into stacks.");
  const onStackFailure = input.str("OnStackFailure");
  const description = input.str("Description", { max: 1024 });
  const cs = newChangeSet(
    ctx,
    {
      name: input.required("ChangeSetName", { max: 128, pattern: CHANGE_SET_NAME }),
      stackName: input.required("StackName", { max: 128, pattern: STACK_NAME }),
      type,
      ...(description !== undefined ? { description } : {}),
      includeNested: input.bool("IncludeNestedStacks") === true,
      ...(onStackFailure !== undefined ? { onStackFailure } : {}),
    },
    input,
    false,
  );
  return { Id: cs.id, StackId: cs.stackId };
};

const describeChangeSet: Handler = (ctx) => {
  const input = q(ctx);
  const cs = changeSetOf(cfnOf(ctx.region), input.required("ChangeSetName"), input.str("StackName"));
  const withValues = input.bool("IncludePropertyValues") === true;
  const { items, next } = page(cs.changes, input.str("NextToken"));
  return renderChangeSet(
    cs,
    items.map((c) => renderChange(c, cs.id, withValues)),
    next,
  );
};

const listChangeSets: Handler = (ctx) => {
  const input = q(ctx);
  const stack = stackOf(cfnOf(ctx.region), input.required("StackName", { pattern: STACK_NAME }));
  const open = [...stack.changeSets.values()].filter(
    (c) => !["EXECUTE_COMPLETE", "EXECUTE_FAILED", "OBSOLETE"].includes(c.executionStatus),
  );
  const { items, next } = page(open, input.str("NextToken"));
  return { Summaries: items.map(renderChangeSetSummary), ...(next ? { NextToken: next } : {}) };
};

function execute(ctx: OpContext, stack: StackRecord, cs: ChangeSetRecord, disableRollback: boolean): void {
  const engine = engineOf(ctx);
  for (const [id, other] of stack.changeSets) if (other !== cs) stack.changeSets.delete(id);
  cs.executionStatus = "EXECUTE_IN_PROGRESS";
  stack.lastChangeSetId = cs.id;
  const deployment: Deployment = {
    template: cs.template,
    parameters: cs.parameters,
    tags: cs.tags,
    capabilities: cs.capabilities,
  };
  const onEnd = (end: { ok: boolean }) => {
    cs.executionStatus = end.ok ? "EXECUTE_COMPLETE" : "EXECUTE_FAILED";
  };
  if (cs.type === "CREATE") engine.create(stack, deployment, disableRollback, onEnd);
  else engine.update(stack, deployment, cs.changes, onEnd, { disableRollback });
}

const executeChangeSet: Handler = (ctx) => {
  const input = q(ctx);
  const cfn = cfnOf(ctx.region);
  const cs = changeSetOf(cfn, input.required("ChangeSetName"), input.str("StackName"));
  const stack = stackOf(cfn, cs.stackId);
  if (cs.executionStatus !== "AVAILABLE")
    throw new SimError(
      "InvalidChangeSetStatus",
      `ChangeSet [${cs.id}] cannot be executed in its current execution status of [${cs.executionStatus}]`,
    );
  if (cs.type === "UPDATE") checkUpdatable(stack);
  else if (stack.status !== "REVIEW_IN_PROGRESS")
    throw validationError(`Stack [${stack.name}] already exists`);
  execute(ctx, stack, cs, input.bool("DisableRollback") === true);
  return {};
};

const deleteChangeSet: Handler = (ctx) => {
  const input = q(ctx);
  const cfn = cfnOf(ctx.region);
  const cs = changeSetOf(cfn, input.required("ChangeSetName"), input.str("StackName"));
  if (cs.executionStatus === "EXECUTE_IN_PROGRESS")
    throw new SimError(
      "InvalidChangeSetStatus",
      `Cannot delete ChangeSet [${cs.id}] in status EXECUTE_IN_PROGRESS`,
    );
  findStack(cfn, cs.stackId)?.changeSets.delete(cs.id);
  return {};
};

const createStack: Handler = (ctx) => {
  const input = q(ctx);
  const name = input.required("StackName", { max: 128, pattern: STACK_NAME });
  const cs = newChangeSet(
    ctx,
    { name: `create-${Date.now()}`, stackName: name, type: "CREATE", includeNested: false },
    input,
    true,
  );
  const stack = stackOf(cfnOf(ctx.region), cs.stackId);
  if (cs.status === "FAILED") {
    cfnOf(ctx.region).stacks.splice(cfnOf(ctx.region).stacks.indexOf(stack), 1);
    throw validationError(cs.statusReason ?? "The stack cannot be created.");
  }
  execute(ctx, stack, cs, input.bool("DisableRollback") === true);
  stack.changeSets.delete(cs.id);
  delete stack.lastChangeSetId;
  return { StackId: stack.id };
};

const updateStack: Handler = (ctx) => {
  const input = q(ctx);
  const name = input.required("StackName", { pattern: STACK_NAME });
  const cs = newChangeSet(
    ctx,
    { name: `update-${Date.now()}`, stackName: name, type: "UPDATE", includeNested: false },
    input,
    true,
  );
  const stack = stackOf(cfnOf(ctx.region), cs.stackId);
  if (cs.status === "FAILED") {
    stack.changeSets.delete(cs.id);
    throw validationError(
      cs.statusReason === NO_CHANGES
        ? "No updates are to be performed."
        : (cs.statusReason ?? "The stack cannot be updated."),
    );
  }
  execute(ctx, stack, cs, input.bool("DisableRollback") === true);
  stack.changeSets.delete(cs.id);
  return { StackId: stack.id };
};

const deleteStack: Handler = (ctx) => {
  const input = q(ctx);
  const stack = findStack(cfnOf(ctx.region), input.required("StackName", { pattern: STACK_NAME }));
  if (!stack || stack.deleted !== undefined || stack.status === "DELETE_IN_PROGRESS") return undefined;
  if (stack.terminationProtection)
    throw validationError(`Stack [${stack.name}] cannot be deleted while TerminationProtection is enabled`);
  if (isInProgress(stack.status))
    throw validationError(`Stack [${stack.name}] cannot be deleted while in status ${stack.status}`);
  engineOf(ctx).delete(stack, undefined, input.strList("RetainResources"));
  return undefined;
};

const cancelUpdateStack: Handler = (ctx) => {
  const input = q(ctx);
  const stack = stackOf(cfnOf(ctx.region), input.required("StackName", { pattern: STACK_NAME }));
  if (stack.status !== "UPDATE_IN_PROGRESS" || stack.operation?.kind !== "UPDATE")
    throw validationError("CancelUpdateStack cannot be called from current stack status");
  stack.operation.cancel();
  return undefined;
};

const continueUpdateRollback: Handler = (ctx) => {
  const input = q(ctx);
  const stack = stackOf(cfnOf(ctx.region), input.required("StackName", { pattern: STACK_NAME }));
  if (stack.status !== "UPDATE_ROLLBACK_FAILED")
    throw validationError(
      `Stack:${stack.id} is in ${stack.status} state and can not continue update rollback.`,
    );
  const engine = engineOf(ctx);
  engine.stackEvent(stack, "UPDATE_ROLLBACK_IN_PROGRESS", "User Initiated");
  ctx.clock.after(1000, () => engine.stackEvent(stack, "UPDATE_ROLLBACK_COMPLETE"));
  return {};
};

const detectStackDrift: Handler = (ctx) => {
  const input = q(ctx);
  const cfn = cfnOf(ctx.region);
  const stack = stackOf(cfn, input.required("StackName", { pattern: STACK_NAME }));
  if (isInProgress(stack.status) || stack.status === "REVIEW_IN_PROGRESS")
    throw validationError(
      `Drift detection is not supported for stack ${stack.name} in status ${stack.status}`,
    );
  const ids = input.strList("LogicalResourceIds");
  const detection = startDetection(cfn, stack, ids, liveTimeline(ctx.clock));
  return { StackDriftDetectionId: detection.id };
};

const describeStackDriftDetectionStatus: Handler = (ctx) => {
  const input = q(ctx);
  const id = input.required("StackDriftDetectionId");
  const detection = cfnOf(ctx.region).detections.get(id);
  if (!detection) throw validationError(`No drift detection with id ${id} exists`);
  return {
    StackId: detection.stackId,
    StackDriftDetectionId: detection.id,
    ...(detection.driftStatus ? { StackDriftStatus: detection.driftStatus } : {}),
    DetectionStatus: detection.status,
    ...(detection.drifted !== undefined ? { DriftedStackResourceCount: detection.drifted } : {}),
    Timestamp: new Date(detection.started),
  };
};

const describeStackResourceDrifts: Handler = (ctx) => {
  const input = q(ctx);
  const stack = stackOf(cfnOf(ctx.region), input.required("StackName", { pattern: STACK_NAME }));
  const filters = input.strList("StackResourceDriftStatusFilters");
  const max = input.int("MaxResults", 1, 100) ?? PAGE;
  const checked = [...stack.resources.values()].filter(
    (r) => r.drift && (filters.length === 0 || filters.includes(r.drift.status)),
  );
  const { items, next } = page(checked, input.str("NextToken"), max);
  return {
    StackResourceDrifts: items.map((r) => renderResourceDrift(stack, r)),
    ...(next ? { NextToken: next } : {}),
  };
};

const updateTerminationProtection: Handler = (ctx) => {
  const input = q(ctx);
  const stack = stackOf(cfnOf(ctx.region), input.required("StackName", { pattern: STACK_NAME }));
  stack.terminationProtection = input.bool("EnableTerminationProtection") === true;
  return { StackId: stack.id };
};

export const cloudformationOps: Record<string, Handler> = {
  ListStacks: listStacks,
  DescribeStacks: describeStacks,
  ListStackResources: listStackResources,
  DescribeStackResources: describeStackResources,
  DescribeStackResource: describeStackResource,
  DescribeStackEvents: describeStackEvents,
  GetTemplate: getTemplate,
  GetTemplateSummary: getTemplateSummary,
  ValidateTemplate: validateTemplate,
  CreateChangeSet: createChangeSet,
  DescribeChangeSet: describeChangeSet,
  ListChangeSets: listChangeSets,
  ExecuteChangeSet: executeChangeSet,
  DeleteChangeSet: deleteChangeSet,
  CreateStack: createStack,
  UpdateStack: updateStack,
  DeleteStack: deleteStack,
  CancelUpdateStack: cancelUpdateStack,
  ContinueUpdateRollback: continueUpdateRollback,
  DetectStackDrift: detectStackDrift,
  DescribeStackDriftDetectionStatus: describeStackDriftDetectionStatus,
  DescribeStackResourceDrifts: describeStackResourceDrifts,
  UpdateTerminationProtection: updateTerminationProtection,
};
