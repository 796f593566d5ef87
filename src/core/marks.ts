/**
 * Timing marks for tracing where the time goes (first rows after a click, a log line reaching
 * its channel). A mark is written only when a tracer is set and enabled (the extension's log at
 * Trace level); otherwise a call costs one check. Times are epoch milliseconds from the
 * monotonic clock (`performance.timeOrigin + performance.now()`), so they line up with other
 * processes' wall-clock timestamps on the same machine.
 */
export interface Tracer {
  enabled(): boolean;
  write(line: string): void;
}

let tracer: Tracer | undefined;
const seen = new Set<string>();

export function setTracer(next: Tracer | undefined): void {
  tracer = next;
}

export function epochMs(): number {
  return performance.timeOrigin + performance.now();
}

export function tracing(): boolean {
  return tracer?.enabled() ?? false;
}

/** Writes `[mark] name at=<epoch ms> detail` when traced. */
export function mark(name: string, detail?: () => string, at = epochMs()): void {
  if (!tracer?.enabled()) return;
  tracer.write(`[mark] ${name} at=${at.toFixed(1)}${detail ? ` ${detail()}` : ""}`);
}

/** Like `mark`, but only the first time `name` happens in this extension host. */
export function markOnce(name: string, detail?: () => string, at = epochMs()): void {
  if (!tracer?.enabled() || seen.has(name)) return;
  seen.add(name);
  mark(name, detail, at);
}
