import { errorName, isAbort, isThrottling } from "../aws/errors";
import { sleep } from "../core/sleep";
import { spread } from "../core/spread";
import { contentKey, SeenEvents } from "./seenEvents";
import type { TailApi, TailEvent, TailTarget } from "./tailTypes";

/**
 * How far back each poll reads again: an event CloudWatch ingests this late after its timestamp
 * is still seen (its id tells it apart from those already delivered).
 */
export const OVERLAP_MS = 10_000;
/**
 * A group whose reads find nothing is read again from this much before where its last whole read
 * ended (by this machine's clock), and OVERLAP_MS: the clock may be up to this far ahead of
 * CloudWatch's without an event that comes late being missed.
 */
export const CLOCK_MARGIN_MS = 60_000;
/** Pages of one group read in one round at most (the read goes on from there in the next round, at once). */
export const MAX_PAGES_PER_ROUND = 20;

/** A group's read that stopped at MAX_PAGES_PER_ROUND: the next round goes on with its token. */
interface UnfinishedRead {
  readonly from: number;
  readonly until: number;
  readonly token: string;
  /** The newest timestamp its pages have brought (CloudWatch pages in timestamp order). */
  readonly reached: number;
}

export interface PollingTailOptions {
  readonly api: TailApi;
  readonly target: TailTarget;
  readonly signal: AbortSignal;
  /** Events with an earlier timestamp are not delivered (the tail started then). */
  readonly startTime: number;
  /** New events, in timestamp order within each round, each exactly once. */
  readonly onEvents: (events: readonly TailEvent[]) => void;
  /** Something the user should read in the channel (a group that went away, a persistent failure). */
  readonly onNotice: (text: string) => void;
  /** Events delivered before polling took over (Live Tail's last seconds), by content. */
  readonly delivered?: SeenEvents;
  /** Wait between rounds while events arrive; default 2 s, 1.5 s per group beyond the first. */
  readonly pollMs?: number;
  /** Longest wait after quiet rounds. */
  readonly idlePollMs?: number;
  readonly maxBackoffMs?: number;
  readonly now?: () => number;
  /** Waited for before each request (an idle window pauses the tail; the call budget). */
  readonly pace?: (signal: AbortSignal) => Promise<void>;
}

export type PollingTailEnd = "stopped" | "ended";

/** The wait between rounds for `groups` groups: one FilterLogEvents per group per round. */
export function pollInterval(groups: number): { pollMs: number; idlePollMs: number } {
  return { pollMs: Math.max(2000, groups * 1500), idlePollMs: Math.max(10_000, groups * 3000) };
}

/**
 * Tails log groups by polling FilterLogEvents: each round reads every group from a little before
 * (OVERLAP_MS) where its last whole read ended, up to the round's start, page by page, and
 * delivers the events it has not delivered before (by event id), merged in timestamp order. A
 * read longer than MAX_PAGES_PER_ROUND goes on in the next round from its token, before any group
 * is read further: a filter that matches nothing for a long time never makes a round read the
 * same pages again. Meanwhile the other groups' events newer than where it has got to are held
 * back, so that the order holds across groups. A group that does not exist any more is
 * dropped with a notice; a refused filter pattern ends the tail with the service's message.
 * Resolves "ended" when no group is left, "stopped" when aborted.
 */
export async function pollTail(options: PollingTailOptions): Promise<PollingTailEnd> {
  const { api, target, signal } = options;
  let groups = [...target.groups];
  const interval = pollInterval(groups.length);
  const pollMs = options.pollMs ?? interval.pollMs;
  const idlePollMs = options.idlePollMs ?? interval.idlePollMs;
  const maxBackoff = options.maxBackoffMs ?? 30_000;
  const now = options.now ?? Date.now;
  const newest = new Map<string, number>();
  /** Where each group's last whole read ended (its round's start). */
  const scanned = new Map<string, number>();
  const unfinished = new Map<string, UnfinishedRead>();
  /**
   * Where the next read of a group starts: a little before its newest event (CloudWatch's clock),
   * and at most a minute or so before where its last whole read ended (`through`: this machine's).
   */
  const readFrom = (group: string, through = scanned.get(group)) =>
    Math.max(
      options.startTime,
      (newest.get(group) ?? options.startTime) - OVERLAP_MS,
      (through ?? options.startTime) - OVERLAP_MS - CLOCK_MARGIN_MS,
    );
  const seen = new SeenEvents();
  /** Events newer than where an unfinished read has got to, delivered once it gets past them. */
  let held: TailEvent[] = [];
  let wait = pollMs;
  let failures = 0;
  let backoff = 0;
  let reported = false;

  while (!signal.aborted) {
    // Every group is read up to the same instant, so a round's events all come after the last
    // round's: merged, they stay in timestamp order across groups. A read cut at the page cap
    // goes on in the next round, which reads no other group; until it has got past them, the
    // newer events of the groups read whole are held back.
    const continuing = unfinished.size > 0;
    const roundStart = now();
    const round: TailEvent[] = [];
    let failed: unknown;
    for (const group of [...groups]) {
      const pending = unfinished.get(group.name);
      if (continuing && !pending) continue;
      unfinished.delete(group.name);
      const from = pending?.from ?? readFrom(group.name);
      const until = pending?.until ?? roundStart;
      let token = pending?.token;
      let reached = pending?.reached ?? from;
      let pages = 0;
      try {
        do {
          await options.pace?.(signal);
          const page = await api.filterLogEvents(
            {
              group: group.name,
              streamNames: target.streamNames,
              streamPrefix: target.streamPrefix,
              pattern: target.pattern,
              startTime: from,
              endTime: until,
              nextToken: token,
            },
            signal,
          );
          for (const event of page.events) {
            reached = Math.max(reached, event.timestamp);
            const key = event.id ?? contentKey(event);
            if (seen.has(key)) continue;
            seen.add(key, event.timestamp);
            if (options.delivered?.take(contentKey(event))) continue;
            if (event.timestamp < options.startTime) continue;
            round.push(event);
            if (event.timestamp > (newest.get(group.name) ?? 0)) newest.set(group.name, event.timestamp);
          }
          token = page.nextToken;
          pages++;
        } while (token && pages < MAX_PAGES_PER_ROUND && !signal.aborted);
        if (token) unfinished.set(group.name, { from, until, token, reached });
        else scanned.set(group.name, until);
      } catch (error) {
        if (signal.aborted || isAbort(error)) return "stopped";
        // A read that failed part-way goes on from its last page next time (not from its start).
        if (token) unfinished.set(group.name, { from, until, token, reached });
        const name = errorName(error);
        if (name === "ResourceNotFoundException") {
          options.onNotice(`Log group ${group.name} does not exist (any more): it is no longer tailed.`);
          groups = groups.filter((g) => g !== group);
          unfinished.delete(group.name);
          if (groups.length === 0) return "ended";
          continue;
        }
        if (name === "InvalidParameterException") throw error;
        failed = error;
      }
    }
    if (round.length > 0 || held.length > 0) {
      const horizon = Math.min(...[...unfinished.values()].map((u) => u.reached));
      const merged = [...held, ...round].sort((a, b) => a.timestamp - b.timestamp);
      held = merged.filter((e) => e.timestamp > horizon);
      const ready = held.length > 0 ? merged.filter((e) => e.timestamp <= horizon) : merged;
      if (ready.length > 0) options.onEvents(ready);
    }
    // Events from before every group's next read can come again no more (a read cut at the page
    // cap goes on with later events: CloudWatch pages them in timestamp order).
    const oldest = Math.min(...groups.map((g) => readFrom(g.name, unfinished.get(g.name)?.until)));
    seen.forgetBefore(oldest - OVERLAP_MS);
    options.delivered?.forgetBefore(oldest - OVERLAP_MS);

    if (failed !== undefined) {
      backoff = Math.min(maxBackoff, backoff ? backoff * 2 : pollMs * 2);
      if (!isThrottling(failed) && ++failures >= 3 && !reported) {
        reported = true;
        options.onNotice(
          `Reading the log groups keeps failing, retrying: ${failed instanceof Error ? failed.message : errorName(failed) || "unknown error"}`,
        );
      }
      await sleep(spread(backoff, 0.2), signal);
      continue;
    }
    backoff = 0;
    failures = 0;
    reported = false;
    if (unfinished.size > 0) continue;
    wait = round.length > 0 ? pollMs : Math.min(idlePollMs, Math.round(wait * 1.25));
    await sleep(wait, signal);
  }
  return "stopped";
}
