import {
  Composer,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  Parser,
  visit,
  type CST,
  type Document,
  type Node,
  type Pair,
} from "yaml";
import { BUILDSPEC, PHASES, VERSIONS, type KeySpec } from "./spec";

export interface SpecProblem {
  readonly message: string;
  readonly severity: "error" | "warning";
  /** 0-based line and column. */
  readonly start: { line: number; column: number };
  readonly end: { line: number; column: number };
}

type Severity = SpecProblem["severity"];
type Ranged = { range?: readonly [number, number, number] | null } | null | undefined;

/** Deeper than any buildspec goes; YAML nested deeper is not composed (the composer recurses per level). */
const MAX_DEPTH = 64;
/** The first YAML syntax errors are the ones to fix; a garbled file can have one per character. */
const MAX_YAML_ERRORS = 20;
/** More problems than anyone reads (a pasted file can repeat one key a hundred thousand times). */
const MAX_PROBLEMS = 200;

/**
 * Checks a buildspec as CodeBuild reads it (the buildspec reference decides): YAML syntax,
 * version, known keys, phase names, `commands` as lists of strings, the keys a section must
 * have, and the shapes of env, reports, artifacts and cache. Errors are what CodeBuild rejects;
 * warnings are keys and values the reference does not list.
 *
 * Linear in the text: the YAML is parsed once into tokens, and only composed (which recurses
 * per level) when it is no deeper than MAX_DEPTH.
 */
export function validateBuildspec(text: string): SpecProblem[] {
  const report = new Report(new LineCounter());
  const parsed = parseTokens(text, report.lines);
  if ("tooDeepAt" in parsed) {
    report.atOffset(
      parsed.tooDeepAt,
      `The YAML nests more than ${MAX_DEPTH} levels deep here; it was not checked.`,
      "warning",
    );
    return report.problems;
  }
  const [doc, ...others] = withoutStackTraces(() =>
    Array.from(
      new Composer({ prettyErrors: false, uniqueKeys: false }).compose(parsed.tokens, true, text.length),
    ),
  );
  for (const error of doc!.errors.slice(0, MAX_YAML_ERRORS)) {
    report.atOffset(
      error.pos[0],
      `YAML: ${error.message.split("\n")[0] ?? error.message}`,
      "error",
      error.pos[1],
    );
  }
  const second = others[0];
  if (second) report.at(second, "A buildspec is one YAML document: remove the `---` and what follows it.");
  if (doc!.errors.length > 0 || second) return report.problems;
  new BuildspecCheck(doc!, report).run();
  return report.problems;
}

/**
 * The YAML's syntax tokens (what `Parser.parse` does, one lexeme at a time), given up as soon as
 * the parser's stack of open collections is deeper than MAX_DEPTH: `[[[[…` or `- - - -…` a
 * megabyte long would otherwise build a million nested tokens before anything could look.
 */
function parseTokens(text: string, lines: LineCounter): { tokens: CST.Token[] } | { tooDeepAt: number } {
  const parser = new Parser(lines.addNewLine);
  const tokens: CST.Token[] = [];
  lines.addNewLine(0);
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    if (parser.stack.length > MAX_DEPTH) return { tooDeepAt: parser.offset };
  }
  for (const token of parser.end()) tokens.push(token);
  return { tokens };
}

/** Problems with their positions, from offsets or nodes. */
class Report {
  readonly problems: SpecProblem[] = [];
  /** Missing required keys, reported after the shapes (a section's own problems come first). */
  private readonly missing: SpecProblem[] = [];

  constructor(readonly lines: LineCounter) {}

  at(node: Ranged, message: string, severity: Severity = "error"): void {
    const [from, to] = node?.range ?? [0, 0];
    this.atOffset(from, message, severity, to);
  }

  atOffset(from: number, message: string, severity: Severity = "error", to = from): void {
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(this.problem(from, to, message, severity));
  }

  missingKey(node: Ranged, message: string): void {
    const [from, to] = node?.range ?? [0, 0];
    if (this.missing.length < MAX_PROBLEMS) this.missing.push(this.problem(from, to, message, "error"));
  }

  flushMissing(): void {
    for (const problem of this.missing) if (this.problems.length < MAX_PROBLEMS) this.problems.push(problem);
    this.missing.length = 0;
  }

  private problem(from: number, to: number, message: string, severity: Severity): SpecProblem {
    const s = this.lines.linePos(from);
    const e = this.lines.linePos(Math.max(from, to));
    return {
      message,
      severity,
      start: { line: s.line - 1, column: s.col - 1 },
      end: { line: e.line - 1, column: e.col - 1 },
    };
  }
}

/**
 * YAML errors are Error objects; garbled input has one per character, and capturing a stack
 * trace for each is most of the time spent. The limit is restored before returning.
 */
function withoutStackTraces<T>(f: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return f();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Hints for keys that belong elsewhere: other CI systems, or batch builds' environment. */
const MISPLACED_KEYS: Readonly<Record<string, string>> = {
  steps: "`steps` is GitHub Actions syntax; CodeBuild runs a phase's `commands`",
  script: "`script` is GitLab CI syntax; CodeBuild runs a phase's `commands`",
  "compute-type": "the reference has `compute-type` only in the `env` of a batch build (`batch.build-list`…)",
  image: "the reference has `image` only in the `env` of a batch build (`batch.build-list`…)",
  "privileged-mode":
    "the reference has `privileged-mode` only in the `env` of a batch build (`batch.build-list`…)",
};

/** The checks on a parsed buildspec, against the reference in spec.ts. */
class BuildspecCheck {
  private version = "0.2";
  /** Alias → the node it names, filled on the first alias met. */
  private aliasTargets: Map<Node, Node | undefined> | undefined;
  /** Nodes reached through aliases and already checked against a spec (checked once). */
  private readonly checked = new Map<Node, Set<KeySpec>>();

  constructor(
    private readonly doc: Document.Parsed,
    private readonly report: Report,
  ) {}

  run(): void {
    const root = this.doc.contents;
    if (!isMap(root)) {
      this.report.at(root, "A buildspec is a YAML mapping with `version` and `phases`.");
      return;
    }
    if (!this.readVersion(root.items)) return;
    this.checkMap(root.items, BUILDSPEC, []);
    const has = (key: string) => root.items.some((p) => keyOf(p) === key);
    // A batch buildspec may leave the phases to the buildspecs of its builds.
    if (!has("phases") && !has("batch")) {
      const version = root.items.find((p) => keyOf(p) === "version");
      this.report.missingKey(version?.key, "The buildspec has no `phases`: the commands CodeBuild runs.");
    }
    this.report.flushMissing();
  }

  /** The version decides which keys exist; with a version CodeBuild does not know, nothing else is checked. */
  private readVersion(items: readonly Pair[]): boolean {
    const version = items.find((p) => keyOf(p) === "version");
    if (!version) {
      this.report.at(null, "The buildspec has no `version`: add `version: 0.2`.");
      return false;
    }
    const value = isScalar(version.value) ? scalarText(version.value.value) : "";
    if ((VERSIONS as readonly string[]).includes(value)) {
      this.version = value;
      return true;
    }
    this.report.at(
      version.value as Ranged,
      value === "0"
        ? "Version 0.0 is the pre-release buildspec format (`containers`, `during_build`); CodeBuild reads versions 0.1 and 0.2: use `version: 0.2` with `phases`."
        : `Unknown buildspec version ${value}: use 0.2.`,
    );
    return false;
  }

  private checkMap(items: readonly Pair[], spec: KeySpec, path: readonly string[]): void {
    const seen = new Set<string>();
    for (const pair of items) {
      const key = keyOf(pair);
      if (key === undefined) continue;
      if (seen.has(key)) this.report.at(pair.key as Ranged, `\`${key}\` appears twice${where(path, " in")}.`);
      seen.add(key);
      if (path.length === 0 && key === "version") continue;
      const child = spec.shape === "namedMaps" ? spec.entry : spec.children?.[key];
      if (child && (!child.onlyInVersion || child.onlyInVersion === this.version)) {
        this.checkValue(pair.value as Node | null, child, [...path, key], pair.key as Ranged);
      } else {
        this.unknownKey(pair, key, spec, path, child);
      }
    }
  }

  private unknownKey(pair: Pair, key: string, spec: KeySpec, path: readonly string[], other?: KeySpec): void {
    const at = pair.key as Ranged;
    if (path[0] === "phases" && path.length === 1) {
      this.report.at(at, `CodeBuild has no phase \`${key}\`: the phases are ${PHASES.join(", ")}.`);
    } else if (path.length === 2 && path[0] === "phases" && key === "runtime-versions") {
      this.report.at(at, "`runtime-versions` belongs in the install phase only.");
    } else if (other) {
      this.report.at(at, `\`${key}\` is not in version ${this.version}. ${other.doc}`, "warning");
    } else if (spec.children) {
      const hint = MISPLACED_KEYS[key];
      const known = Object.entries(spec.children)
        .filter(([, child]) => !child.onlyInVersion || child.onlyInVersion === this.version)
        .map(([name]) => name)
        .join(", ");
      this.report.at(
        at,
        `Unknown key \`${key}\`${where(path, " in")}; ${hint ? `${hint}. Expected` : "expected"} one of: ${known}.`,
        "warning",
      );
    }
  }

  /** `key` is where the value's key is, to point at (`artifacts:`) when the value lacks something. */
  private checkValue(value: Node | null, spec: KeySpec, path: readonly string[], key: Ranged): void {
    const node = this.resolve(value, spec);
    if (node === "checked") return;
    const name = path.join(".");
    switch (spec.shape) {
      case "map":
      case "namedMaps":
        if (isNull(node)) return;
        if (!isMap(node)) return this.report.at(node, `\`${name}\` must be a mapping.`);
        this.checkMap(node.items, spec, path);
        return this.checkRequired(node.items, spec, name, key);
      case "stringList":
        if (isNull(node)) return;
        if (!isSeq(node)) {
          return this.report.at(
            node,
            `\`${name}\` must be a list of strings (each line starting with \`- \`).`,
          );
        }
        return this.checkStrings(node.items as (Node | null)[], name);
      case "stringOrList":
        if (isNull(node) || isScalar(node)) return;
        if (!isSeq(node)) return this.report.at(node, `\`${name}\` must be a string or a list of strings.`);
        return this.checkStrings(node.items as (Node | null)[], name);
      case "stringMap":
        return this.checkStringMap(node, name);
      case "list":
        if (!isNull(node) && !isSeq(node)) this.report.at(node, `\`${name}\` must be a list.`);
        return;
      case "scalar":
        if (isNull(node)) return;
        if (!isScalar(node)) return this.report.at(node, `\`${name}\` must be a single value.`);
        if (!isDocumentedValue(scalarText(node.value), spec)) {
          this.report.at(node, `\`${name}\` is usually one of: ${spec.values!.join(", ")}.`, "warning");
        }
        return;
    }
  }

  private checkStrings(items: readonly (Node | null)[], name: string): void {
    for (const item of items) {
      const node = this.resolve(item);
      if (node === "checked" || isScalar(node) || node === null) continue;
      this.report.at(
        item,
        isMap(node)
          ? `Each entry of \`${name}\` must be a string; this one reads as a mapping — quote it (it contains \`: \`).`
          : `Each entry of \`${name}\` must be a string.`,
      );
    }
  }

  private checkStringMap(node: Node | null, name: string): void {
    if (isNull(node)) return;
    if (!isMap(node)) return this.report.at(node, `\`${name}\` must be a mapping of names to values.`);
    const seen = new Set<string>();
    for (const pair of node.items) {
      const key = keyOf(pair);
      if (key !== undefined && seen.has(key)) {
        this.report.at(pair.key as Ranged, `\`${key}\` appears twice in \`${name}\`.`);
      }
      if (key !== undefined) seen.add(key);
      const value = this.resolve(pair.value as Node | null);
      if (value !== "checked" && value !== null && !isScalar(value)) {
        this.report.at(
          pair.value as Ranged,
          `The value of \`${String(key)}\` in \`${name}\` must be a single value.`,
        );
      }
    }
  }

  private checkRequired(items: readonly Pair[], spec: KeySpec, name: string, at: Ranged): void {
    for (const [key, what] of Object.entries(spec.required ?? {})) {
      if (!items.some((p) => keyOf(p) === key)) {
        this.report.missingKey(at, `\`${name}\` needs \`${key}\`: ${what}.`);
      }
    }
  }

  /**
   * An alias stands for the node it names. A node reached through aliases is checked against
   * each spec once ("checked" when it already was): aliases can name one big list many times.
   */
  private resolve(value: Node | null, spec?: KeySpec): Node | null | "checked" {
    if (!isAlias(value)) return value;
    const target = this.aliasTarget(value) ?? null;
    if (!target)
      this.report.at(
        value,
        `\`*${value.source}\` names no anchor: there is no \`&${value.source}\` before it.`,
      );
    if (!target || !spec) return target;
    const specs = this.checked.get(target) ?? new Set<KeySpec>();
    if (specs.has(spec)) return "checked";
    this.checked.set(target, specs.add(spec));
    return target;
  }

  private aliasTarget(alias: Node): Node | undefined {
    if (!this.aliasTargets) {
      // One pass in document order: an alias names the latest anchor of that name before it.
      const targets = new Map<Node, Node | undefined>();
      const anchors = new Map<string, Node>();
      visit(this.doc, {
        Node: (_, node) => {
          if (isAlias(node)) targets.set(node, anchors.get(node.source));
          else if (node.anchor) anchors.set(node.anchor, node);
        },
      });
      this.aliasTargets = targets;
    }
    return this.aliasTargets.get(alias);
  }
}

/** No value: `key:` alone, or `~`, or `null`. */
function isNull(node: Node | null): boolean {
  return node === null || (isScalar(node) && node.value === null);
}

function isDocumentedValue(value: string, spec: KeySpec): boolean {
  if (!spec.values) return true;
  const same = (a: string, b: string) => (spec.ignoreCase ? a.toUpperCase() === b.toUpperCase() : a === b);
  return spec.values.some((v) => same(v, value)) || (spec.valuePattern?.test(value) ?? false);
}

function where(path: readonly string[], preposition: string): string {
  return path.length ? `${preposition} \`${path.join(".")}\`` : "";
}

function scalarText(value: unknown): string {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean"
    ? String(value)
    : "";
}

function keyOf(pair: Pair): string | undefined {
  return isScalar(pair.key) ? scalarText(pair.key.value) : undefined;
}

/**
 * The key path at a line, from indentation: in
 * `phases:` / `  build:` / `    commands:` the path at the last line's children is
 * ["phases", "build", "commands"].
 */
export function keyPathAt(lines: readonly string[], lineIndex: number, column: number): string[] {
  const path: { indent: number; key: string }[] = [];
  for (let i = 0; i < lineIndex; i++) {
    // Anchored, and each part's characters differ from the next part's: one scan per line.
    // The `s` flag lets the rest hold a CR (CRLF files split on LF).
    const m = /^(\s*)([\w-]+)\s*:(.*)$/s.exec(lines[i] ?? "");
    if (!m) continue;
    const indent = m[1]!.length;
    while (path.length && path[path.length - 1]!.indent >= indent) path.pop();
    if (/^\s*(?:#.*)?$/s.test(m[3]!)) path.push({ indent, key: m[2]! });
  }
  while (path.length && path[path.length - 1]!.indent >= column) path.pop();
  return path.map((p) => p.key);
}
