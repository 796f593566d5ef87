import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from "yaml";
import { BUILDSPEC, PHASES, type KeySpec } from "./spec";

export interface SpecProblem {
  readonly message: string;
  readonly severity: "error" | "warning";
  /** 0-based line and column. */
  readonly start: { line: number; column: number };
  readonly end: { line: number; column: number };
}

type Ranged = { range?: [number, number, number] | null };

/**
 * Checks a buildspec as CodeBuild reads it: YAML syntax, version, known keys, phase names,
 * `commands` as lists of strings, the shapes of env, reports, artifacts and cache.
 */
export function validateBuildspec(text: string): SpecProblem[] {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  const problems: SpecProblem[] = [];
  const at = (node: Ranged | null | undefined, message: string, severity: "error" | "warning" = "error") => {
    const [from, to] = node?.range ?? [0, 0];
    const s = counter.linePos(from);
    const e = counter.linePos(Math.max(from, to));
    problems.push({
      message,
      severity,
      start: { line: s.line - 1, column: s.col - 1 },
      end: { line: e.line - 1, column: e.col - 1 },
    });
  };

  for (const error of doc.errors) {
    const [from, to] = error.pos;
    const s = counter.linePos(from);
    const e = counter.linePos(Math.max(from, to));
    problems.push({
      message: `YAML: ${error.message.split("\n")[0] ?? error.message}`,
      severity: "error",
      start: { line: s.line - 1, column: s.col - 1 },
      end: { line: e.line - 1, column: e.col - 1 },
    });
  }
  if (doc.errors.length > 0) return problems;

  const root = doc.contents;
  if (!isMap(root)) {
    at(root, "A buildspec is a YAML mapping with `version` and `phases`.");
    return problems;
  }
  const version = root.items.find((p) => keyOf(p) === "version");
  if (!version) at({ range: [0, 0, 0] }, "The buildspec has no `version`: add `version: 0.2`.");
  else {
    const value = isScalar(version.value) ? String(version.value.value) : undefined;
    if (value !== "0.2" && value !== "0.1")
      at(version.value, `Unknown buildspec version ${value ?? ""}: use 0.2.`);
  }
  checkMap(root.items, BUILDSPEC, [], at);
  const artifacts = root.items.find((p) => keyOf(p) === "artifacts");
  if (artifacts && isMap(artifacts.value) && !artifacts.value.items.some((p) => keyOf(p) === "files")) {
    at(artifacts.key, "`artifacts` needs `files`: the files to upload (e.g. `- dist/**/*`).");
  }
  return problems;
}

function scalarText(value: unknown): string {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean"
    ? String(value)
    : "";
}

function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) ? String(pair.key.value) : undefined;
}

type Report = (node: Ranged | null | undefined, message: string, severity?: "error" | "warning") => void;

function checkMap(items: readonly Pair[], spec: KeySpec, path: string[], at: Report): void {
  for (const pair of items) {
    if (!isPair(pair)) continue;
    const key = keyOf(pair);
    if (key === undefined || (path.length === 0 && key === "version")) continue;
    const child = spec.shape === "namedMaps" ? spec.entry : spec.children?.[key];
    const where = [...path, key].join(".");
    if (!child) {
      if (path[0] === "phases" && path.length === 1) {
        at(pair.key as Ranged, `CodeBuild has no phase \`${key}\`: the phases are ${PHASES.join(", ")}.`);
      } else if (path.length === 2 && path[0] === "phases" && key === "runtime-versions") {
        at(pair.key as Ranged, "`runtime-versions` belongs in the install phase only.");
      } else if (spec.children) {
        const known = Object.keys(spec.children).join(", ");
        at(
          pair.key as Ranged,
          `Unknown key \`${key}\`${path.length ? ` in \`${path.join(".")}\`` : ""}; expected one of: ${known}.`,
          "warning",
        );
      }
      continue;
    }
    checkValue(pair.value as Node | null, child, [...path, key], where, at);
  }
}

function checkValue(value: Node | null, spec: KeySpec, path: string[], where: string, at: Report): void {
  switch (spec.shape) {
    case "map":
    case "namedMaps":
      if (value === null || (isScalar(value) && value.value === null)) return;
      if (!isMap(value)) return at(value, `\`${where}\` must be a mapping.`);
      return checkMap(value.items, spec, path, at);
    case "stringList":
      if (isScalar(value) && value.value === null) return;
      if (!isSeq(value))
        return at(value, `\`${where}\` must be a list of strings (each line starting with \`- \`).`);
      for (const item of value.items) {
        if (isScalar(item)) continue;
        at(
          item as Ranged,
          isMap(item)
            ? `Each entry of \`${where}\` must be a string; this one reads as a mapping — quote it (it contains \`: \`).`
            : `Each entry of \`${where}\` must be a string.`,
        );
      }
      return;
    case "stringMap":
      if (isScalar(value) && value.value === null) return;
      if (!isMap(value)) return at(value, `\`${where}\` must be a mapping of names to values.`);
      for (const pair of value.items) {
        if (!isScalar(pair.value) && pair.value !== null)
          at(pair.value, `The value of \`${String(keyOf(pair))}\` in \`${where}\` must be a single value.`);
      }
      return;
    case "list":
      if (value !== null && !isSeq(value)) at(value, `\`${where}\` must be a list.`);
      return;
    case "scalar":
      if (value !== null && !isScalar(value)) at(value, `\`${where}\` must be a single value.`);
      else if (
        spec.values &&
        isScalar(value) &&
        value.value !== null &&
        !spec.values.includes(scalarText(value.value))
      ) {
        at(value, `\`${where}\` is usually one of: ${spec.values.join(", ")}.`, "warning");
      }
      return;
  }
}

/**
 * The key path at a line, from indentation: in
 * `phases:` / `  build:` / `    commands:` the path at the last line's children is
 * ["phases", "build", "commands"].
 */
export function keyPathAt(lines: readonly string[], lineIndex: number, column: number): string[] {
  const path: { indent: number; key: string }[] = [];
  for (let i = 0; i < lineIndex; i++) {
    const m = /^(\s*)([\w-]+)\s*:(.*)$/.exec(lines[i] ?? "");
    if (!m) continue;
    const indent = m[1]!.length;
    while (path.length && path[path.length - 1]!.indent >= indent) path.pop();
    if (/^\s*(?:#.*)?$/.test(m[3]!)) path.push({ indent, key: m[2]! });
  }
  while (path.length && path[path.length - 1]!.indent >= column) path.pop();
  return path.map((p) => p.key);
}
