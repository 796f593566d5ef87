import { isAbort } from "../core/abort";
import { sleep as defaultSleep } from "../core/sleep";
import { isStackEvent, latestOperation } from "./model/operation";
import { isTerminal } from "./model/status";
import type { StackEvent } from "./model/types";

export interface FollowOperationOptions {
  /** Reads the stack's new events into the store (its loadEvents). */
  readonly refresh: () => Promise<unknown>;
  /** Every event the store holds for the stack, oldest first. */
  readonly events: () => readonly StackEvent[];
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

/**
 * Hands out a stack's events once each, oldest first, whoever read them into the store: the first
 * time the latest operation's (for one the user just started, those stamped since it started),
 * then those after the last one handed out.
 */
export class EventCursor {
  private last: string | undefined;

  constructor(
    private readonly events: () => readonly StackEvent[],
    private readonly startedAt?: Date,
  ) {}

  next(): StackEvent[] {
    const all = this.events();
    let fresh: StackEvent[];
    const at = this.last === undefined ? -1 : all.findIndex((e) => e.id === this.last);
    if (this.last === undefined || at < 0) {
      const since = this.startedAt ? this.startedAt.getTime() - START_SLACK_MS : undefined;
      fresh = latestOperation(all).filter((e) => since === undefined || e.timestamp.getTime() >= since);
      if (this.last !== undefined) fresh = fresh.filter((e) => e.id !== this.last);
    } else fresh = all.slice(at + 1);
    const newest = all[all.length - 1];
    if (newest) this.last = newest.id;
    return fresh;
  }
}

/** How far before `startedAt` the first events shown may be stamped (clocks differ a little). */
const START_SLACK_MS = 5_000;

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
  const cursor = new EventCursor(o.events, o.startedAt);
  let ended = false;
  let failures = 0;
  while (!o.signal.aborted) {
    try {
      await o.refresh();
      failures = 0;
    } catch (error) {
      if (isAbort(error) && o.signal.aborted) break;
      failures++;
      o.onError(error);
    }
    const fresh = cursor.next();
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
