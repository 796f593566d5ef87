// Small helpers every section uses: medians, percentiles, how many runs, how figures read.

/** BENCH_QUICK=1: fewer runs and shorter spells (a smoke run; the figures are still measured). */
export const QUICK = process.env.BENCH_QUICK === "1";

/** How many times a figure is measured: `full` normally, `quick` with BENCH_QUICK=1. */
export function runs(full: number, quick = 1): number {
  return QUICK ? quick : full;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The p-th percentile (nearest rank). */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((sorted.length * p) / 100) - 1))]!;
}

export const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;
export const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
export const ms = (value: number, digits = 0): string =>
  Number.isFinite(value) ? `${value.toFixed(digits)} ms` : "n/a";
export const seconds = (valueMs: number): string =>
  Number.isFinite(valueMs) ? `${(valueMs / 1000).toFixed(2)} s` : "n/a";

/** "met" / "missed" beside a target. */
export function verdict(ok: boolean): string {
  return ok ? "met" : "missed";
}

/** Runs `measure` `n` times one after the other. */
export async function repeat<T>(n: number, measure: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await measure(i));
  return out;
}
