import { messageLines } from "../core/ansi";
import { errorName, isAbort, isThrottling } from "../aws/errors";
import { sleep } from "../core/sleep";
import { spread } from "../core/spread";
import type { LogEvent, LogLocation, LogsApi } from "./types";

export interface FollowOptions {
  readonly api: LogsApi;
  /** Where the log is; undefined until CodeBuild has created it (PROVISIONING). */
  readonly location: () => LogLocation | undefined;
  /** Whether the build has completed, as last seen. */
  readonly isComplete: () => boolean;
  /** New lines, in order, each exactly once; `events` are the CloudWatch events they came from. */
  readonly onLines: (lines: string[], events: readonly LogEvent[]) => void;
  /** A problem that persists (three failures in a row, throttling excepted); reported once per streak. */
  readonly onError?: (error: unknown) => void;
  readonly signal: AbortSignal;
  /** Waited for before each request (an idle window pauses following, then it catches up; the call budget). */
  readonly pace?: (signal: AbortSignal) => Promise<void>;
  /** Wait between polls while lines are arriving. */
  readonly pollMs?: number;
  /**
   * Whether someone looks at the lines now (their output channel is on screen). While nobody
   * does, the log is read seldom, in larger pages (nextUnwatchedWait): AWS's request quotas are
   * per account, shared by the whole team. Undefined: always watched.
   */
  readonly watched?: () => boolean;
  /** Resolves when the lines come on screen (a long unwatched wait ends at once). */
  readonly whenWatched?: (signal: AbortSignal) => Promise<void>;
  /** Resolves when the build completes (an unwatched wait ends at once: its last lines are drained). */
  readonly whenComplete?: (signal: AbortSignal) => Promise<void>;
  /**
   * The shortest wait between reads while nobody looks. The wait is what the last read suggests
   * it takes for a quarter of a page to gather (nextUnwatchedWait), so a busy log is read in a
   * few pages as it goes rather than many in a row when it comes on screen. Each unwatched wait
   * is then spread to 0.5–1.5 times its figure.
   */
  readonly unwatchedPollMs?: number;
  /** The longest first wait while nobody looks (after the first read, or once the log is hidden). */
  readonly unwatchedFirstPollMs?: number;
  /** The longest wait between reads while nobody looks, before the spread. */
  readonly unwatchedMaxPollMs?: number;
  /** Longest wait between polls after a long quiet spell. */
  readonly idlePollMs?: number;
  /** Empty polls in a row before the wait starts to grow towards idlePollMs. */
  readonly quietPolls?: number;
  /** A page with this many events is full (GetLogEvents' limit): more is waiting, fetch it at once. */
  readonly backlogPageSize?: number;
  /** After completion, how long an empty log must stay empty before following ends. */
  readonly drainGraceMs?: number;
  readonly maxBackoffMs?: number;
  /** After the build has completed, this many failures in a row end the following (the error is thrown). */
  readonly maxFailuresAfterCompletion?: number;
  readonly now?: () => number;
  /** Where each wait's spread comes from, in [0, 1) (tests fix it). */
  readonly random?: () => number;
  /** How a wait is waited (tests record the waits). */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<unknown>;
}

export type FollowResult = "completed" | "stopped";

/**
 * GetLogEvents answers at most 1 MB (message bytes + 26 per event), and an event holds up to
 * 256 KB: a page with less room left than one more event may have stopped at the limit, so
 * the next is fetched at once (three 256 KB pieces of a long line make 786 KB).
 */
const MAX_PAGE_BYTES = 1_048_576;
const MAX_EVENT_BYTES = 262_144 + 26;
const FULL_PAGE_BYTES = MAX_PAGE_BYTES - MAX_EVENT_BYTES;

function pageBytes(events: readonly LogEvent[]): number {
  let bytes = 0;
  for (const e of events) bytes += (e.message?.length ?? 0) + 26;
  return bytes;
}

export interface UnwatchedRead {
  /** What the last read brought (its pages, when one full page followed another): events and their bytes. */
  readonly events: number;
  readonly bytes: number;
  /**
   * The time it covered: from the read before it (the last that succeeded) to it. Undefined for
   * the first read, whose pages are the log's backlog: they tell nothing of the pace from now on.
   */
  readonly coveredMs: number | undefined;
  /** The wait before it, if it was unwatched too. */
  readonly previousWaitMs: number | undefined;
  readonly minMs: number;
  /** The wait after a first unwatched read that tells nothing of the log's pace. */
  readonly firstMs: number;
  readonly maxMs: number;
  /** Events in a full page. */
  readonly pageSize: number;
}

/**
 * The wait before the next read of a log nobody looks at: as long as a quarter of a page takes
 * to gather at the last read's pace, between `minMs` and `maxMs`, and at most four times the
 * last wait, since a log that was quiet may not stay so. The first unwatched wait is at most
 * `firstMs` (its pace unknown, a page of a log busier than a page per `firstMs` is read in a few
 * pages once, then at its pace).
 */
export function nextUnwatchedWait(read: UnwatchedRead): number {
  const { minMs, maxMs, coveredMs } = read;
  const fill = Math.max(read.events / read.pageSize, read.bytes / MAX_PAGE_BYTES);
  const quarterPageMs = coveredMs === undefined || fill === 0 ? Infinity : (coveredMs * 0.25) / fill;
  const growth = read.previousWaitMs === undefined ? read.firstMs : read.previousWaitMs * 4;
  return Math.min(maxMs, Math.max(minMs, Math.min(quarterPageMs, growth)));
}

/**
 * Follows a CloudWatch log stream from its head until the build completes and the last
 * events are drained. The forward token advances only after a page has been delivered, so a
 * failed or throttled request is simply repeated: no line is lost or delivered twice.
 */
export async function followLog(options: FollowOptions): Promise<FollowResult> {
  const { api, signal } = options;
  const pollMs = options.pollMs ?? 1300;
  const idlePollMs = options.idlePollMs ?? 2500;
  const quietPolls = options.quietPolls ?? 10;
  const backlog = options.backlogPageSize ?? 10_000;
  const grace = options.drainGraceMs ?? 2000;
  const maxBackoff = options.maxBackoffMs ?? 20_000;
  const maxFailuresAfterCompletion = options.maxFailuresAfterCompletion ?? 5;
  const unwatchedPollMs = options.unwatchedPollMs ?? 10_000;
  // Two minutes: a team whose builds started together (a merge) reads its unwatched logs a second
  // time spread over 1–3 minutes instead of 0.5–1.5, out of the seconds its watchers fill.
  const unwatchedFirstPollMs = options.unwatchedFirstPollMs ?? 120_000;
  const unwatchedMaxPollMs = options.unwatchedMaxPollMs ?? 300_000;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const pause = options.sleep ?? sleep;
  const wakers = [options.whenWatched, options.whenComplete].filter((w) => w !== undefined);

  let token: string | undefined;
  let wait = pollMs;
  let backoff = 0;
  /** Failures in a row other than throttling. */
  let hardFailures = 0;
  let emptyPolls = 0;
  let completedAt: number | undefined;
  /** When the last read (its last page) was asked for: the span the next read covers starts there (none before the first). */
  let lastReadAt: number | undefined;
  /** What the pages of this read brought so far (a full page is followed at once by the next). */
  let readEvents = 0;
  let readBytes = 0;
  /** The last wait while nobody looked (it grows while reads find little). */
  let unwatchedWait: number | undefined;

  const drained = () => completedAt !== undefined && now() - completedAt >= grace;

  while (!signal.aborted) {
    if (completedAt === undefined && options.isComplete()) completedAt = now();
    const location = options.location();
    if (!location) {
      if (drained()) return "completed";
      await pause(pollMs, signal);
      continue;
    }
    const completeBeforeFetch = completedAt !== undefined;

    let page;
    let readAt: number;
    try {
      await options.pace?.(signal);
      readAt = now();
      page = await api.getLogEvents({ location, nextToken: token }, signal);
    } catch (error) {
      if (signal.aborted || isAbort(error)) break;
      if (errorName(error) === "ResourceNotFoundException") {
        // The stream is created when the build provisions; a build that never got there has no log.
        if (drained()) return "completed";
        await pause(pollMs, signal);
        continue;
      }
      backoff = Math.min(maxBackoff, backoff ? backoff * 2 : pollMs * 2);
      if (!isThrottling(error)) {
        hardFailures++;
        // A build that has ended will not make its log readable by waiting: give up after a few tries.
        if (completedAt !== undefined && hardFailures >= maxFailuresAfterCompletion) throw error;
        if (hardFailures === 3) options.onError?.(error);
      }
      await pause(spread(backoff, 0.2, random), signal);
      continue;
    }
    backoff = 0;
    hardFailures = 0;

    const events = page.events;
    if (events.length > 0) {
      // One push per line: an event can hold hundreds of thousands (spreading them would throw).
      const lines: string[] = [];
      for (const event of events) for (const line of messageLines(event.message ?? "")) lines.push(line);
      options.onLines(lines, events);
    }
    const advanced = page.nextForwardToken !== undefined && page.nextForwardToken !== token;
    if (page.nextForwardToken !== undefined) token = page.nextForwardToken;

    const bytes = pageBytes(events);
    readEvents += events.length;
    readBytes += bytes;
    if (events.length >= backlog || bytes >= FULL_PAGE_BYTES) continue;
    if (events.length === 0 && advanced) {
      // An empty page with a new token: CloudWatch has more to page through.
      await pause(50, signal);
      continue;
    }
    // The read is done: it covered the time since the last one ended, in all its pages.
    const read = {
      events: readEvents,
      bytes: readBytes,
      coveredMs: lastReadAt === undefined ? undefined : readAt - lastReadAt,
    };
    lastReadAt = readAt;
    readEvents = 0;
    readBytes = 0;
    if (completeBeforeFetch && events.length === 0 && drained()) return "completed";

    emptyPolls = events.length > 0 ? 0 : emptyPolls + 1;
    wait = emptyPolls <= quietPolls ? pollMs : Math.min(idlePollMs, Math.round(wait * 1.25));
    // A completed build's last lines are drained at once, watched or not.
    if (completedAt === undefined && options.isComplete()) completedAt = now();
    if (completedAt === undefined && options.watched && !options.watched()) {
      unwatchedWait = nextUnwatchedWait({
        ...read,
        previousWaitMs: unwatchedWait,
        minMs: unwatchedPollMs,
        firstMs: unwatchedFirstPollMs,
        maxMs: unwatchedMaxPollMs,
        pageSize: backlog,
      });
      // Spread ±50 %: nothing waits on these reads, and the followers of a team whose builds
      // started together (a merge that set them all off) would otherwise read in waves.
      await sleepUnlessWoken(spread(unwatchedWait, 0.5, random), signal, wakers, pause);
    } else {
      unwatchedWait = undefined;
      // Spread ±20 % (1.3 s on average): a team's followers share the account's GetLogEvents
      // quota, and reads at a fixed pace that once fall into the same second (after a slow answer
      // that came to several at once) would stay there.
      await pause(spread(wait, 0.2, random), signal);
    }
  }
  return "stopped";
}

/** Sleeps `ms`, or less when one of `wakers` resolves first (the lines come on screen, the build completes). */
async function sleepUnlessWoken(
  ms: number,
  signal: AbortSignal,
  wakers: readonly ((signal: AbortSignal) => Promise<void>)[],
  pause: (ms: number, signal: AbortSignal) => Promise<unknown>,
): Promise<void> {
  if (wakers.length === 0) {
    await pause(ms, signal);
    return;
  }
  const done = new AbortController();
  const stop = () => done.abort();
  signal.addEventListener("abort", stop, { once: true });
  try {
    await Promise.race([
      pause(ms, done.signal),
      ...wakers.map((wake) => wake(done.signal).catch(() => undefined)),
    ]);
  } finally {
    signal.removeEventListener("abort", stop);
    done.abort();
  }
}
