// Fault injection: rules that make some requests fail the way AWS and networks fail, either
// "the next N matching requests" or "each matching request with probability p" drawn from a
// seeded generator, so a run with the same seed and the same requests gets the same faults.
// Rules are written as a spec string (fault-spec.ts) or as objects; the server acts on them.
import { SimError } from "./errors";
import { DEFAULT_SEED, type FaultConfig, type FaultKind, type FaultRule } from "./fault-rules";
import { formatFaultSpec, toFaultConfig } from "./fault-spec";
import { mulberry32 } from "./prng";
import type { ErrorFaultKind, ErrorShape, ServiceDef } from "./protocol";

export { DEFAULT_SEED, DEFAULT_SLOW_MS, FAULT_KINDS } from "./fault-rules";
export type { FaultConfig, FaultKind, FaultRule } from "./fault-rules";

/** The request a fault would hit. */
export interface FaultTarget {
  /** ServiceDef.name, e.g. "logs". */
  service: string;
  operation: string;
  /** The protocol's own name for it (X-Amz-Target for JSON), also matched by scopes. */
  target?: string;
}

export interface FaultDecision {
  kind: FaultKind;
  rule: FaultRule;
}

export interface FaultCounts {
  /** Requests the faults were consulted on (authenticated, naming a known operation). */
  requests: number;
  /** Faults injected, in all. */
  injected: number;
  byKind: Partial<Record<FaultKind, number>>;
  /** "service.Operation" → kind → count. */
  byOperation: Record<string, Partial<Record<FaultKind, number>>>;
}

export interface FaultState {
  seed: number;
  /** Current rules; `times` is what is left of a next-N rule. */
  rules: FaultRule[];
  /** The rules as a spec string (fault-spec.ts). */
  spec: string;
  counts: FaultCounts;
}

export interface Faults {
  /** Next `times` calls of `target` ("Op" or "Prefix.Op") answer 400 ThrottlingException "Rate exceeded". */
  throttle(target: string, times: number): void;
  /** Next `times` calls of `target` answer the given error code with the given HTTP status. */
  fail(target: string, times: number, code: string, status: number): void;
  /** Forget every rule (counts and the generator stay). */
  clear(): void;
  /** Replace every rule with these (a spec string or a config) and restart the generator from
   *  the config's seed (default 1). */
  configure(config: FaultConfig | string): void;
  /** Add rules (a spec string, a config, or rules); a seed in it restarts the generator. */
  add(rules: FaultConfig | FaultRule | FaultRule[] | string): void;
  /** Restart the generator from `seed`. */
  reseed(seed: number): void;
  /** What was injected so far. */
  counts(): FaultCounts;
  resetCounts(): void;
  /** Seed, rules, spec and counts. */
  state(): FaultState;
}

/** How the JSON services answer injected errors (AWS's common errors). Services whose model
 *  says otherwise set ServiceDef.faultErrors. */
export const DEFAULT_FAULT_ERRORS: Record<ErrorFaultKind, ErrorShape> = {
  throttle: { code: "ThrottlingException", status: 400, message: "Rate exceeded" },
  internal: {
    code: "InternalFailure",
    status: 500,
    message: "The request processing has failed because of an unknown error, exception or failure.",
  },
  unavailable: {
    code: "ServiceUnavailable",
    status: 503,
    message: "The request has failed due to a temporary failure of the server.",
  },
  expired: {
    code: "ExpiredTokenException",
    status: 400,
    message: "The security token included in the request is expired",
  },
};

/** The SimError an error-kind decision answers for a service; undefined for the other kinds. */
export function faultError(d: FaultDecision, service: ServiceDef | undefined): SimError | undefined {
  if (d.kind === "error") {
    const code = d.rule.code ?? "InternalFailure";
    return new SimError(
      code,
      d.rule.message ?? `Simulated ${code} (fault injected by the test)`,
      d.rule.status ?? 500,
    );
  }
  if (d.kind !== "throttle" && d.kind !== "internal" && d.kind !== "unavailable" && d.kind !== "expired")
    return undefined;
  const shape = service?.faultErrors?.[d.kind] ?? DEFAULT_FAULT_ERRORS[d.kind];
  return new SimError(shape.code, shape.message, shape.status);
}

/** "throttle 3, reset 1 of 40 requests" */
export function describeCounts(c: FaultCounts): string {
  const kinds = Object.entries(c.byKind).map(([k, n]) => `${k} ${n}`);
  return `${kinds.length > 0 ? kinds.join(", ") : "none"} of ${c.requests} requests`;
}

/** -1: the scope does not match; 0: every request; 1: the service; 2: the operation. */
function specificity(scope: string | undefined, t: FaultTarget): number {
  if (scope === undefined || scope === "" || scope === "*") return 0;
  if (scope === t.service) return 1;
  if (scope === t.operation || scope === t.target || scope === `${t.service}.${t.operation}`) return 2;
  return -1;
}

function emptyCounts(): FaultCounts {
  return { requests: 0, injected: 0, byKind: {}, byOperation: {} };
}

export class FaultTable implements Faults {
  private rules: FaultRule[] = [];
  private seed = DEFAULT_SEED;
  private random = mulberry32(DEFAULT_SEED);
  private tally = emptyCounts();

  throttle(target: string, times: number): void {
    if (times > 0) this.rules.push({ kind: "throttle", scope: target, times });
  }

  fail(target: string, times: number, code: string, status: number): void {
    if (times > 0) this.rules.push({ kind: "error", scope: target, times, code, status });
  }

  clear(): void {
    this.rules = [];
  }

  configure(config: FaultConfig | string): void {
    const c = toFaultConfig(config);
    this.rules = c.rules.map((r) => ({ ...r }));
    this.reseed(c.seed ?? DEFAULT_SEED);
  }

  add(rules: FaultConfig | FaultRule | FaultRule[] | string): void {
    const c = toFaultConfig(
      Array.isArray(rules)
        ? { rules }
        : typeof rules === "object" && "kind" in rules
          ? { rules: [rules] }
          : rules,
    );
    this.rules.push(...c.rules.map((r) => ({ ...r })));
    if (c.seed !== undefined) this.reseed(c.seed);
  }

  reseed(seed: number): void {
    this.seed = seed >>> 0;
    this.random = mulberry32(this.seed);
  }

  counts(): FaultCounts {
    return structuredClone(this.tally);
  }

  resetCounts(): void {
    this.tally = emptyCounts();
  }

  state(): FaultState {
    const rules = this.rules.map((r) => ({ ...r }));
    return {
      seed: this.seed,
      rules,
      spec: formatFaultSpec({ seed: this.seed, rules }),
      counts: this.counts(),
    };
  }

  /** Decides the fault for one request. Draws exactly one number from the generator per call,
   *  so the outcome of the k-th request depends only on the seed, the rules and k. */
  decide(t: FaultTarget): FaultDecision | undefined {
    this.tally.requests++;
    const u = this.random();
    const rule = this.takeCounted(t) ?? this.pickByChance(t, u);
    if (!rule) return undefined;
    this.count(rule.kind, `${t.service}.${t.operation}`);
    return { kind: rule.kind, rule };
  }

  private takeCounted(t: FaultTarget): FaultRule | undefined {
    let best: FaultRule | undefined;
    let bestLevel = -1;
    for (const r of this.rules) {
      if (r.times === undefined || r.times <= 0) continue;
      const level = specificity(r.scope, t);
      if (level > bestLevel) [best, bestLevel] = [r, level];
    }
    if (!best) return undefined;
    best.times = (best.times ?? 1) - 1;
    if (best.times <= 0) this.rules = this.rules.filter((r) => r !== best);
    return best;
  }

  private pickByChance(t: FaultTarget, u: number): FaultRule | undefined {
    // Per kind, the most specific matching rule (the later one among equals).
    const chosen = new Map<FaultKind, { rule: FaultRule; level: number; index: number }>();
    this.rules.forEach((rule, index) => {
      if (rule.probability === undefined || rule.times !== undefined) return;
      const level = specificity(rule.scope, t);
      const held = chosen.get(rule.kind);
      if (level >= 0 && (!held || level >= held.level)) chosen.set(rule.kind, { rule, level, index });
    });
    let acc = 0;
    for (const { rule } of [...chosen.values()].sort((a, b) => a.index - b.index)) {
      acc += rule.probability ?? 0;
      if (u < acc) return rule;
    }
    return undefined;
  }

  private count(kind: FaultKind, op: string): void {
    this.tally.injected++;
    this.tally.byKind[kind] = (this.tally.byKind[kind] ?? 0) + 1;
    const perOp = (this.tally.byOperation[op] ??= {});
    perOp[kind] = (perOp[kind] ?? 0) + 1;
  }
}
