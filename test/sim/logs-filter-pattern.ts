// CloudWatch Logs filter patterns (FilterLogEvents, StartLiveTail), compiled once and matched
// in time linear in the message: unstructured terms ("quoted phrases", ?alternatives, -exclusions),
// JSON patterns ({ $.level = "ERROR" && $.latency > 500 }) and space-delimited ones
// ([ip, user, ..., status = 5*, bytes > 1000]). Invalid patterns are refused with the messages
// CloudWatch Logs gives. Not simulated: regular expressions (%…%), which are refused as such.
import { SimError } from "./errors";

export type Matcher = (message: string) => boolean;

/** What CloudWatch Logs answers for a pattern it cannot read. */
function invalid(message = "Invalid filter pattern"): SimError {
  return new SimError("InvalidParameterException", message);
}

/** Compiles a pattern; an empty one matches everything. Throws InvalidParameterException. */
export function compileFilterPattern(pattern: string | undefined): Matcher {
  const p = (pattern ?? "").trim();
  if (p === "") return () => true;
  if (p.startsWith("{")) {
    if (!p.endsWith("}")) throw invalid("If a filter pattern starts with '{' it must end with '}'");
    return compileJson(p.slice(1, -1));
  }
  if (p.startsWith("[")) {
    if (!p.endsWith("]")) throw invalid("If a filter pattern starts with '[' it must end with ']'");
    return compileSpaceDelimited(p.slice(1, -1));
  }
  return compileTerms(p);
}

// ── Unstructured terms ────────────────────────────────────────────────────────────────────

const TERM_CHAR = /[\p{L}\p{N}_.\-:/]/u;

function compileTerms(p: string): Matcher {
  const all: string[] = [];
  const any: string[] = [];
  const none: string[] = [];
  let i = 0;
  while (i < p.length) {
    if (p[i] === " " || p[i] === "\t") {
      i++;
      continue;
    }
    let kind: "all" | "any" | "none" = "all";
    if (p[i] === "?" || p[i] === "-") {
      kind = p[i] === "?" ? "any" : "none";
      i++;
    }
    let term: string;
    if (p[i] === '"') {
      const end = p.indexOf('"', i + 1);
      if (end < 0) throw invalid();
      term = p.slice(i + 1, end);
      i = end + 1;
    } else if (p[i] === "%") {
      throw invalid("The simulator does not support regular expressions (%…%) in filter patterns");
    } else {
      const start = i;
      while (i < p.length && p[i] !== " " && p[i] !== "\t") i++;
      term = p.slice(start, i);
      for (const c of term) if (!TERM_CHAR.test(c)) throw invalid(`Invalid character(s) in term '${term}'`);
    }
    if (term === "") throw invalid();
    (kind === "all" ? all : kind === "any" ? any : none).push(term);
  }
  return (m) =>
    all.every((t) => m.includes(t)) &&
    (any.length === 0 || any.some((t) => m.includes(t))) &&
    !none.some((t) => m.includes(t));
}

// ── Values and comparisons shared by JSON and space-delimited patterns ────────────────────

type Op = "=" | "!=" | "<" | ">" | "<=" | ">=";

interface Literal {
  readonly text: string;
  readonly number?: number;
  readonly quoted: boolean;
}

/** `*` matches any run of characters; segments are found left to right (no backtracking). */
function wildcardMatch(pattern: string, value: string): boolean {
  if (!pattern.includes("*")) return pattern === value;
  const parts = pattern.split("*");
  const first = parts[0] ?? "";
  const last = parts[parts.length - 1] ?? "";
  if (!value.startsWith(first) || value.length < first.length + last.length) return false;
  let at = first.length;
  for (const middle of parts.slice(1, -1)) {
    const found = value.indexOf(middle, at);
    if (found < 0) return false;
    at = found + middle.length;
  }
  return value.length - last.length >= at && value.endsWith(last);
}

function compare(op: Op, actual: unknown, literal: Literal): boolean {
  if (literal.number !== undefined && !literal.quoted) {
    const n = typeof actual === "number" ? actual : typeof actual === "string" ? Number(actual) : NaN;
    if (Number.isNaN(n)) return false;
    switch (op) {
      case "=":
        return n === literal.number;
      case "!=":
        return n !== literal.number;
      case "<":
        return n < literal.number;
      case ">":
        return n > literal.number;
      case "<=":
        return n <= literal.number;
      case ">=":
        return n >= literal.number;
    }
  }
  if (op !== "=" && op !== "!=") return false;
  if (typeof actual !== "string" && typeof actual !== "number" && typeof actual !== "boolean") return false;
  const equal = wildcardMatch(literal.text, String(actual));
  return op === "=" ? equal : !equal;
}

// ── A small tokenizer for the structured patterns ─────────────────────────────────────────

interface Token {
  readonly kind: "word" | "string" | "op" | "punct";
  readonly text: string;
}

function tokenize(body: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < body.length) {
    const c = body[i]!;
    if (c === " " || c === "\t" || c === "\n") {
      i++;
    } else if (c === '"') {
      let text = "";
      i++;
      while (i < body.length && body[i] !== '"') {
        if (body[i] === "\\" && i + 1 < body.length) i++;
        text += body[i];
        i++;
      }
      if (i >= body.length) throw invalid();
      i++;
      out.push({ kind: "string", text });
    } else if ("()[],".includes(c)) {
      out.push({ kind: "punct", text: c });
      i++;
    } else if (body.startsWith("&&", i) || body.startsWith("||", i)) {
      out.push({ kind: "op", text: body.slice(i, i + 2) });
      i += 2;
    } else if (body.startsWith("!=", i) || body.startsWith("<=", i) || body.startsWith(">=", i)) {
      out.push({ kind: "op", text: body.slice(i, i + 2) });
      i += 2;
    } else if (c === "=" || c === "<" || c === ">") {
      out.push({ kind: "op", text: c });
      i++;
    } else {
      const start = i;
      while (i < body.length && !' \t\n"()[],=!<>&|'.includes(body[i]!)) i++;
      if (i === start) throw invalid(`Invalid character(s) in term '${c}'`);
      out.push({ kind: "word", text: body.slice(start, i) });
    }
  }
  return out;
}

class Cursor {
  private i = 0;
  constructor(private readonly tokens: readonly Token[]) {}
  peek(): Token | undefined {
    return this.tokens[this.i];
  }
  next(): Token {
    const t = this.tokens[this.i++];
    if (!t) throw invalid();
    return t;
  }
  accept(text: string): boolean {
    if (this.peek()?.text === text && this.peek()?.kind !== "string") {
      this.i++;
      return true;
    }
    return false;
  }
  expect(text: string): void {
    if (!this.accept(text)) throw invalid();
  }
  get done(): boolean {
    return this.i >= this.tokens.length;
  }
}

function literalOf(token: Token): Literal {
  if (token.kind === "string") return { text: token.text, quoted: true };
  if (token.kind !== "word") throw invalid();
  const n = Number(token.text);
  return Number.isFinite(n) && token.text.trim() !== ""
    ? { text: token.text, number: n, quoted: false }
    : { text: token.text, quoted: false };
}

const OPS = new Set(["=", "!=", "<", ">", "<=", ">="]);

/** Binary expressions over `&&`/`||` with parentheses; `&&` binds tighter. */
function parseBoolean<T>(cursor: Cursor, atom: (c: Cursor) => (x: T) => boolean): (x: T) => boolean {
  const parseOr = (): ((x: T) => boolean) => {
    const terms = [parseAnd()];
    while (cursor.accept("||")) terms.push(parseAnd());
    return terms.length === 1 ? terms[0]! : (x) => terms.some((t) => t(x));
  };
  const parseAnd = (): ((x: T) => boolean) => {
    const terms = [parseUnit()];
    while (cursor.accept("&&")) terms.push(parseUnit());
    return terms.length === 1 ? terms[0]! : (x) => terms.every((t) => t(x));
  };
  const parseUnit = (): ((x: T) => boolean) => {
    if (cursor.accept("(")) {
      const inner = parseOr();
      cursor.expect(")");
      return inner;
    }
    return atom(cursor);
  };
  return parseOr();
}

// ── JSON patterns ─────────────────────────────────────────────────────────────────────────

type Step = { readonly key: string } | { readonly index: number };

function parseSelector(text: string): Step[] {
  if (!text.startsWith("$")) throw invalid();
  const steps: Step[] = [];
  let i = 1;
  while (i < text.length) {
    if (text[i] === ".") {
      const start = ++i;
      while (i < text.length && text[i] !== "." && text[i] !== "[") i++;
      if (i === start) throw invalid();
      steps.push({ key: text.slice(start, i) });
    } else if (text[i] === "[") {
      const end = text.indexOf("]", i);
      const index = Number(text.slice(i + 1, end));
      if (end < 0 || !Number.isInteger(index) || index < 0) throw invalid();
      steps.push({ index });
      i = end + 1;
    } else throw invalid();
  }
  if (steps.length === 0) throw invalid();
  return steps;
}

const MISSING = Symbol("missing");

function select(value: unknown, steps: readonly Step[]): unknown {
  let current: unknown = value;
  for (const step of steps) {
    if (typeof current !== "object" || current === null) return MISSING;
    if ("key" in step) {
      if (Array.isArray(current) || !Object.hasOwn(current, step.key)) return MISSING;
      current = (current as Record<string, unknown>)[step.key];
    } else {
      if (!Array.isArray(current) || step.index >= current.length) return MISSING;
      current = current[step.index];
    }
  }
  return current;
}

function jsonAtom(cursor: Cursor): (doc: unknown) => boolean {
  const selectorToken = cursor.next();
  if (selectorToken.kind !== "word") throw invalid();
  // A selector with an index reads as word "[" word "]": glue them back.
  let selectorText = selectorToken.text;
  while (cursor.peek()?.text === "[") {
    cursor.next();
    const index = cursor.next();
    cursor.expect("]");
    selectorText += `[${index.text}]`;
    const rest = cursor.peek();
    if (rest?.kind === "word" && rest.text.startsWith(".")) selectorText += cursor.next().text;
  }
  const steps = parseSelector(selectorText);
  const next = cursor.next();
  if (next.kind === "word" && next.text.toUpperCase() === "IS") {
    const what = cursor.next().text.toUpperCase();
    if (what === "NULL") return (doc) => select(doc, steps) === null;
    if (what === "TRUE") return (doc) => select(doc, steps) === true;
    if (what === "FALSE") return (doc) => select(doc, steps) === false;
    throw invalid();
  }
  if (next.kind === "word" && next.text.toUpperCase() === "NOT") {
    if (cursor.next().text.toUpperCase() !== "EXISTS") throw invalid();
    return (doc) => select(doc, steps) === MISSING;
  }
  if (next.kind === "word" && next.text.toUpperCase() === "EXISTS") {
    return (doc) => select(doc, steps) !== MISSING;
  }
  if (next.kind !== "op" || !OPS.has(next.text)) throw invalid();
  const op = next.text as Op;
  const literal = literalOf(cursor.next());
  if (op !== "=" && op !== "!=" && literal.number === undefined) throw invalid();
  return (doc) => {
    const actual = select(doc, steps);
    return actual !== MISSING && compare(op, actual, literal);
  };
}

function compileJson(body: string): Matcher {
  const cursor = new Cursor(tokenize(body));
  if (cursor.done) throw invalid();
  const test = parseBoolean(cursor, jsonAtom);
  if (!cursor.done) throw invalid();
  return (message) => {
    const text = message.trim();
    if (!text.startsWith("{") && !text.startsWith("[")) return false;
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch {
      return false;
    }
    return test(doc);
  };
}

// ── Space-delimited patterns ──────────────────────────────────────────────────────────────

interface Field {
  readonly ellipsis: boolean;
  readonly test?: (value: string) => boolean;
}

/** Splits a message on spaces; "…" and […] are one field each (without the quotes/brackets). */
function splitFields(message: string): string[] {
  const out: string[] = [];
  let i = 0;
  const text = message.trim();
  while (i < text.length) {
    if (text[i] === " ") {
      i++;
      continue;
    }
    const close = text[i] === '"' ? '"' : text[i] === "[" ? "]" : undefined;
    if (close) {
      const end = text.indexOf(close, i + 1);
      const stop = end < 0 ? text.length : end;
      out.push(text.slice(i + 1, stop));
      i = stop + 1;
    } else {
      const end = text.indexOf(" ", i);
      const stop = end < 0 ? text.length : end;
      out.push(text.slice(i, stop));
      i = stop;
    }
  }
  return out;
}

function fieldAtom(cursor: Cursor, name: string): (value: string) => boolean {
  const field = cursor.next();
  if (field.kind !== "word" || field.text !== name) throw invalid();
  const op = cursor.next();
  if (op.kind !== "op" || !OPS.has(op.text)) throw invalid();
  const literal = literalOf(cursor.next());
  if (op.text !== "=" && op.text !== "!=" && literal.number === undefined) throw invalid();
  return (value) => compare(op.text as Op, value, literal);
}

function compileSpaceDelimited(body: string): Matcher {
  const tokens = tokenize(body);
  // Fields are separated by commas at the top level.
  const groups: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === "punct" && t.text === "(") depth++;
    if (t.kind === "punct" && t.text === ")") depth--;
    if (t.kind === "punct" && t.text === "," && depth === 0) groups.push([]);
    else groups[groups.length - 1]!.push(t);
  }
  const fields: Field[] = groups.map((group) => {
    if (group.length === 0) throw invalid();
    if (group.length === 1 && group[0]!.text === "...") return { ellipsis: true };
    const name = group[0]!;
    if (name.kind !== "word") throw invalid();
    if (group.length === 1) return { ellipsis: false };
    const cursor = new Cursor(group);
    const test = parseBoolean(cursor, (c) => fieldAtom(c, name.text));
    if (!cursor.done) throw invalid();
    return { ellipsis: false, test };
  });
  const ellipses = fields.filter((f) => f.ellipsis).length;
  if (ellipses > 1) throw invalid("The simulator supports at most one '...' in a space-delimited pattern");
  const at = fields.findIndex((f) => f.ellipsis);
  const before = at < 0 ? fields : fields.slice(0, at);
  const after = at < 0 ? [] : fields.slice(at + 1);
  return (message) => {
    const values = splitFields(message);
    if (at < 0 ? values.length !== fields.length : values.length < before.length + after.length) return false;
    const ok = (f: Field, v: string | undefined) => v !== undefined && (!f.test || f.test(v));
    if (!before.every((f, i) => ok(f, values[i]))) return false;
    const offset = values.length - after.length;
    return after.every((f, i) => ok(f, values[offset + i]));
  };
}
