// CloudFormation templates as the simulator reads them: JSON, or YAML with the short-form tags
// (`!Ref`, `!Sub`, `!GetAtt`, …) turned into their long forms, with the errors CloudFormation
// answers for templates it cannot read ("Template format error: …"), and what ValidateTemplate
// tells about a template (parameters, capabilities, transforms).
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { SimError } from "./errors";
import type { Json } from "./state";

export const MAX_TEMPLATE_BODY = 51_200;
export const MAX_TEMPLATE_URL_OBJECT = 1_000_000;

export function validationError(message: string): SimError {
  return new SimError("ValidationError", message);
}

/** Intrinsic functions and condition functions written as YAML tags: `!Ref x` is `{Ref: x}`. */
const SHORT_FORMS: Readonly<Record<string, string>> = {
  Ref: "Ref",
  Condition: "Condition",
  ...Object.fromEntries(
    [
      "Base64",
      "Cidr",
      "FindInMap",
      "GetAtt",
      "GetAZs",
      "ImportValue",
      "Join",
      "Select",
      "Split",
      "Sub",
      "Transform",
      "And",
      "Equals",
      "If",
      "Not",
      "Or",
      "ToJsonString",
      "Length",
      "ForEach",
    ].map((name) => [name, `Fn::${name}`]),
  ),
};

const TOP_LEVEL = new Set([
  "AWSTemplateFormatVersion",
  "Description",
  "Metadata",
  "Parameters",
  "Rules",
  "Mappings",
  "Conditions",
  "Transform",
  "Resources",
  "Outputs",
  "Hooks",
  "Globals",
]);

export const PSEUDO_PARAMETERS = new Set([
  "AWS::AccountId",
  "AWS::NotificationARNs",
  "AWS::NoValue",
  "AWS::Partition",
  "AWS::Region",
  "AWS::StackId",
  "AWS::StackName",
  "AWS::URLSuffix",
]);

const PARAMETER_TYPES =
  /^(String|Number|List<Number>|CommaDelimitedList|AWS::[A-Za-z0-9:]+|List<AWS::[A-Za-z0-9:]+>|AWS::SSM::Parameter::(Name|Value<.+>))$/;

export interface Template {
  /** As it was sent (GetTemplate answers it). */
  readonly body: string;
  readonly format: "JSON" | "YAML";
  /** The template as JSON, intrinsic functions in their long forms. */
  readonly doc: Json;
}

/** Reads a template body the way CloudFormation does, or throws its ValidationError. */
export function parseTemplate(body: string): Template {
  if (body.trim() === "") throw validationError("Template format error: empty template body");
  return body.trimStart().startsWith("{") ? parseJson(body) : parseYaml(body);
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

function parseJson(body: string): Template {
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch (error) {
    const position = /position (\d+)/.exec(error instanceof Error ? error.message : "");
    const { line, column } = lineColumn(body, position ? Number(position[1]) : body.length);
    throw validationError(`Template format error: JSON not well-formed. (line ${line}, column ${column})`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc))
    throw validationError("Template format error: JSON not well-formed. (line 1, column 1)");
  return { body, format: "JSON", doc: doc as Json };
}

function parseYaml(body: string): Template {
  const counter = new LineCounter();
  const document = parseDocument(body, { lineCounter: counter, uniqueKeys: true });
  const error = document.errors[0];
  if (error) {
    const { line, col } = counter.linePos(error.pos[0]);
    throw validationError(`Template format error: YAML not well-formed. (line ${line}, column ${col})`);
  }
  const budget = { nodes: 0, max: Math.max(10_000, body.length) };
  const doc = toJson(document.contents, document, counter, budget);
  if (typeof doc !== "object" || doc === null || Array.isArray(doc))
    throw validationError("Template format error: YAML not well-formed. (line 1, column 1)");
  return { body, format: "YAML", doc: doc as Json };
}

function toJson(
  node: Node | null | undefined,
  document: Document,
  counter: LineCounter,
  budget: { nodes: number; max: number },
  /** The aliases being expanded, outermost first: `x: &a [*a]` names itself. */
  expanding: Set<Node> = new Set(),
): unknown {
  if (!node) return null;
  // Aliases may repeat a node many times: the budget keeps the work linear in the input.
  if (++budget.nodes > budget.max)
    throw validationError("Template format error: YAML not well-formed. Too many aliases.");
  if (isAlias(node)) {
    const target = node.resolve(document);
    if (target && expanding.has(target))
      throw validationError("Template format error: YAML not well-formed. An alias names its own anchor.");
    if (target) expanding.add(target);
    try {
      return toJson(target, document, counter, budget, expanding);
    } finally {
      if (target) expanding.delete(target);
    }
  }
  let value: unknown;
  if (isMap(node)) {
    const out: Json = {};
    for (const pair of node.items) {
      const key = isScalar(pair.key)
        ? String(pair.key.value)
        : String(toJson(pair.key as Node, document, counter, budget, expanding));
      out[key] = toJson(pair.value as Node | null, document, counter, budget, expanding);
    }
    value = out;
  } else if (isSeq(node)) {
    value = node.items.map((item) => toJson(item as Node | null, document, counter, budget, expanding));
  } else if (isScalar(node)) {
    value = node.value;
  }
  const tag = node.tag;
  if (!tag || tag.startsWith("tag:yaml.org,2002:")) return value;
  const name = tag.startsWith("!") ? tag.slice(1) : tag;
  const long = SHORT_FORMS[name];
  if (!long) {
    const { line, col } = counter.linePos(node.range?.[0] ?? 0);
    throw validationError(
      `Template format error: YAML not well-formed. Unknown tag ${tag} (line ${line}, column ${col})`,
    );
  }
  if (name === "GetAtt" && typeof value === "string") {
    // `!GetAtt Resource.Attribute` (the attribute may itself have dots: `Endpoint.Address`).
    const dot = value.indexOf(".");
    return { [long]: dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
  }
  return { [long]: value ?? "" };
}

// ── What a template declares ─────────────────────────────────────────────────────────────

export interface ParameterDecl {
  readonly key: string;
  readonly type: string;
  readonly defaultValue?: string;
  readonly noEcho: boolean;
  readonly description?: string;
  readonly allowedValues?: readonly string[];
  readonly allowedPattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minValue?: number;
  readonly maxValue?: number;
  readonly constraintDescription?: string;
}

export function asObject(value: unknown): Json {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : {};
}

export function scalarText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

function numberOf(value: unknown): number | undefined {
  const text = scalarText(value);
  return text !== undefined && text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : undefined;
}

export function parameterDecls(doc: Json): ParameterDecl[] {
  return Object.entries(asObject(doc.Parameters)).map(([key, raw]) => {
    const p = asObject(raw);
    const allowed = Array.isArray(p.AllowedValues)
      ? p.AllowedValues.map((v) => scalarText(v) ?? JSON.stringify(v))
      : undefined;
    const defaultValue = Array.isArray(p.Default)
      ? p.Default.map((v) => scalarText(v) ?? "").join(",")
      : scalarText(p.Default);
    return {
      key,
      type: scalarText(p.Type) ?? "",
      ...(defaultValue !== undefined ? { defaultValue } : {}),
      noEcho: scalarText(p.NoEcho)?.toLowerCase() === "true",
      ...(scalarText(p.Description) !== undefined ? { description: scalarText(p.Description) } : {}),
      ...(allowed ? { allowedValues: allowed } : {}),
      ...(scalarText(p.AllowedPattern) !== undefined ? { allowedPattern: scalarText(p.AllowedPattern) } : {}),
      ...(numberOf(p.MinLength) !== undefined ? { minLength: numberOf(p.MinLength) } : {}),
      ...(numberOf(p.MaxLength) !== undefined ? { maxLength: numberOf(p.MaxLength) } : {}),
      ...(numberOf(p.MinValue) !== undefined ? { minValue: numberOf(p.MinValue) } : {}),
      ...(numberOf(p.MaxValue) !== undefined ? { maxValue: numberOf(p.MaxValue) } : {}),
      ...(scalarText(p.ConstraintDescription) !== undefined
        ? { constraintDescription: scalarText(p.ConstraintDescription) }
        : {}),
    };
  });
}

export function transformsOf(doc: Json): string[] {
  const t = doc.Transform;
  const list = Array.isArray(t) ? t : t === undefined ? [] : [t];
  return list.map((x) => scalarText(x) ?? scalarText(asObject(x).Name) ?? "").filter(Boolean);
}

export const SAM_TRANSFORM = "AWS::Serverless-2016-10-31";
/** Transforms CloudFormation runs itself: a change set with them needs no CAPABILITY_AUTO_EXPAND. */
const HOSTED_TRANSFORMS = new Set([SAM_TRANSFORM, "AWS::Include", "AWS::LanguageExtensions"]);

const NAMED_IAM: Readonly<Record<string, string>> = {
  "AWS::IAM::Role": "RoleName",
  "AWS::IAM::User": "UserName",
  "AWS::IAM::Group": "GroupName",
  "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
  "AWS::IAM::InstanceProfile": "InstanceProfileName",
};

export interface CapabilityNeed {
  readonly capabilities: string[];
  readonly reason?: string;
}

/** The capabilities a (processed) template needs, and CloudFormation's reason. */
export function requiredCapabilities(doc: Json, transforms: readonly string[]): CapabilityNeed {
  const iam: string[] = [];
  let named = false;
  for (const [id, raw] of Object.entries(asObject(doc.Resources))) {
    const r = asObject(raw);
    const type = scalarText(r.Type) ?? "";
    const samRole = type === "AWS::Serverless::Function" && asObject(r.Properties).Role === undefined;
    if (!type.startsWith("AWS::IAM::") && !samRole) continue;
    iam.push(id);
    const nameProperty = NAMED_IAM[type];
    if (nameProperty && asObject(r.Properties)[nameProperty] !== undefined) named = true;
  }
  const capabilities: string[] = [];
  if (iam.length > 0) capabilities.push(named ? "CAPABILITY_NAMED_IAM" : "CAPABILITY_IAM");
  if (transforms.some((t) => !HOSTED_TRANSFORMS.has(t))) capabilities.push("CAPABILITY_AUTO_EXPAND");
  const reason =
    iam.length > 0
      ? `The following resource(s) require capabilities: [${iam
          .map((id) => typeOf(doc, id))
          .filter(unique)
          .join(", ")}]`
      : undefined;
  return { capabilities, ...(reason ? { reason } : {}) };
}

function typeOf(doc: Json, id: string): string {
  return scalarText(asObject(asObject(doc.Resources)[id]).Type) ?? "";
}

function unique<T>(value: T, index: number, all: readonly T[]): boolean {
  return all.indexOf(value) === index;
}

// ── Structural checks (ValidateTemplate, CreateChangeSet) ────────────────────────────────

/** Every `Ref` target, `Fn::GetAtt` resource, `Fn::Sub` variable and condition name in a value. */
export interface References {
  readonly refs: Set<string>;
  readonly getAtts: Set<string>;
  readonly subs: Set<string>;
  readonly conditions: Set<string>;
}

export function collectReferences(value: unknown, into?: References): References {
  const out = into ?? { refs: new Set(), getAtts: new Set(), subs: new Set(), conditions: new Set() };
  const stack: { value: unknown; locals?: ReadonlySet<string> }[] = [{ value }];
  while (stack.length > 0) {
    const { value: v, locals } = stack.pop()!;
    if (Array.isArray(v)) {
      for (const item of v) stack.push({ value: item, ...(locals ? { locals } : {}) });
      continue;
    }
    if (typeof v !== "object" || v === null) continue;
    const o = v as Json;
    const keys = Object.keys(o);
    if (keys.length === 1) {
      const [key] = keys as [string];
      const arg = o[key];
      if (key === "Ref" && typeof arg === "string") {
        if (!locals?.has(arg)) out.refs.add(arg);
        continue;
      }
      if (key === "Fn::GetAtt") {
        const target = Array.isArray(arg) ? scalarText(arg[0]) : scalarText(arg)?.split(".")[0];
        if (target) out.getAtts.add(target);
        if (Array.isArray(arg)) stack.push({ value: arg.slice(1), ...(locals ? { locals } : {}) });
        continue;
      }
      if (key === "Fn::Sub") {
        const text: unknown = Array.isArray(arg) ? arg[0] : arg;
        const vars = Array.isArray(arg) ? asObject(arg[1]) : {};
        const names = new Set(Object.keys(vars));
        if (typeof text === "string")
          for (const name of subVariables(text)) if (!names.has(name.split(".")[0]!)) out.subs.add(name);
        stack.push({ value: Object.values(vars), ...(locals ? { locals } : {}) });
        continue;
      }
      if (key === "Condition" && typeof arg === "string") {
        out.conditions.add(arg);
        continue;
      }
      if (key === "Fn::If" && Array.isArray(arg) && typeof arg[0] === "string") {
        out.conditions.add(arg[0]);
        stack.push({ value: arg.slice(1), ...(locals ? { locals } : {}) });
        continue;
      }
      if (key === "Fn::ForEach" && Array.isArray(arg)) {
        // `Fn::ForEach::Name: [Identifier, Collection, Output]`: the identifier is local.
        continue;
      }
    }
    for (const [key, child] of Object.entries(o)) {
      if (key.startsWith("Fn::ForEach::")) continue;
      stack.push({ value: child, ...(locals ? { locals } : {}) });
    }
  }
  return out;
}

/** `${Name}` and `${Resource.Attribute}` in an Fn::Sub string (`${!Literal}` is text). */
export function subVariables(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    const start = text.indexOf("${", i);
    if (start < 0) return out;
    const end = text.indexOf("}", start + 2);
    if (end < 0) return out;
    const name = text.slice(start + 2, end).trim();
    if (!name.startsWith("!") && name !== "") out.push(name);
    i = end + 1;
  }
}

export interface TemplateSummary {
  readonly description?: string;
  readonly parameters: ParameterDecl[];
  readonly transforms: string[];
  readonly capabilities: CapabilityNeed;
}

/**
 * The checks CloudFormation makes before it accepts a template (ValidateTemplate and
 * CreateChangeSet): its sections, a Type for every resource, references to what exists,
 * parameter types. Throws ValidationError with CloudFormation's words.
 */
export function checkTemplate(template: Template): TemplateSummary {
  const doc = template.doc;
  const transforms = transformsOf(doc);
  const unknown = Object.keys(doc).filter(
    (k) => !TOP_LEVEL.has(k) || (k === "Globals" && transforms.length === 0),
  );
  if (unknown.length > 0)
    throw validationError(
      `Template format error: Invalid template property or properties [${unknown.join(", ")}]`,
    );
  const version = doc.AWSTemplateFormatVersion;
  if (version !== undefined && scalarText(version) !== "2010-09-09")
    throw validationError(
      `Template format error: '${scalarText(version) ?? ""}' is not a supported AWSTemplateFormatVersion value.`,
    );
  const resources = asObject(doc.Resources);
  if (Object.keys(resources).length === 0)
    throw validationError("Template format error: At least one Resources member must be defined.");
  for (const [id, raw] of Object.entries(resources)) {
    const r = asObject(raw);
    if (!/^[A-Za-z0-9]+$/.test(id) && !id.startsWith("Fn::ForEach::"))
      throw validationError(`Template format error: Resource name ${id} is non alphanumeric.`);
    if (id.startsWith("Fn::ForEach::")) continue;
    if (typeof r.Type !== "string")
      throw validationError(
        `Template format error: [/Resources/${id}] Every Resources object must contain a Type member.`,
      );
  }
  const parameters = parameterDecls(doc);
  for (const p of parameters) {
    if (!PARAMETER_TYPES.test(p.type))
      throw validationError(`Template format error: Unrecognized parameter type: ${p.type}`);
  }
  if (transforms.length === 0) checkReferences(doc, new Set(parameters.map((p) => p.key)));
  const description = scalarText(doc.Description);
  return {
    ...(description !== undefined ? { description } : {}),
    parameters,
    transforms,
    capabilities: requiredCapabilities(doc, transforms),
  };
}

function checkReferences(doc: Json, parameters: ReadonlySet<string>): void {
  const resources = asObject(doc.Resources);
  const ids = new Set(Object.keys(resources));
  const conditions = new Set(Object.keys(asObject(doc.Conditions)));
  const resourceRefs = collectReferences(resources);
  const outputRefs = collectReferences(doc.Outputs);
  const conditionRefs = collectReferences(doc.Conditions);
  const unresolved = new Set<string>();
  for (const refs of [resourceRefs, outputRefs, conditionRefs]) {
    for (const name of refs.refs)
      if (!ids.has(name) && !parameters.has(name) && !PSEUDO_PARAMETERS.has(name)) unresolved.add(name);
    for (const name of refs.subs) {
      const [head] = name.split(".") as [string];
      if (
        name.includes(".")
          ? !ids.has(head)
          : !ids.has(name) && !parameters.has(name) && !PSEUDO_PARAMETERS.has(name)
      )
        unresolved.add(head);
    }
  }
  for (const raw of Object.values(resources)) {
    const dependsOn = asObject(raw).DependsOn;
    for (const d of Array.isArray(dependsOn) ? dependsOn : dependsOn === undefined ? [] : [dependsOn])
      if (typeof d === "string" && !ids.has(d))
        throw validationError(
          `Template format error: Unresolved resource dependencies [${d}] in the Resources block of the template`,
        );
    const condition = asObject(raw).Condition;
    if (typeof condition === "string" && !conditions.has(condition))
      throw validationError(
        `Template format error: Unresolved dependencies [${condition}]. Cannot reference resources in the Conditions block of the template`,
      );
  }
  if (unresolved.size > 0)
    throw validationError(
      `Template format error: Unresolved resource dependencies [${[...unresolved].join(", ")}] in the Resources block of the template`,
    );
  for (const refs of [resourceRefs, outputRefs]) {
    for (const name of refs.getAtts)
      if (!ids.has(name))
        throw validationError(`Template error: instance of Fn::GetAtt references undefined resource ${name}`);
    for (const name of refs.conditions)
      if (!conditions.has(name))
        throw validationError(`Template error: unresolved condition dependency ${name} in Fn::If`);
  }
}
