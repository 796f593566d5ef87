// Opt-in quota enforcement: a token bucket per operation per account and region, filled at the
// quota's rate (quotas.ts). A request that finds its bucket empty is answered with the service's
// throttling error, as the wire protocol does (ThrottlingException for the JSON services).
// Beside fault injection (faults.ts), not instead of it: a fault is decided first.
import { RATE_QUOTAS, type RateQuota } from "./quotas";

export interface QuotaTarget {
  readonly service: string;
  readonly operation: string;
  readonly accountId: string;
  readonly region: string;
}

export interface QuotaUse {
  /** "service.Operation" */
  readonly operation: string;
  readonly tps: number | undefined;
  /** Requests seen (admitted or not), per whole second since the first request of any operation. */
  readonly perSecond: readonly number[];
  readonly throttled: number;
}

export interface Quotas {
  /** Whether buckets are enforced (opt-in; off by default). */
  readonly enabled: boolean;
  enable(quotas?: readonly RateQuota[]): void;
  disable(): void;
  /** What each operation used, second by second, and how often it was throttled. */
  usage(): QuotaUse[];
  resetUsage(): void;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class QuotaBuckets implements Quotas {
  private table = new Map<string, RateQuota>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly seen = new Map<string, { perSecond: number[]; throttled: number }>();
  private start: number | undefined;
  enabled = false;

  constructor(private readonly now: () => number = Date.now) {}

  enable(quotas: readonly RateQuota[] = RATE_QUOTAS): void {
    this.table = new Map(quotas.map((q) => [q.operation, q]));
    this.buckets.clear();
    this.enabled = true;
  }

  disable(): void {
    this.enabled = false;
  }

  /** Takes a token for the request; false: it is throttled. Every request is counted. */
  admit(t: QuotaTarget): boolean {
    if (!this.enabled) return true;
    const name = `${t.service}.${t.operation}`;
    const now = this.now();
    this.start ??= now;
    const use = this.seen.get(name) ?? { perSecond: [], throttled: 0 };
    this.seen.set(name, use);
    const second = Math.floor((now - this.start) / 1000);
    while (use.perSecond.length <= second) use.perSecond.push(0);
    use.perSecond[second]!++;
    const quota = this.table.get(name);
    if (quota?.tps === undefined) return true;
    const capacity = quota.burst ?? quota.tps;
    const key = `${t.accountId}/${t.region}/${name}`;
    const bucket = this.buckets.get(key) ?? { tokens: capacity, at: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * quota.tps);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) {
      use.throttled++;
      return false;
    }
    bucket.tokens -= 1;
    return true;
  }

  usage(): QuotaUse[] {
    const last = Math.max(0, ...[...this.seen.values()].map((u) => u.perSecond.length));
    return [...this.seen].map(([operation, u]) => ({
      operation,
      tps: this.table.get(operation)?.tps,
      perSecond: [...u.perSecond, ...Array<number>(last - u.perSecond.length).fill(0)],
      throttled: u.throttled,
    }));
  }

  resetUsage(): void {
    this.seen.clear();
    this.start = undefined;
  }
}
