// Metric math for GetMetricData and alarms on expressions, a subset: numbers, query ids,
// + - * /, unary minus, parentheses, SUM/AVG/MIN/MAX over METRICS() or [a, b], and
// FILL(expr, value). Series are maps from a period's start time to its value; arithmetic keeps
// the times both sides have (a scalar applies to every time). Parsed in one pass.
import { SimError } from "./errors";

export type Series = ReadonlyMap<number, number>;

type Node =
  | { readonly kind: "num"; readonly value: number }
  | { readonly kind: "id"; readonly id: string }
  | { readonly kind: "neg"; readonly arg: Node }
  | { readonly kind: "bin"; readonly op: string; readonly left: Node; readonly right: Node }
  | { readonly kind: "call"; readonly fn: string; readonly args: readonly Node[] }
  | { readonly kind: "metrics" }
  | { readonly kind: "list"; readonly items: readonly Node[] };

function bad(expression: string, why: string): SimError {
  return new SimError("ValidationException", `Invalid metrics expression "${expression}": ${why}.`);
}

const FUNCTIONS = new Set(["SUM", "AVG", "MIN", "MAX", "FILL"]);

export function parseExpression(given: string): Node {
  const expression = given.trim();
  const tokens = expression.match(/\s*(\d+(\.\d+)?|[A-Za-z_][A-Za-z0-9_]*|[-+*/(),[\]])/gy);
  const joined = (tokens ?? []).join("");
  if (!tokens || joined.length !== expression.length) throw bad(expression, "unexpected character");
  const list = tokens.map((t) => t.trim());
  let i = 0;
  const peek = () => list[i];
  const take = (want?: string): string => {
    const t = list[i++];
    if (t === undefined || (want !== undefined && t !== want))
      throw bad(expression, want ? `expected ${want}` : "unexpected end");
    return t;
  };
  const primary = (): Node => {
    const t = take();
    if (t === "(") {
      const inner = sum();
      take(")");
      return inner;
    }
    if (t === "-") return { kind: "neg", arg: primary() };
    if (t === "[") {
      const items = [sum()];
      while (peek() === ",") {
        take(",");
        items.push(sum());
      }
      take("]");
      return { kind: "list", items };
    }
    if (/^\d/.test(t)) return { kind: "num", value: Number(t) };
    if (/^[A-Za-z_]/.test(t)) {
      if (peek() !== "(") return { kind: "id", id: t };
      take("(");
      const fn = t.toUpperCase();
      if (fn === "METRICS") {
        take(")");
        return { kind: "metrics" };
      }
      if (!FUNCTIONS.has(fn)) throw bad(expression, `unknown function ${t}`);
      const args = [sum()];
      while (peek() === ",") {
        take(",");
        args.push(sum());
      }
      take(")");
      return { kind: "call", fn, args };
    }
    throw bad(expression, `unexpected ${t}`);
  };
  const product = (): Node => {
    let left = primary();
    while (peek() === "*" || peek() === "/") {
      const op = take();
      left = { kind: "bin", op, left, right: primary() };
    }
    return left;
  };
  const sum = (): Node => {
    let left = product();
    while (peek() === "+" || peek() === "-") {
      const op = take();
      left = { kind: "bin", op, left, right: product() };
    }
    return left;
  };
  const root = sum();
  if (i !== list.length) throw bad(expression, `unexpected ${list[i] ?? ""}`);
  return root;
}

/** The ids an expression reads (METRICS() reads every other query). */
export function referencedIds(node: Node): { ids: string[]; all: boolean } {
  const ids: string[] = [];
  let all = false;
  const walk = (n: Node): void => {
    if (n.kind === "id") ids.push(n.id);
    else if (n.kind === "metrics") all = true;
    else if (n.kind === "neg") walk(n.arg);
    else if (n.kind === "bin") {
      walk(n.left);
      walk(n.right);
    } else if (n.kind === "call") n.args.forEach(walk);
    else if (n.kind === "list") n.items.forEach(walk);
  };
  walk(node);
  return { ids, all };
}

type Value = number | Series | Series[];

function apply(op: string, a: number, b: number): number {
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    default:
      return b === 0 ? NaN : a / b;
  }
}

function combine(op: string, left: Value, right: Value): Value {
  if (Array.isArray(left) || Array.isArray(right))
    throw new SimError("ValidationException", "Arithmetic on a list of series is not supported.");
  if (typeof left === "number" && typeof right === "number") return apply(op, left, right);
  const out = new Map<number, number>();
  if (typeof left === "number") for (const [t, v] of right as Series) out.set(t, apply(op, left, v));
  else if (typeof right === "number") for (const [t, v] of left) out.set(t, apply(op, v, right));
  else for (const [t, v] of left) if (right.has(t)) out.set(t, apply(op, v, right.get(t)!));
  for (const [t, v] of out) if (!Number.isFinite(v)) out.delete(t);
  return out;
}

function reduce(fn: string, series: Series[], times: readonly number[]): Series {
  const out = new Map<number, number>();
  for (const t of times) {
    const values = series.map((s) => s.get(t)).filter((v): v is number => v !== undefined);
    if (values.length === 0) continue;
    const total = values.reduce((a, b) => a + b, 0);
    out.set(
      t,
      fn === "SUM"
        ? total
        : fn === "AVG"
          ? total / values.length
          : fn === "MIN"
            ? Math.min(...values)
            : Math.max(...values),
    );
  }
  return out;
}

/** Evaluates `node` over the other queries' series, at `times` (the period starts of the range). */
export function evaluate(
  node: Node,
  inputs: ReadonlyMap<string, Series>,
  self: string,
  times: readonly number[],
): Series {
  const ev = (n: Node): Value => {
    switch (n.kind) {
      case "num":
        return n.value;
      case "id": {
        const s = inputs.get(n.id);
        if (!s)
          throw new SimError("ValidationException", `Unknown metric id ${n.id} in expression of ${self}.`);
        return s;
      }
      case "neg":
        return combine("*", ev(n.arg), -1);
      case "bin":
        return combine(n.op, ev(n.left), ev(n.right));
      case "metrics":
        return [...inputs].filter(([id]) => id !== self).map(([, s]) => s);
      case "list":
        return n.items.map((item) => {
          const v = ev(item);
          if (typeof v === "number" || Array.isArray(v))
            throw new SimError("ValidationException", "A list holds series.");
          return v;
        });
      case "call": {
        if (n.fn === "FILL") {
          const v = ev(n.args[0]!);
          const fill = ev(n.args[1] ?? { kind: "num", value: 0 });
          if (typeof v === "number" || Array.isArray(v) || typeof fill !== "number")
            throw new SimError("ValidationException", "FILL takes a series and a number.");
          return new Map(times.map((t) => [t, v.get(t) ?? fill]));
        }
        const arg = ev(n.args[0]!);
        const list = Array.isArray(arg) ? arg : typeof arg === "number" ? [] : [arg];
        return reduce(n.fn, list, times);
      }
    }
  };
  const out = ev(node);
  if (typeof out === "number") return new Map(times.map((t) => [t, out]));
  if (Array.isArray(out))
    throw new SimError("ValidationException", `The expression of ${self} must produce one time series.`);
  return out;
}
