// Evaluating a template as CloudFormation does when it deploys it: conditions, intrinsic
// functions (Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::If, Fn::FindInMap, Fn::ImportValue, …), the
// resources a condition leaves in, their dependency order, and the AWS::Serverless transform
// (enough of it for the resources SAM would create: a function's role, its API and permissions).
import { createHash } from "node:crypto";
import {
  asObject,
  collectReferences,
  PSEUDO_PARAMETERS,
  SAM_TRANSFORM,
  scalarText,
  transformsOf,
  validationError,
} from "./cloudformation-template";
import type { Json } from "./state";

/** What `Ref: AWS::NoValue` leaves: the property is removed. */
export const NO_VALUE = Symbol("AWS::NoValue");
/** What a change set shows for a value known only once the resource it comes from exists. */
export const KNOWN_AFTER_APPLY = "{{changeSet:KNOWN_AFTER_APPLY}}";

export interface EvalScope {
  readonly region: string;
  readonly accountId: string;
  readonly stackName: string;
  readonly stackId: string;
  readonly doc: Json;
  /** Parameter values (a list parameter's value is its comma-separated text). */
  readonly parameters: ReadonlyMap<string, string>;
  /** List-typed parameters (`CommaDelimitedList`, `List<…>`): Ref gives a list. */
  readonly listParameters: ReadonlySet<string>;
  /** A resource's Ref value (physical id), or undefined when it does not exist (yet). */
  ref(logicalId: string): string | undefined;
  /** A resource attribute, or undefined when it cannot be known (yet). */
  attribute(logicalId: string, attribute: string): string | undefined;
  /** An export's value; throws when no stack exports it. */
  importValue(name: string): string;
}

export function conditionValues(
  scope: Omit<EvalScope, "ref" | "attribute" | "importValue">,
): Map<string, boolean> {
  const decls = asObject(scope.doc.Conditions);
  const values = new Map<string, boolean>();
  const visiting = new Set<string>();
  const evalScope: EvalScope = {
    ...scope,
    ref: () => undefined,
    attribute: () => undefined,
    importValue: () => "",
  };
  const condition = (name: string): boolean => {
    const known = values.get(name);
    if (known !== undefined) return known;
    if (!(name in decls)) throw validationError(`Template error: unresolved condition dependency ${name}`);
    if (visiting.has(name)) throw validationError(`Template error: circular condition dependency ${name}`);
    visiting.add(name);
    const value = truthy(resolve(decls[name], evalScope, condition));
    visiting.delete(name);
    values.set(name, value);
    return value;
  };
  for (const name of Object.keys(decls)) condition(name);
  return values;
}

function truthy(value: unknown): boolean {
  return value === true || (typeof value === "string" && value.toLowerCase() === "true");
}

function text(value: unknown, fn: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw validationError(`Template error: every ${fn} object requires string arguments`);
}

/**
 * A value with its intrinsic functions evaluated. `condition` answers condition names (for
 * Fn::If and Condition); unknown attributes of resources that do not exist yet come back as
 * KNOWN_AFTER_APPLY.
 */
export function resolve(value: unknown, scope: EvalScope, condition: (name: string) => boolean): unknown {
  const again = (v: unknown) => resolve(v, scope, condition);
  if (Array.isArray(value)) return value.map(again).filter((v) => v !== NO_VALUE);
  if (typeof value !== "object" || value === null) return value;
  const o = value as Json;
  const keys = Object.keys(o);
  if (keys.length === 1) {
    const [key] = keys as [string];
    const arg = o[key];
    switch (key) {
      case "Ref":
        return ref(text(arg, "Ref"), scope);
      case "Fn::GetAtt": {
        const [id, attribute] = Array.isArray(arg)
          ? [text(again(arg[0]), "Fn::GetAtt"), text(again(arg[1]), "Fn::GetAtt")]
          : splitFirst(text(arg, "Fn::GetAtt"));
        return scope.attribute(id, attribute) ?? KNOWN_AFTER_APPLY;
      }
      case "Fn::Sub":
        return sub(arg, scope, condition);
      case "Fn::Join": {
        if (!Array.isArray(arg))
          throw validationError("Template error: every Fn::Join object requires two parameters");
        const list = again(arg[1]);
        const items = Array.isArray(list) ? list : [list];
        return items.map((v) => text(v, "Fn::Join")).join(text(arg[0], "Fn::Join"));
      }
      case "Fn::Select": {
        if (!Array.isArray(arg)) throw validationError("Template error: Fn::Select requires a list argument");
        const index = Number(again(arg[0]));
        const list = again(arg[1]);
        const items = Array.isArray(list) ? list : typeof list === "string" ? list.split(",") : [];
        if (!Number.isInteger(index) || index < 0 || index >= items.length)
          throw validationError(
            `Template error: Fn::Select cannot select nonexistent value at index ${String(arg[0])}`,
          );
        return items[index];
      }
      case "Fn::Split": {
        if (!Array.isArray(arg)) throw validationError("Template error: Fn::Split requires a list argument");
        return text(again(arg[1]), "Fn::Split").split(text(arg[0], "Fn::Split"));
      }
      case "Fn::If": {
        if (!Array.isArray(arg) || arg.length !== 3)
          throw validationError("Template error: Fn::If requires a list argument with three elements");
        return condition(text(arg[0], "Fn::If")) ? again(arg[1]) : again(arg[2]);
      }
      case "Fn::Equals": {
        if (!Array.isArray(arg) || arg.length !== 2)
          throw validationError("Template error: Fn::Equals requires a list argument with two elements");
        return (
          JSON.stringify(again(arg[0])) === JSON.stringify(again(arg[1])) ||
          String(again(arg[0])) === String(again(arg[1]))
        );
      }
      case "Fn::And":
        return Array.isArray(arg) && arg.every((v) => truthy(again(v)));
      case "Fn::Or":
        return Array.isArray(arg) && arg.some((v) => truthy(again(v)));
      case "Fn::Not":
        return Array.isArray(arg) && !truthy(again(arg[0]));
      case "Condition":
        return condition(text(arg, "Condition"));
      case "Fn::FindInMap": {
        if (!Array.isArray(arg) || arg.length < 3)
          throw validationError("Template error: Fn::FindInMap requires a list argument with three elements");
        const [map, top, second] = arg.slice(0, 3).map((v) => text(again(v), "Fn::FindInMap")) as [
          string,
          string,
          string,
        ];
        const found = asObject(asObject(asObject(scope.doc.Mappings)[map])[top])[second];
        if (found === undefined) {
          const fallback = asObject(arg[3]).DefaultValue;
          if (fallback !== undefined) return again(fallback);
          throw validationError(`Template error: Unable to get mapping for ${map}::${top}::${second}`);
        }
        return found;
      }
      case "Fn::GetAZs": {
        const region = scalarText(again(arg)) || scope.region;
        return ["a", "b", "c"].map((z) => `${region}${z}`);
      }
      case "Fn::ImportValue":
        return scope.importValue(text(again(arg), "Fn::ImportValue"));
      case "Fn::Base64":
        return Buffer.from(text(again(arg), "Fn::Base64")).toString("base64");
      case "Fn::ToJsonString":
        return JSON.stringify(again(arg));
      case "Fn::Length": {
        const list = again(arg);
        return Array.isArray(list) ? list.length : 0;
      }
      case "Fn::Cidr": {
        const [block, count] = Array.isArray(arg)
          ? [text(again(arg[0]), "Fn::Cidr"), Number(again(arg[1]))]
          : ["10.0.0.0/16", 1];
        const base = block.split("/")[0]!.split(".").map(Number);
        return Array.from({ length: Math.max(0, count) }, (_, i) => `${base[0]}.${base[1]}.${i}.0/24`);
      }
    }
  }
  const out: Json = {};
  for (const [key, child] of Object.entries(o)) {
    const v = again(child);
    if (v !== NO_VALUE) out[key] = v;
  }
  return out;
}

function splitFirst(text: string): [string, string] {
  const dot = text.indexOf(".");
  return dot < 0 ? [text, ""] : [text.slice(0, dot), text.slice(dot + 1)];
}

function pseudo(name: string, scope: EvalScope): unknown {
  switch (name) {
    case "AWS::AccountId":
      return scope.accountId;
    case "AWS::Region":
      return scope.region;
    case "AWS::StackName":
      return scope.stackName;
    case "AWS::StackId":
      return scope.stackId;
    case "AWS::Partition":
      return "aws";
    case "AWS::URLSuffix":
      return "amazonaws.com";
    case "AWS::NotificationARNs":
      return [];
    case "AWS::NoValue":
      return NO_VALUE;
  }
  return undefined;
}

function ref(name: string, scope: EvalScope): unknown {
  if (PSEUDO_PARAMETERS.has(name)) return pseudo(name, scope);
  const parameter = scope.parameters.get(name);
  if (parameter !== undefined) return scope.listParameters.has(name) ? parameter.split(",") : parameter;
  return scope.ref(name) ?? KNOWN_AFTER_APPLY;
}

function sub(arg: unknown, scope: EvalScope, condition: (name: string) => boolean): string {
  const [template, vars] = Array.isArray(arg)
    ? [text(arg[0], "Fn::Sub"), asObject(arg[1])]
    : [text(arg, "Fn::Sub"), {}];
  let out = "";
  let i = 0;
  for (;;) {
    const start = template.indexOf("${", i);
    if (start < 0) return out + template.slice(i);
    const end = template.indexOf("}", start + 2);
    if (end < 0) return out + template.slice(i);
    out += template.slice(i, start);
    const name = template.slice(start + 2, end).trim();
    if (name.startsWith("!")) out += `\${${name.slice(1)}}`;
    else if (name in vars) out += String(resolve(vars[name], scope, condition));
    else if (name.includes(".") && !PSEUDO_PARAMETERS.has(name)) {
      const [id, attribute] = splitFirst(name);
      out += scope.attribute(id, attribute) ?? KNOWN_AFTER_APPLY;
    } else {
      const value = ref(name, scope);
      out += Array.isArray(value) ? value.join(",") : String(value);
    }
    i = end + 1;
  }
}

// ── Resources left by the conditions, in dependency order ───────────────────────────────

/** The resource declarations a deployment creates: those whose Condition holds. */
export function activeResources(doc: Json, conditions: ReadonlyMap<string, boolean>): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const [id, raw] of Object.entries(asObject(doc.Resources))) {
    const decl = asObject(raw);
    const condition = scalarText(decl.Condition);
    if (condition !== undefined && conditions.get(condition) === false) continue;
    out.set(id, decl);
  }
  return out;
}

/** The resources each resource depends on (DependsOn, Ref, Fn::GetAtt, Fn::Sub), among `ids`. */
export function dependencies(decl: Json, ids: ReadonlySet<string>): string[] {
  const refs = collectReferences({ Properties: decl.Properties, Metadata: decl.Metadata });
  const out = new Set<string>();
  const dependsOn = decl.DependsOn;
  for (const d of Array.isArray(dependsOn) ? dependsOn : dependsOn === undefined ? [] : [dependsOn])
    if (typeof d === "string") out.add(d);
  for (const name of [...refs.refs, ...refs.getAtts, ...[...refs.subs].map((s) => s.split(".")[0]!)])
    if (ids.has(name)) out.add(name);
  return [...out].filter((d) => ids.has(d));
}

/** Resource ids, each after those it depends on; throws on a cycle as CloudFormation does. */
export function dependencyOrder(resources: ReadonlyMap<string, Json>): string[] {
  const ids = new Set(resources.keys());
  const deps = new Map([...resources].map(([id, decl]) => [id, dependencies(decl, ids)]));
  const order: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (id: string, path: string[]) => {
    if (state.get(id) === "done") return;
    if (state.get(id) === "visiting")
      throw validationError(
        `Circular dependency between resources: [${path.slice(path.indexOf(id)).join(", ")}]`,
      );
    state.set(id, "visiting");
    for (const d of deps.get(id) ?? []) visit(d, [...path, id]);
    state.set(id, "done");
    order.push(id);
  };
  for (const id of ids) visit(id, []);
  return order;
}

// ── The AWS::Serverless transform ───────────────────────────────────────────────────────

const SAM_TYPES: Readonly<Record<string, string>> = {
  "AWS::Serverless::Function": "AWS::Lambda::Function",
  "AWS::Serverless::Api": "AWS::ApiGateway::RestApi",
  "AWS::Serverless::HttpApi": "AWS::ApiGatewayV2::Api",
  "AWS::Serverless::SimpleTable": "AWS::DynamoDB::Table",
  "AWS::Serverless::LayerVersion": "AWS::Lambda::LayerVersion",
  "AWS::Serverless::StateMachine": "AWS::StepFunctions::StateMachine",
  "AWS::Serverless::Application": "AWS::CloudFormation::Stack",
  "AWS::Serverless::Connector": "AWS::IAM::Policy",
  "AWS::Serverless::GraphQLApi": "AWS::AppSync::GraphQLApi",
};

const LAMBDA_ASSUME_ROLE = {
  Version: "2012-10-17",
  Statement: [
    { Effect: "Allow", Principal: { Service: ["lambda.amazonaws.com"] }, Action: ["sts:AssumeRole"] },
  ],
};

/**
 * The processed template: with the AWS::Serverless transform, SAM's resources become the
 * CloudFormation resources SAM generates (a function's role and permissions, the implicit REST
 * API); other transforms are left as they are.
 */
export function processTemplate(doc: Json): Json {
  const transforms = transformsOf(doc);
  if (!transforms.includes(SAM_TRANSFORM)) return doc;
  const globals = asObject(asObject(doc.Globals).Function);
  const out: Json = {};
  let implicitApi = false;
  for (const [id, raw] of Object.entries(asObject(doc.Resources))) {
    const decl = asObject(raw);
    const type = scalarText(decl.Type) ?? "";
    const samType = SAM_TYPES[type];
    if (!samType) {
      out[id] = decl;
      continue;
    }
    const props = asObject(decl.Properties);
    const keep = (properties: Json): Json => ({ ...decl, Type: samType, Properties: properties });
    if (type === "AWS::Serverless::Function") {
      const merged: Json = { ...globals, ...props };
      const {
        CodeUri,
        InlineCode,
        Events,
        Policies,
        Role,
        Environment,
        Tags,
        AutoPublishAlias: _alias,
        ...rest
      } = merged;
      const properties: Json = {
        ...rest,
        Code:
          InlineCode !== undefined
            ? { ZipFile: InlineCode }
            : { S3Bucket: "sam-artifacts", S3Key: scalarText(CodeUri) ?? "code.zip" },
        Role: Role ?? { "Fn::GetAtt": [`${id}Role`, "Arn"] },
        ...(Environment !== undefined ? { Environment } : {}),
        ...(Tags !== undefined
          ? { Tags: Object.entries(asObject(Tags)).map(([Key, Value]) => ({ Key, Value })) }
          : {}),
      };
      out[id] = keep(properties);
      if (Role === undefined) {
        const managed = (Array.isArray(Policies) ? Policies : Policies === undefined ? [] : [Policies])
          .filter((p): p is string => typeof p === "string")
          .map((p) => `arn:aws:iam::aws:policy/${p.includes("/") ? p : p}`);
        out[`${id}Role`] = {
          Type: "AWS::IAM::Role",
          Properties: {
            AssumeRolePolicyDocument: LAMBDA_ASSUME_ROLE,
            ManagedPolicyArns: [
              "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
              ...managed,
            ],
          },
        };
      }
      for (const [eventId, rawEvent] of Object.entries(asObject(Events))) {
        const event = asObject(rawEvent);
        const eventType = scalarText(event.Type) ?? "";
        if (eventType === "Api" && asObject(event.Properties).RestApiId === undefined) implicitApi = true;
        if (
          ["Api", "HttpApi", "S3", "SNS", "Schedule", "CloudWatchEvent", "EventBridgeRule"].includes(
            eventType,
          )
        )
          out[`${id}${eventId}Permission${eventType === "Api" ? "Prod" : ""}`] = {
            Type: "AWS::Lambda::Permission",
            Properties: {
              Action: "lambda:InvokeFunction",
              FunctionName: { Ref: id },
              Principal: "amazonaws.com",
            },
          };
        if (["Schedule", "CloudWatchEvent", "EventBridgeRule"].includes(eventType))
          out[`${id}${eventId}`] = {
            Type: "AWS::Events::Rule",
            Properties: {
              Targets: [{ Arn: { "Fn::GetAtt": [id, "Arn"] }, Id: `${id}${eventId}LambdaTarget` }],
            },
          };
        if (["SQS", "Kinesis", "DynamoDB"].includes(eventType))
          out[`${id}${eventId}`] = {
            Type: "AWS::Lambda::EventSourceMapping",
            Properties: {
              FunctionName: { Ref: id },
              EventSourceArn: asObject(event.Properties).Queue ?? asObject(event.Properties).Stream ?? "",
            },
          };
      }
      continue;
    }
    if (type === "AWS::Serverless::Api") {
      const stage = scalarText(props.StageName) ?? "Prod";
      out[id] = keep({ Name: props.Name ?? id });
      out[`${id}Deployment`] = {
        Type: "AWS::ApiGateway::Deployment",
        Properties: { RestApiId: { Ref: id } },
      };
      out[`${id}${stage}Stage`] = {
        Type: "AWS::ApiGateway::Stage",
        Properties: { RestApiId: { Ref: id }, DeploymentId: { Ref: `${id}Deployment` }, StageName: stage },
      };
      continue;
    }
    out[id] = keep(props);
  }
  if (implicitApi) {
    out.ServerlessRestApi = { Type: "AWS::ApiGateway::RestApi", Properties: { Name: "ServerlessRestApi" } };
    out.ServerlessRestApiDeployment = {
      Type: "AWS::ApiGateway::Deployment",
      Properties: { RestApiId: { Ref: "ServerlessRestApi" } },
    };
    out.ServerlessRestApiProdStage = {
      Type: "AWS::ApiGateway::Stage",
      Properties: {
        RestApiId: { Ref: "ServerlessRestApi" },
        DeploymentId: { Ref: "ServerlessRestApiDeployment" },
        StageName: "Prod",
      },
    };
  }
  const { Globals: _globals, Transform: _transform, ...rest } = doc;
  return { ...rest, Resources: out };
}

/** A short deterministic id (physical ids, generated values). */
export function shortHash(...parts: string[]): string {
  return createHash("sha256").update(parts.join("\n")).digest("hex").slice(0, 12);
}
