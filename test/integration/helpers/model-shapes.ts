// Loads botocore's service models (service-2.json[.gz]) and checks a JSON-protocol answer
// against an operation's output shape: members known, required ones present, types right
// (timestamps as epoch-second numbers), enum values allowed.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

export interface Shape {
  type: string;
  members?: Record<string, { shape: string }>;
  required?: string[];
  member?: { shape: string };
  key?: { shape: string };
  value?: { shape: string };
  enum?: string[];
  exception?: boolean;
}

export interface ServiceModel {
  metadata: { targetPrefix?: string; protocol?: string; jsonVersion?: string };
  operations: Record<
    string,
    { input?: { shape: string }; output?: { shape: string }; errors?: { shape: string }[] }
  >;
  shapes: Record<string, Shape>;
}

export interface ShapeProblem {
  path: string;
  problem: string;
}

let dataDir: string | undefined;

/** botocore's data folder, found through python3 as DESIGN.md describes. */
export function botocoreDataDir(): string {
  if (dataDir) return dataDir;
  const fromEnv = process.env.BOTOCORE_DATA_DIR;
  if (fromEnv && existsSync(fromEnv)) return (dataDir = fromEnv);
  const pkg = execFileSync(
    "python3",
    ["-c", "import botocore,os;print(os.path.dirname(botocore.__file__))"],
    {
      encoding: "utf8",
    },
  ).trim();
  return (dataDir = join(pkg, "data"));
}

const models = new Map<string, ServiceModel>();

export function loadServiceModel(service: string): ServiceModel {
  const cached = models.get(service);
  if (cached) return cached;
  const root = join(botocoreDataDir(), service);
  const version = readdirSync(root).sort().at(-1);
  if (!version) throw new Error(`no model versions under ${root}`);
  const plain = join(root, version, "service-2.json");
  const text = existsSync(plain)
    ? readFileSync(plain, "utf8")
    : gunzipSync(readFileSync(`${plain}.gz`)).toString("utf8");
  const model = JSON.parse(text) as ServiceModel;
  models.set(service, model);
  return model;
}

function kind(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

export function validateShape(
  model: ServiceModel,
  shapeName: string,
  value: unknown,
  path = "$",
): ShapeProblem[] {
  const shape = model.shapes[shapeName];
  if (!shape) return [{ path, problem: `model has no shape ${shapeName}` }];
  const out: ShapeProblem[] = [];
  const bad = (problem: string): ShapeProblem[] => [{ path, problem }];
  if (value === null)
    return bad(`null where ${shape.type} ${shapeName} expected (JSON protocols omit absent members)`);
  switch (shape.type) {
    case "structure": {
      if (kind(value) !== "object") return bad(`expected structure ${shapeName}, got ${kind(value)}`);
      const obj = value as Record<string, unknown>;
      for (const req of shape.required ?? []) {
        if (obj[req] === undefined) out.push({ path: `${path}.${req}`, problem: "required member missing" });
      }
      for (const [k, v] of Object.entries(obj)) {
        const member = shape.members?.[k];
        if (!member) out.push({ path: `${path}.${k}`, problem: `not a member of ${shapeName}` });
        else out.push(...validateShape(model, member.shape, v, `${path}.${k}`));
      }
      return out;
    }
    case "list": {
      if (!Array.isArray(value)) return bad(`expected list, got ${kind(value)}`);
      value.forEach((item, i) =>
        out.push(...validateShape(model, shape.member?.shape ?? "", item, `${path}[${i}]`)),
      );
      return out;
    }
    case "map": {
      if (kind(value) !== "object") return bad(`expected map, got ${kind(value)}`);
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        out.push(...validateShape(model, shape.key?.shape ?? "", k, `${path}{key}`));
        out.push(...validateShape(model, shape.value?.shape ?? "", v, `${path}.${k}`));
      }
      return out;
    }
    case "string":
      if (typeof value !== "string") return bad(`expected string, got ${kind(value)}`);
      if (shape.enum && !shape.enum.includes(value))
        return bad(`'${value}' is not one of ${shape.enum.join("|")}`);
      return out;
    case "integer":
    case "long":
      return typeof value === "number" && Number.isInteger(value)
        ? out
        : bad(`expected ${shape.type}, got ${JSON.stringify(value)}`);
    case "float":
    case "double":
      return typeof value === "number" ? out : bad(`expected ${shape.type}, got ${kind(value)}`);
    case "boolean":
      return typeof value === "boolean" ? out : bad(`expected boolean, got ${kind(value)}`);
    case "timestamp":
      return typeof value === "number"
        ? out
        : bad(`expected timestamp as epoch seconds (number), got ${kind(value)} ${JSON.stringify(value)}`);
    case "blob":
      return typeof value === "string" ? out : bad(`expected base64 blob, got ${kind(value)}`);
    default:
      return bad(`unsupported shape type ${shape.type}`);
  }
}

/** Problems of `answer` as the output of `operation` ([] = conforms). An operation without
 *  output must answer an empty object. */
export function validateOutput(service: string, operation: string, answer: unknown): ShapeProblem[] {
  const model = loadServiceModel(service);
  const op = model.operations[operation];
  if (!op) return [{ path: "$", problem: `${service} has no operation ${operation}` }];
  if (!op.output) {
    const empty = kind(answer) === "object" && Object.keys(answer as object).length === 0;
    return empty ? [] : [{ path: "$", problem: "operation has no output but the answer is not empty" }];
  }
  return validateShape(model, op.output.shape, answer);
}

/** Error codes the model declares for an operation. */
export function operationErrors(service: string, operation: string): string[] {
  return (loadServiceModel(service).operations[operation]?.errors ?? []).map((e) => e.shape);
}

/** The shape at a dotted path below an operation's output ("builds[].phases[].phaseType"). */
export function shapeAtPath(service: string, operation: string, path: string): Shape | undefined {
  const model = loadServiceModel(service);
  let name = model.operations[operation]?.output?.shape;
  for (const seg of path.split(".").filter((s) => s !== "")) {
    const [member, ...lists] = seg.split("[]");
    let shape = name ? model.shapes[name] : undefined;
    if (shape?.type === "map") name = shape.value?.shape;
    else name = shape?.members?.[member ?? ""]?.shape;
    for (let i = 0; i < lists.length; i++) {
      shape = name ? model.shapes[name] : undefined;
      name = shape?.type === "list" ? shape.member?.shape : undefined;
    }
    if (!name) return undefined;
  }
  return name ? model.shapes[name] : undefined;
}
