import { isAbort } from "../core/abort";
import { sleep as defaultSleep } from "../core/sleep";
import { isStackEvent } from "./model/operation";
import { isTerminal } from "./model/status";
import type { StackEvent } from "./model/types";

export interface FollowOperationOptions {
  /** Reads the stack's new events, oldest first (the store's loadEvents). */
  readonly load: () => Promise<StackEvent[]>;
  /** Whether the stack is in an operation now (as the store knows it). */
  readonly running: () => boolean;
  /** New events, oldest first. */
  readonly onEvents: (events: StackEvent[]) => void;
  readonly onError: (error: unknown) => void;
  readonly signal: AbortSignal;
  /**
   * An operation the user just started: follow until its own end (a terminal status of the stack
   * stamped after this), even if the first reads do not show it begun yet.
   */
  readonly startedAt?: Date;
  /** Wait after a read that brought events, and after one that did not (ms). */
  readonly pollMs?: number;
  readonly idleMs?: number;
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<boolean>;
}

/** How far before `startedAt` an event may be stamped (clocks differ) and still end the operation. */
const CLOCK_SLACK_MS = 60_000;
/** An operation the user started that shows no event for this long has not started at all. */
const START_TIMEOUT_MS = 120_000;

/**
 * Follows a stack's operation through its events: reads the new ones every `pollMs` while they
 * come (every `idleMs` while none do), hands them on, and ends when the stack is no longer in an
 * operation — for one the user just started, when its own terminal event has arrived. Read
 * failures are reported and retried, never ending the follow.
 */
export async function followOperation(o: FollowOperationOptions): Promise<"completed" | "stopped"> {
  const sleep = o.sleep ?? defaultSleep;
  const pollMs = o.pollMs ?? 2000;
  const idleMs = o.idleMs ?? 5000;
  const since = o.startedAt ? o.startedAt.getTime() - CLOCK_SLACK_MS : undefined;
  const waitedSince = Date.now();
  let ended = false;
  let failures = 0;
  while (!o.signal.aborted) {
    let fresh: StackEvent[] = [];
    try {
      fresh = await o.load();
      failures = 0;
    } catch (error) {
      if (isAbort(error) && o.signal.aborted) break;
      failures++;
      o.onError(error);
    }
    if (fresh.length > 0) o.onEvents(fresh);
    for (const e of fresh) {
      if (!isStackEvent(e) || !isTerminal(e.status) || e.status === "REVIEW_IN_PROGRESS") continue;
      if (since === undefined || e.timestamp.getTime() >= since) ended = true;
    }
    const settled = !o.running();
    if (settled && (since === undefined || ended || Date.now() - waitedSince > START_TIMEOUT_MS))
      return "completed";
    const wait =
      failures > 0
        ? Math.min(30_000, idleMs * 2 ** Math.min(failures, 3))
        : fresh.length > 0
          ? pollMs
          : idleMs;
    if (!(await sleep(wait, o.signal))) break;
  }
  return "stopped";
}
