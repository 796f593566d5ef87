import { isTerminal } from "./status";
import type { StackEvent } from "./types";

const STACK_TYPE = "AWS::CloudFormation::Stack";
const OPERATION_STARTS = new Set([
  "CREATE_IN_PROGRESS",
  "UPDATE_IN_PROGRESS",
  "DELETE_IN_PROGRESS",
  "IMPORT_IN_PROGRESS",
]);

/** An event about the stack itself (not one of its resources, not a nested stack resource). */
export function isStackEvent(event: StackEvent): boolean {
  return event.type === STACK_TYPE && event.logicalId === event.stackName;
}

/**
 * The events of the stack's latest operation, oldest first: from the last event where the stack
 * itself entered CREATE/UPDATE/DELETE_IN_PROGRESS. `events` are oldest first.
 */
export function latestOperation(events: readonly StackEvent[]): StackEvent[] {
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (isStackEvent(e) && OPERATION_STARTS.has(e.status)) return events.slice(i);
  }
  return [];
}

export interface OperationState {
  /** CREATE | UPDATE | DELETE | IMPORT */
  readonly kind: string;
  readonly started: Date;
  /** The stack's latest status in the operation. */
  readonly status: string;
  /** When the stack reached a terminal status. */
  readonly ended?: Date;
}

/** Where an operation (its events, oldest first) stands. */
export function operationState(operation: readonly StackEvent[]): OperationState | undefined {
  const first = operation[0];
  if (!first) return undefined;
  const last = [...operation].reverse().find(isStackEvent) ?? first;
  return {
    kind: first.status.replace(/_IN_PROGRESS$/, ""),
    started: first.timestamp,
    status: last.status,
    ...(isTerminal(last.status) ? { ended: last.timestamp } : {}),
  };
}

export interface RootCause {
  readonly logicalId: string;
  readonly type: string;
  readonly status: string;
  readonly reason: string;
  readonly timestamp: Date;
}

/** Reasons that follow a failure rather than cause it. */
const NOISE = [
  /^Resource (creation|update|deletion) cancelled$/i,
  /^The following resource\(s\) failed to /,
  /^Stack update cancelled$/i,
];

/**
 * Why an operation failed: the first resource that failed for a reason of its own — not the
 * resources cancelled because of it, not the stack's summary ("The following resource(s)
 * failed…"), not the rollback that followed.
 */
export function rootCause(operation: readonly StackEvent[]): RootCause | undefined {
  const failures = operation.filter((e) => e.status.endsWith("_FAILED"));
  const own = failures.find((e) => !isStackEvent(e) && e.reason && !NOISE.some((n) => n.test(e.reason!)));
  const pick = own ?? failures.find((e) => !isStackEvent(e)) ?? failures[0];
  if (!pick) {
    const cancelled = operation.find((e) => isStackEvent(e) && /cancel/i.test(e.reason ?? ""));
    return cancelled
      ? {
          logicalId: cancelled.logicalId,
          type: cancelled.type,
          status: cancelled.status,
          reason: cancelled.reason ?? "",
          timestamp: cancelled.timestamp,
        }
      : undefined;
  }
  return {
    logicalId: pick.logicalId,
    type: pick.type,
    status: pick.status,
    reason: pick.reason ?? pick.status,
    timestamp: pick.timestamp,
  };
}

/** One line of the events output channel. */
export function eventLine(event: StackEvent): string {
  const time = event.timestamp.toISOString().slice(11, 19);
  const what = isStackEvent(event) ? `${event.logicalId} (stack)` : `${event.logicalId} (${event.type})`;
  return [time, event.status.padEnd(28), what, event.reason ? `— ${event.reason}` : ""].join("  ").trimEnd();
}

/**
 * A failure reason as a person reads it: the handler's own message, without the wrapper
 * ("Resource handler returned message: …") and the request ids that follow it.
 */
export function plainReason(reason: string): string {
  const handler = /^Resource handler returned message: "(.*)"(?: \(RequestToken: [^)]*\))?$/s.exec(
    reason.trim(),
  );
  const inner = handler ? handler[1]! : reason.trim();
  return inner.replace(/\s*\(Service: [^()]*(?:\([^()]*\)[^()]*)*\)\s*$/, "").trim();
}
