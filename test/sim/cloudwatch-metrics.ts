// CloudWatch metrics of one region: series identified by namespace, name and dimensions, whose
// samples come from a generator (a deterministic function of time: base, noise, a wave and
// periodic spikes, in simulated minutes) and from PutMetricData; and the statistics of a period.
import { createHash } from "node:crypto";

export interface Dimension {
  readonly Name: string;
  readonly Value: string;
}

export interface MetricId {
  readonly Namespace: string;
  readonly MetricName: string;
  readonly Dimensions: readonly Dimension[];
}

/** How a generated series behaves; minutes are simulated minutes. */
export interface MetricPattern {
  /** The level without noise, wave or spikes. */
  readonly base: number;
  /** Uniform noise in [0, noise). */
  readonly noise?: number;
  /** A sine wave around the base. */
  readonly wave?: { readonly amplitude: number; readonly minutes: number };
  /** `value` is added for `lastingMinutes` of every `everyMinutes` (starting `offsetMinutes` in). */
  readonly spikes?: {
    readonly everyMinutes: number;
    readonly lastingMinutes: number;
    readonly value: number;
    readonly offsetMinutes?: number;
  };
  /** One sample every this many (wall) seconds. Default 60. */
  readonly resolutionSeconds?: number;
}

interface Sample {
  readonly t: number;
  readonly value: number;
  /** A sample that stands for several values (StatisticValues, Values/Counts). */
  readonly count?: number;
  readonly sum?: number;
  readonly min?: number;
  readonly max?: number;
}

export interface MetricSeries {
  readonly id: MetricId;
  readonly key: string;
  unit?: string;
  pattern?: MetricPattern;
  /** Put through PutMetricData, in time order. */
  readonly points: Sample[];
}

export function metricKey(id: MetricId): string {
  const dims = [...id.Dimensions]
    .sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0))
    .map((d) => `${d.Name}=${d.Value}`);
  return [id.Namespace, id.MetricName, ...dims].join("\u0000");
}

/** A number in [0, 1) fixed by the series and the sample time. */
function noiseAt(key: string, t: number): number {
  const h = createHash("sha1").update(`${key}\u0000${t}`).digest();
  return h.readUInt32BE(0) / 4294967296;
}

export class MetricStore {
  readonly series = new Map<string, MetricSeries>();

  constructor(
    /** Where generated time starts (simulated minutes count from here). */
    private readonly origin: number,
    private readonly speed: number,
  ) {}

  ensure(id: MetricId): MetricSeries {
    const key = metricKey(id);
    let s = this.series.get(key);
    if (!s) {
      s = { id: { ...id, Dimensions: [...id.Dimensions] }, key, points: [] };
      this.series.set(key, s);
    }
    return s;
  }

  get(id: MetricId): MetricSeries | undefined {
    return this.series.get(metricKey(id));
  }

  put(id: MetricId, sample: Sample, unit?: string): void {
    const s = this.ensure(id);
    if (unit !== undefined) s.unit ??= unit;
    const points = s.points;
    let i = points.length;
    while (i > 0 && points[i - 1]!.t > sample.t) i--;
    points.splice(i, 0, sample);
  }

  /** Samples in [from, to), in time order. */
  samples(s: MetricSeries, from: number, to: number): Sample[] {
    const out: Sample[] = [];
    const pattern = s.pattern;
    if (pattern) {
      const step = (pattern.resolutionSeconds ?? 60) * 1000;
      for (let t = Math.ceil(from / step) * step; t < to; t += step)
        out.push({ t, value: this.generated(s.key, pattern, t) });
    }
    for (const p of s.points) if (p.t >= from && p.t < to) out.push(p);
    return pattern && s.points.length > 0 ? out.sort((a, b) => a.t - b.t) : out;
  }

  private generated(key: string, p: MetricPattern, t: number): number {
    const minutes = ((t - this.origin) * this.speed) / 60_000;
    let value = p.base;
    if (p.noise) value += noiseAt(key, t) * p.noise;
    if (p.wave && p.wave.minutes > 0)
      value += p.wave.amplitude * Math.sin((2 * Math.PI * minutes) / p.wave.minutes);
    if (p.spikes && p.spikes.everyMinutes > 0) {
      const into =
        (((minutes - (p.spikes.offsetMinutes ?? 0)) % p.spikes.everyMinutes) + p.spikes.everyMinutes) %
        p.spikes.everyMinutes;
      if (into < p.spikes.lastingMinutes) value += p.spikes.value;
    }
    return Math.round(Math.max(0, value) * 100) / 100;
  }
}

/** Sum/Average/Minimum/Maximum/SampleCount and pNN of a period's samples; undefined without data. */
export function statistic(samples: readonly Sample[], stat: string): number | undefined {
  if (samples.length === 0) return undefined;
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const s of samples) {
    count += s.count ?? 1;
    sum += s.sum ?? s.value * (s.count ?? 1);
    min = Math.min(min, s.min ?? s.value);
    max = Math.max(max, s.max ?? s.value);
  }
  switch (stat) {
    case "Sum":
      return sum;
    case "Average":
      return sum / count;
    case "Minimum":
      return min;
    case "Maximum":
      return max;
    case "SampleCount":
      return count;
  }
  const percentile = /^p(\d{1,2}(\.\d{1,2})?)$/.exec(stat);
  if (percentile) {
    const sorted = samples.map((s) => s.value).sort((a, b) => a - b);
    const rank = Math.min(sorted.length - 1, Math.ceil((Number(percentile[1]) / 100) * sorted.length) - 1);
    return sorted[Math.max(0, rank)];
  }
  return undefined;
}

export const STATISTICS = ["SampleCount", "Average", "Sum", "Minimum", "Maximum"] as const;

export function isStat(stat: string): boolean {
  return (STATISTICS as readonly string[]).includes(stat) || /^p\d{1,2}(\.\d{1,2})?$/.test(stat);
}

/** Buckets of `period` seconds aligned to the period, covering [start, end): their start times. */
export function buckets(start: number, end: number, periodSeconds: number): number[] {
  const step = periodSeconds * 1000;
  const out: number[] = [];
  for (let t = Math.floor(start / step) * step; t < end; t += step) if (t >= start) out.push(t);
  return out;
}
