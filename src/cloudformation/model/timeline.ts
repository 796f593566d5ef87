import { isStackEvent, latestOperation } from "./operation";
import type { StackEvent } from "./types";

/** create | update | delete: what a span of a resource did; rollback and cleanup follow the stack's phase. */
export type SpanPhase = "create" | "update" | "delete" | "rollback" | "cleanup";

/** One resource's time in progress: from its first IN_PROGRESS event to COMPLETE, FAILED or SKIPPED. */
export interface Span {
  readonly phase: SpanPhase;
  /** ms since the operation started. */
  readonly start: number;
  /** ms since the operation started; undefined while it runs. */
  readonly end?: number;
  readonly status: string;
  readonly failed: boolean;
  readonly reason?: string;
}

export interface TimelineRow {
  readonly logicalId: string;
  readonly type: string;
  readonly spans: readonly Span[];
  /** The longest span (ms), for "slowest". */
  readonly longest: number;
  readonly failed: boolean;
  readonly running: boolean;
}

export interface Timeline {
  readonly stackName: string;
  /** Epoch ms the operation started. */
  readonly startedAt: number;
  /** ms the axis covers: to the end, or to now while it runs. */
  readonly length: number;
  readonly status: string;
  readonly running: boolean;
  readonly rows: readonly TimelineRow[];
  /** Logical ids of the slowest resources (three, longest first; none among three or fewer). */
  readonly slowest: readonly string[];
  /** The first failure of its own (see rootCause). */
  readonly firstFailure?: { readonly logicalId: string; readonly reason: string };
}

function phaseOf(stackStatus: string, resourceStatus: string): SpanPhase {
  if (stackStatus.includes("ROLLBACK") && stackStatus.includes("CLEANUP")) return "cleanup";
  if (stackStatus.includes("ROLLBACK")) return "rollback";
  if (stackStatus.includes("CLEANUP")) return "cleanup";
  if (resourceStatus.startsWith("CREATE")) return "create";
  if (resourceStatus.startsWith("DELETE")) return "delete";
  return "update";
}

const ENDS = /_(COMPLETE|FAILED|SKIPPED)$/;

/**
 * The latest operation of a stack as rows of spans on a time axis: each resource's time in
 * progress, failed or not, live while it runs. `events` are oldest first.
 */
export function buildTimeline(
  stackName: string,
  events: readonly StackEvent[],
  now: number,
): Timeline | undefined {
  const operation = latestOperation(events);
  const first = operation[0];
  if (!first) return undefined;
  const t0 = first.timestamp.getTime();
  let stackStatus = first.status;
  let ended: number | undefined;
  const open = new Map<string, { phase: SpanPhase; start: number }>();
  const rows = new Map<string, { type: string; spans: Span[] }>();
  let firstFailure: Timeline["firstFailure"];
  for (const e of operation) {
    const at = e.timestamp.getTime() - t0;
    if (isStackEvent(e)) {
      stackStatus = e.status;
      ended = e.status.endsWith("_IN_PROGRESS") ? undefined : at;
      continue;
    }
    const row = rows.get(e.logicalId) ?? { type: e.type, spans: [] };
    rows.set(e.logicalId, row);
    if (e.status.endsWith("_IN_PROGRESS")) {
      if (!open.has(e.logicalId)) open.set(e.logicalId, { phase: phaseOf(stackStatus, e.status), start: at });
      continue;
    }
    if (!ENDS.test(e.status)) continue;
    const began = open.get(e.logicalId) ?? { phase: phaseOf(stackStatus, e.status), start: at };
    open.delete(e.logicalId);
    const failed = e.status.endsWith("_FAILED");
    row.spans.push({
      phase: began.phase,
      start: began.start,
      end: at,
      status: e.status,
      failed,
      ...(e.reason ? { reason: e.reason } : {}),
    });
    if (failed && !firstFailure && e.reason && !/cancelled$/i.test(e.reason))
      firstFailure = { logicalId: e.logicalId, reason: e.reason };
  }
  for (const [id, span] of open)
    rows.get(id)?.spans.push({ phase: span.phase, start: span.start, status: "IN_PROGRESS", failed: false });
  const running = ended === undefined;
  const length = Math.max(1, ended === undefined ? now - t0 : ended);
  const built: TimelineRow[] = [...rows].map(([logicalId, r]) => ({
    logicalId,
    type: r.type,
    spans: r.spans,
    longest: Math.max(0, ...r.spans.map((s) => (s.end ?? length) - s.start)),
    failed: r.spans.some((s) => s.failed),
    running: r.spans.some((s) => s.end === undefined),
  }));
  built.sort((a, b) => (a.spans[0]?.start ?? 0) - (b.spans[0]?.start ?? 0));
  // The slowest stand out only among more resources than they are.
  const slowest = [...built]
    .filter((r) => r.longest > 0 && built.length > 3)
    .sort((a, b) => b.longest - a.longest)
    .slice(0, 3)
    .map((r) => r.logicalId);
  return {
    stackName,
    startedAt: t0,
    length,
    status: stackStatus,
    running,
    rows: built,
    slowest,
    ...(firstFailure ? { firstFailure } : {}),
  };
}
