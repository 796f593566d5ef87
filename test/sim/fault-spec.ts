// The compact fault spec (`--faults`, scenario `faults`, admin `spec`), e.g.
//   throttle=0.3,reset=0.05,stall=0.01,seed=7,GetLogEvents:throttle=0.5,ListProjects:internal=x2
// item := "seed=" N | [scope ":"] kind "=" amount ["@" parameter]
// amount: a probability (0.25 or 25%) or "x" N for the next N matching requests.
// parameter: slow → delay in ms (slow=0.1@1500); error → CODE/STATUS (error=x1@Busy/503).
import { FAULT_KINDS, type FaultConfig, type FaultKind, type FaultRule } from "./fault-rules";

export class FaultSpecError extends Error {}

const SCOPE = /^[A-Za-z0-9_.*-]+$/;

function isKind(s: string): s is FaultKind {
  return (FAULT_KINDS as readonly string[]).includes(s);
}

function bad(item: string, why: string): never {
  throw new FaultSpecError(`bad fault spec item "${item}": ${why}`);
}

function parseAmount(item: string, amount: string): Pick<FaultRule, "probability" | "times"> {
  const next = /^x(\d+)$/.exec(amount);
  if (next) {
    const times = Number(next[1]);
    if (!(times >= 1)) bad(item, "x N needs N ≥ 1");
    return { times };
  }
  const percent = amount.endsWith("%");
  const text = percent ? amount.slice(0, -1) : amount;
  const n = /^\d+(\.\d+)?$|^\.\d+$/.test(text) ? Number(text) / (percent ? 100 : 1) : NaN;
  if (!(n >= 0 && n <= 1)) bad(item, `"${amount}" is neither a probability (0…1, or 0…100%) nor xN`);
  return { probability: n };
}

function parseItem(item: string): FaultRule | { seed: number } {
  const eq = item.indexOf("=");
  if (eq < 0) bad(item, 'expected "kind=amount"');
  const left = item.slice(0, eq).trim();
  const right = item.slice(eq + 1).trim();
  if (left === "seed") {
    if (!/^\d+$/.test(right) || Number(right) > 0xffffffff) bad(item, "seed must be an integer 0…4294967295");
    return { seed: Number(right) };
  }
  const colon = left.lastIndexOf(":");
  const scope = colon < 0 ? undefined : left.slice(0, colon).trim();
  const kind = left.slice(colon + 1).trim();
  if (!isKind(kind)) bad(item, `unknown fault "${kind}" (one of ${FAULT_KINDS.join(", ")}, or seed)`);
  if (scope !== undefined && !SCOPE.test(scope)) bad(item, `bad scope "${scope}"`);
  const at = right.indexOf("@");
  const rule: FaultRule = {
    kind,
    ...(scope !== undefined ? { scope } : {}),
    ...parseAmount(item, at < 0 ? right : right.slice(0, at)),
  };
  const param = at < 0 ? undefined : right.slice(at + 1).trim();
  if (param !== undefined) {
    if (kind === "slow") {
      const ms = /^(\d+)(ms)?$/.exec(param);
      if (!ms) bad(item, "slow takes @MILLISECONDS");
      rule.delayMs = Number(ms[1]);
    } else if (kind === "error") {
      const m = /^([A-Za-z][A-Za-z0-9_.]*)(?:\/(\d{3}))?$/.exec(param);
      if (!m) bad(item, "error takes @CODE or @CODE/STATUS");
      rule.code = m[1]!;
      rule.status = Number(m[2] ?? 400);
    } else bad(item, `${kind} takes no @ parameter`);
  } else if (kind === "error") bad(item, "error needs @CODE or @CODE/STATUS");
  return rule;
}

/** Parses a spec string. Throws FaultSpecError with the offending item. */
export function parseFaultSpec(spec: string): FaultConfig {
  const config: FaultConfig = { rules: [] };
  for (const raw of spec.split(",")) {
    const item = raw.trim();
    if (item === "") continue;
    const parsed = parseItem(item);
    if ("seed" in parsed) config.seed = parsed.seed;
    else config.rules.push(parsed);
  }
  return config;
}

/** The spec string of a config (custom error messages are not part of the syntax). */
export function formatFaultSpec(config: FaultConfig): string {
  const items = config.seed !== undefined ? [`seed=${config.seed}`] : [];
  for (const r of config.rules) {
    const amount = r.times !== undefined ? `x${r.times}` : String(r.probability ?? 0);
    let param = "";
    if (r.kind === "slow" && r.delayMs !== undefined) param = `@${r.delayMs}`;
    if (r.kind === "error") param = `@${r.code ?? "InternalFailure"}/${r.status ?? 500}`;
    items.push(`${r.scope ? `${r.scope}:` : ""}${r.kind}=${amount}${param}`);
  }
  return items.join(",");
}

function checkRule(r: unknown, i: number): FaultRule {
  const where = `fault rule ${i + 1}`;
  const fail = (why: string): never => {
    throw new FaultSpecError(`${where}: ${why}`);
  };
  if (typeof r !== "object" || r === null || Array.isArray(r)) return fail("not an object");
  const rule = r as Record<string, unknown>;
  if (typeof rule.kind !== "string" || !isKind(rule.kind))
    fail(`kind must be one of ${FAULT_KINDS.join(", ")}`);
  if (rule.scope !== undefined && (typeof rule.scope !== "string" || rule.scope === ""))
    fail("scope must be a non-empty string");
  const hasP = rule.probability !== undefined;
  const hasN = rule.times !== undefined;
  if (hasP === hasN) fail("give exactly one of probability and times");
  if (hasP && !(typeof rule.probability === "number" && rule.probability >= 0 && rule.probability <= 1))
    fail("probability must be a number 0…1");
  if (hasN && !(Number.isInteger(rule.times) && (rule.times as number) >= 1))
    fail("times must be an integer ≥ 1");
  if (rule.delayMs !== undefined && !(Number.isInteger(rule.delayMs) && (rule.delayMs as number) >= 0))
    fail("delayMs must be an integer ≥ 0");
  if (rule.kind === "error" && typeof rule.code !== "string") fail("an error rule needs a code");
  if (
    rule.status !== undefined &&
    !(Number.isInteger(rule.status) && (rule.status as number) >= 400 && (rule.status as number) <= 599)
  )
    fail("status must be an HTTP error status 400…599");
  if (rule.message !== undefined && typeof rule.message !== "string") fail("message must be a string");
  return rule as unknown as FaultRule;
}

/** A spec string or a {seed, rules} object, checked. Throws FaultSpecError. */
export function toFaultConfig(value: unknown): FaultConfig {
  if (typeof value === "string") return parseFaultSpec(value);
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new FaultSpecError('faults must be a spec string or {"seed": N, "rules": [...]}');
  const v = value as { seed?: unknown; rules?: unknown };
  if (v.seed !== undefined && !(Number.isInteger(v.seed) && (v.seed as number) >= 0))
    throw new FaultSpecError("seed must be a non-negative integer");
  if (!Array.isArray(v.rules)) throw new FaultSpecError("rules must be an array");
  return {
    ...(v.seed !== undefined ? { seed: v.seed as number } : {}),
    rules: v.rules.map(checkRule),
  };
}
