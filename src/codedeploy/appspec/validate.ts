import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Node,
  type Pair,
  type YAMLMap,
} from "yaml";
import {
  ECS_PROPERTIES,
  FILE_KEYS,
  HOOK_DOCS,
  HOOKS,
  LAMBDA_PROPERTIES,
  LOAD_BALANCER_KEYS,
  PERMISSION_KEYS,
  RESERVED_HOOKS,
  RESOURCE_KEYS,
  SCRIPT_KEYS,
  SERVER_KEYS,
  type AppSpecPlatform,
  type KeyDoc,
} from "./spec";

export interface AppSpecProblem {
  readonly message: string;
  /** hint: true but harmless (shown faintly, not in the Problems panel). */
  readonly severity: "error" | "warning" | "hint";
  /** 0-based line and column. */
  readonly start: { line: number; column: number };
  readonly end: { line: number; column: number };
}

/** A script a hook of an EC2/on-premises appspec names, where it is named. */
export interface HookScript {
  readonly hook: string;
  /** As written (`scripts/start.sh`, `\before-install.bat`). */
  readonly location: string;
  /** Its path in the bundle: no leading slash, forward slashes. */
  readonly path: string;
  readonly start: { line: number; column: number };
  readonly end: { line: number; column: number };
}

export interface AppSpecCheck {
  readonly platform: AppSpecPlatform | undefined;
  readonly problems: AppSpecProblem[];
  readonly scripts: HookScript[];
  /** ECS: the container the load balancer routes to. */
  readonly container?: { readonly name?: string; readonly port?: number };
}

type Ranged = { range?: [number, number, number] | null };
type Report = (
  node: Ranged | null | undefined,
  message: string,
  severity?: AppSpecProblem["severity"],
) => void;

const MAX_TIMEOUT = 3600;
/** A file longer than this is not an appspec anyone wrote by hand: checked, but not more than this. */
const MAX_LENGTH = 1_000_000;

function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

function pairs(map: YAMLMap): Pair[] {
  return map.items.filter((p): p is Pair => isPair(p));
}

function scalarString(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : undefined;
}

function unknownKey(at: Report, pair: Pair, where: string, known: Readonly<Record<string, KeyDoc>>): void {
  at(
    pair.key as Ranged,
    `Unknown key \`${keyOf(pair) ?? ""}\`${where ? ` in ${where}` : ""}; expected one of: ${Object.keys(known).join(", ")}.`,
    "warning",
  );
}

/**
 * Checks an AppSpec file (YAML or JSON) as CodeDeploy reads it: syntax, version, the keys of
 * the platform it is for (EC2/on-premises: os, files, permissions, hooks; ECS and Lambda:
 * Resources and Hooks), hook names valid for that platform, scripts with location, timeout
 * (≤ 3600) and runas, the ECS service's TaskDefinition and LoadBalancerInfo, the Lambda
 * function's Name, Alias and versions. Linear in the text.
 */
export function validateAppSpec(text: string): AppSpecCheck {
  const counter = new LineCounter();
  const doc = parseDocument(text.length > MAX_LENGTH ? text.slice(0, MAX_LENGTH) : text, {
    lineCounter: counter,
    uniqueKeys: true,
  });
  const problems: AppSpecProblem[] = [];
  const scripts: HookScript[] = [];
  const pos = (offset: number) => {
    const p = counter.linePos(offset);
    return { line: p.line - 1, column: p.col - 1 };
  };
  const at: Report = (node, message, severity = "error") => {
    const [from, to] = node?.range ?? [0, 0];
    problems.push({ message, severity, start: pos(from), end: pos(Math.max(from, to)) });
  };
  for (const error of doc.errors) {
    const [from, to] = error.pos;
    problems.push({
      message: `The appspec does not parse: ${(error.message.split("\n")[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, "")}.`,
      severity: "error",
      start: pos(from),
      end: pos(Math.max(from, to)),
    });
  }
  if (doc.errors.length > 0) return { platform: undefined, problems, scripts };
  const root = doc.contents;
  if (!isMap(root)) {
    at(
      root,
      "An appspec is a mapping with `version: 0.0` and either `os`/`files`/`hooks` (EC2/on-premises) or `Resources` (ECS, Lambda).",
    );
    return { platform: undefined, problems, scripts };
  }
  const top = new Map(pairs(root).map((p) => [keyOf(p), p]));
  const version = top.get("version");
  if (!version)
    at({ range: [0, 0, 0] }, "The appspec has no `version`: add `version: 0.0` as its first line.");
  else if (!(
    isScalar(version.value) &&
    (version.value.source === "0.0" || version.value.value === 0 || version.value.value === "0.0")
  ))
    at(
      (version.value ?? version.key) as Ranged,
      `\`version\` must be 0.0 (the only AppSpec version), not ${scalarString(version.value) ?? "that"}.`,
    );

  const platform = platformOf(top);
  let container: AppSpecCheck["container"];
  if (platform === "Server") checkServer(top, at, scripts, pos);
  else container = checkResources(top, platform, at);
  for (const pair of pairs(root)) {
    const key = keyOf(pair);
    if (key === undefined) continue;
    if (platform === "Server" ? key in SERVER_KEYS : key in RESOURCE_KEYS) continue;
    if (platform !== "Server" && ["os", "files", "permissions", "file_exists_behavior"].includes(key)) {
      at(
        pair.key as Ranged,
        `\`${key}\` is used by EC2/on-premises deployments only; an ${platform} deployment ignores it.`,
        "hint",
      );
      continue;
    }
    if (platform !== "Server" && key === "hooks") {
      at(
        pair.key as Ranged,
        `An ${platform} appspec names its hooks under \`Hooks\` (capital H), as a list of \`- EventName: "function"\`.`,
      );
      continue;
    }
    if (platform === "Server" && key === "Hooks") {
      at(
        pair.key as Ranged,
        "An EC2/on-premises appspec names its hooks under `hooks` (lower case): `EventName:` and a list of scripts.",
      );
      continue;
    }
    unknownKey(at, pair, "", platform === "Server" ? SERVER_KEYS : RESOURCE_KEYS);
  }
  return { platform, problems, scripts, ...(container ? { container } : {}) };
}

function platformOf(top: Map<string | undefined, Pair>): AppSpecPlatform {
  const resources = top.get("Resources")?.value;
  if (!resources) return "Server";
  if (isSeq(resources)) {
    for (const item of resources.items) {
      if (!isMap(item)) continue;
      for (const entry of pairs(item)) {
        if (!isMap(entry.value)) continue;
        const type = scalarString(pairs(entry.value).find((p) => keyOf(p) === "Type")?.value);
        if (type === "AWS::Lambda::Function") return "Lambda";
        if (type === "AWS::ECS::Service") return "ECS";
      }
    }
  }
  return "ECS";
}

type Position = (offset: number) => { line: number; column: number };

function checkServer(
  top: Map<string | undefined, Pair>,
  at: Report,
  scripts: HookScript[],
  pos: Position,
): void {
  const os = top.get("os");
  const osName = scalarString(os?.value);
  if (!os) at({ range: [0, 0, 0] }, "An EC2/on-premises appspec needs `os: linux` or `os: windows`.");
  else if (osName !== "linux" && osName !== "windows")
    at(os.value as Ranged, `\`os\` must be \`linux\` or \`windows\`, not ${osName ?? "that"}.`);

  const files = top.get("files");
  if (files && !(isScalar(files.value) && files.value.value === null)) {
    if (!isSeq(files.value))
      at(files.value as Ranged, "`files` is a list of `- source: … destination: …` entries.");
    else
      for (const item of files.value.items) {
        if (!isMap(item)) {
          at(item as Ranged, "Each `files` entry is a mapping with `source` and `destination`.");
          continue;
        }
        checkEntry(item, "a `files` entry", FILE_KEYS, ["source", "destination"], at);
      }
  }

  const fileExists = top.get("file_exists_behavior");
  const behavior = scalarString(fileExists?.value);
  if (fileExists && !["DISALLOW", "OVERWRITE", "RETAIN"].includes(behavior ?? ""))
    at(fileExists.value as Ranged, "`file_exists_behavior` is DISALLOW, OVERWRITE or RETAIN.");

  const permissions = top.get("permissions");
  if (permissions && !(isScalar(permissions.value) && permissions.value.value === null)) {
    if (osName === "windows")
      at(permissions.key as Ranged, "`permissions` applies to Linux instances only.", "warning");
    if (!isSeq(permissions.value))
      at(permissions.value as Ranged, "`permissions` is a list of entries, each with `object`.");
    else
      for (const item of permissions.value.items) {
        if (!isMap(item)) at(item as Ranged, "Each `permissions` entry is a mapping with at least `object`.");
        else checkEntry(item, "a `permissions` entry", PERMISSION_KEYS, ["object"], at);
      }
  }

  const hooks = top.get("hooks");
  if (!hooks || (isScalar(hooks.value) && hooks.value.value === null)) return;
  if (!isMap(hooks.value)) {
    at(
      hooks.value as Ranged,
      "`hooks` maps lifecycle events to lists of scripts: `ApplicationStart:` then `- location: …`.",
    );
    return;
  }
  for (const pair of pairs(hooks.value)) {
    const hook = keyOf(pair) ?? "";
    if (!checkHookName(pair, hook, "Server", at)) continue;
    const list = pair.value as Node | null;
    if (list === null || (isScalar(list) && list.value === null)) continue;
    if (!isSeq(list)) {
      at(list, `\`${hook}\` takes a list of scripts: \`- location: scripts/…\`.`);
      continue;
    }
    for (const item of list.items) {
      if (!isMap(item)) {
        at(
          item as Ranged,
          `Each script of \`${hook}\` is a mapping with \`location\` (and \`timeout\`, \`runas\`).`,
        );
        continue;
      }
      checkEntry(item, `a script of \`${hook}\``, SCRIPT_KEYS, ["location"], at);
      const entries = new Map(pairs(item).map((p) => [keyOf(p), p]));
      const location = entries.get("location");
      const where = scalarString(location?.value);
      if (location && where) {
        const [from, to] = (location.value as Ranged).range ?? [0, 0];
        scripts.push({
          hook,
          location: where,
          path: where.replace(/\\/g, "/").replace(/^\/+/, ""),
          start: pos(from),
          end: pos(to),
        });
      }
      const timeout = entries.get("timeout");
      if (timeout) {
        const n = isScalar(timeout.value) ? Number(timeout.value.value) : NaN;
        if (!Number.isInteger(n) || n < 1)
          at(timeout.value as Ranged, "`timeout` is a whole number of seconds (at most 3600).");
        else if (n > MAX_TIMEOUT)
          at(
            timeout.value as Ranged,
            `\`timeout\` is at most 3600 seconds (one hour), not ${n}: CodeDeploy rejects a longer one.`,
          );
      }
      const runas = entries.get("runas");
      if (runas && osName === "windows")
        at(
          runas.key as Ranged,
          "`runas` is for Linux instances; Windows scripts run as the agent's user.",
          "warning",
        );
    }
  }
}

function checkHookName(pair: Pair, hook: string, platform: AppSpecPlatform, at: Report): boolean {
  const valid = HOOKS[platform];
  if (valid.includes(hook)) return true;
  const where = platform === "Server" ? "EC2/on-premises" : platform;
  if (RESERVED_HOOKS.includes(hook))
    at(
      pair.key as Ranged,
      `\`${hook}\` is run by CodeDeploy itself and cannot run ${platform === "Server" ? "scripts" : "functions"}; the ${where} hooks are: ${valid.join(", ")}.`,
    );
  else
    at(
      pair.key as Ranged,
      `\`${hook}\` is not a lifecycle event of ${where} deployments; the hooks are: ${valid.join(", ")}.`,
    );
  return false;
}

function checkEntry(
  item: YAMLMap,
  what: string,
  known: Readonly<Record<string, KeyDoc>>,
  required: readonly string[],
  at: Report,
): void {
  const keys = new Set<string>();
  for (const pair of pairs(item)) {
    const key = keyOf(pair);
    if (key === undefined) continue;
    keys.add(key);
    if (!(key in known)) unknownKey(at, pair, what, known);
    else if (known[key]?.shape === "scalar" && pair.value !== null && !isScalar(pair.value))
      at(pair.value, `\`${key}\` in ${what} is a single value.`);
    else if (
      known[key]?.shape === "scalar" &&
      isScalar(pair.value) &&
      pair.value.value === null &&
      required.includes(key)
    )
      at(pair.key as Ranged, `\`${key}\` in ${what} has no value.`);
  }
  for (const key of required)
    if (!keys.has(key)) at(item, `${what[0]?.toUpperCase() ?? ""}${what.slice(1)} needs \`${key}\`.`);
}

function checkResources(
  top: Map<string | undefined, Pair>,
  platform: "ECS" | "Lambda",
  at: Report,
): AppSpecCheck["container"] {
  const resources = top.get("Resources");
  let container: AppSpecCheck["container"];
  if (!resources || !isSeq(resources.value) || resources.value.items.length === 0) {
    at(
      (resources?.value ?? resources?.key) as Ranged,
      "`Resources` is a list with the service or function to deploy: `- Name:` with `Type` and `Properties`.",
    );
  } else {
    for (const item of resources.value.items) {
      if (!isMap(item) || pairs(item).length !== 1) {
        at(item as Ranged, "Each resource is one `Name:` with `Type` and `Properties` below it.");
        continue;
      }
      const [entry] = pairs(item);
      if (!entry || !isMap(entry.value)) {
        at(
          entry?.value ?? item,
          `The resource \`${entry ? (keyOf(entry) ?? "") : ""}\` needs \`Type\` and \`Properties\`.`,
        );
        continue;
      }
      const props = new Map(pairs(entry.value).map((p) => [keyOf(p), p]));
      const type = scalarString(props.get("Type")?.value);
      if (type !== "AWS::ECS::Service" && type !== "AWS::Lambda::Function")
        at(
          (props.get("Type")?.value ?? entry.key) as Ranged,
          "`Type` is `AWS::ECS::Service` or `AWS::Lambda::Function`.",
        );
      for (const pair of pairs(entry.value)) {
        const key = keyOf(pair);
        if (key !== "Type" && key !== "Properties")
          unknownKey(at, pair, `resource \`${keyOf(entry) ?? ""}\``, {
            Type: { shape: "scalar", doc: "" },
            Properties: { shape: "map", doc: "" },
          });
      }
      const properties = props.get("Properties");
      if (!properties || !isMap(properties.value)) {
        at(
          (properties?.value ?? entry.key) as Ranged,
          `The resource \`${keyOf(entry) ?? ""}\` needs \`Properties\`.`,
        );
        continue;
      }
      if (type === "AWS::Lambda::Function") {
        checkEntry(
          properties.value,
          "the Lambda function's `Properties`",
          LAMBDA_PROPERTIES,
          ["Name", "Alias", "CurrentVersion", "TargetVersion"],
          at,
        );
      } else {
        checkEntry(
          properties.value,
          "the ECS service's `Properties`",
          ECS_PROPERTIES,
          ["TaskDefinition", "LoadBalancerInfo"],
          at,
        );
        const lb = pairs(properties.value).find((p) => keyOf(p) === "LoadBalancerInfo");
        if (lb && isMap(lb.value)) {
          checkEntry(
            lb.value,
            "`LoadBalancerInfo`",
            LOAD_BALANCER_KEYS,
            ["ContainerName", "ContainerPort"],
            at,
          );
          const lbProps = new Map(pairs(lb.value).map((p) => [keyOf(p), p]));
          const port = lbProps.get("ContainerPort");
          const portNumber = isScalar(port?.value) ? Number(port.value.value) : NaN;
          if (port && !(Number.isInteger(portNumber) && portNumber >= 1 && portNumber <= 65535))
            at(port.value as Ranged, "`ContainerPort` is a port number (1–65535).");
          const name = scalarString(lbProps.get("ContainerName")?.value);
          container = {
            ...(name ? { name } : {}),
            ...(Number.isInteger(portNumber) ? { port: portNumber } : {}),
          };
        } else if (lb)
          at(lb.value as Ranged, "`LoadBalancerInfo` needs `ContainerName` and `ContainerPort`.");
      }
    }
  }
  const hooks = top.get("Hooks");
  if (hooks && !(isScalar(hooks.value) && hooks.value.value === null)) {
    if (!isSeq(hooks.value))
      at(hooks.value as Ranged, `\`Hooks\` is a list of \`- EventName: "function-name"\`.`);
    else
      for (const item of hooks.value.items) {
        if (!isMap(item)) {
          at(item as Ranged, `Each hook is \`- EventName: "function-name"\`.`);
          continue;
        }
        for (const pair of pairs(item)) {
          const hook = keyOf(pair) ?? "";
          if (!checkHookName(pair, hook, platform, at)) continue;
          const fn = scalarString(pair.value);
          if (!fn)
            at(
              (pair.value ?? pair.key) as Ranged,
              `\`${hook}\` names the Lambda function that validates the deployment.`,
            );
        }
      }
  }
  return container;
}

/**
 * The key path at a line, from indentation, reading `- key:` list items as keys of their own
 * level: below `hooks:` / `  ApplicationStart:` / `    - location: x` the path of the next
 * key at column 6 is ["hooks", "ApplicationStart", "-"].
 */
export function keyPathAt(lines: readonly string[], lineIndex: number, column: number): string[] {
  const path: { indent: number; key: string }[] = [];
  for (let i = 0; i < lineIndex; i++) {
    const m = /^(\s*)(- +)?([\w-]+)\s*:(.*)$/.exec(lines[i] ?? "");
    if (!m) continue;
    const dash = m[2] ? m[1]!.length : -1;
    const indent = m[1]!.length + (m[2]?.length ?? 0);
    while (path.length && path[path.length - 1]!.indent >= (dash >= 0 ? dash + 1 : indent)) path.pop();
    if (dash >= 0) path.push({ indent: dash + 1, key: "-" });
    if (/^\s*(?:#.*)?$/.test(m[4]!)) path.push({ indent: indent + 1, key: m[3]! });
    else if (dash >= 0) path.push({ indent, key: `=${m[3]!}` });
  }
  while (path.length && path[path.length - 1]!.indent > column) path.pop();
  return path.map((p) => p.key).filter((k) => !k.startsWith("="));
}

/** The documentation of the key at a path (for hover and completion). */
export function docAt(
  path: readonly string[],
  platform: AppSpecPlatform,
): Readonly<Record<string, KeyDoc>> | undefined {
  const p = path.join("/");
  if (platform === "Server") {
    if (p === "") return SERVER_KEYS;
    if (p === "files/-") return FILE_KEYS;
    if (p === "permissions/-") return PERMISSION_KEYS;
    if (p === "hooks")
      return Object.fromEntries(HOOKS.Server.map((h) => [h, { shape: "list", doc: hookDoc(h) }]));
    if (/^hooks\/\w+\/-$/.test(p)) return SCRIPT_KEYS;
    return undefined;
  }
  if (p === "") return RESOURCE_KEYS;
  if (/^Resources\/-\/[^/]+$/.test(p))
    return {
      Type: {
        shape: "scalar",
        doc: "`AWS::ECS::Service` or `AWS::Lambda::Function`.",
        values: ["AWS::ECS::Service", "AWS::Lambda::Function"],
      },
      Properties: { shape: "map", doc: "The service's or function's properties." },
    };
  if (/^Resources\/-\/[^/]+\/Properties$/.test(p))
    return platform === "ECS" ? ECS_PROPERTIES : LAMBDA_PROPERTIES;
  if (/^Resources\/-\/[^/]+\/Properties\/LoadBalancerInfo$/.test(p)) return LOAD_BALANCER_KEYS;
  if (p === "Hooks/-")
    return Object.fromEntries(HOOKS[platform].map((h) => [h, { shape: "scalar", doc: hookDoc(h) }]));
  return undefined;
}

function hookDoc(hook: string): string {
  return HOOK_DOCS[hook] ?? "";
}

/** The platform an appspec's text is for (cheap: no diagnostics). */
export function appSpecPlatform(text: string): AppSpecPlatform {
  return /^Resources\s*:/m.test(text) || /"Resources"\s*:/.test(text)
    ? /AWS::Lambda::Function/.test(text)
      ? "Lambda"
      : "ECS"
    : "Server";
}
