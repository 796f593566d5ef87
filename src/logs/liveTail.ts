import { isAbort } from "../core/abort";
import { OVERLAP_MS } from "./pollingTail";
import { contentKey, SeenEvents } from "./seenEvents";
import type { TailApi, TailEvent, TailTarget } from "./tailTypes";

export interface LiveTailOptions {
  readonly api: TailApi;
  readonly target: TailTarget;
  readonly signal: AbortSignal;
  readonly onEvents: (events: readonly TailEvent[]) => void;
  /** The session has started: events ingested from now on come. */
  readonly onStarted?: () => void;
  /** The session sends only a sample (more than 500 matching events a second). */
  readonly onSampled: (sampled: boolean) => void;
}

/** How a Live Tail session that had started came to an end. */
export type LiveTailEnd =
  | { readonly kind: "stopped" }
  | {
      readonly kind: "ended";
      /** Why: SessionTimeoutException (three hours), SessionStreamingException, a network error… */
      readonly error?: unknown;
      /** The newest event delivered, if any. */
      readonly lastTimestamp?: number;
      /** The events of the last seconds, by content, for the poller that takes over. */
      readonly delivered: SeenEvents;
    };

/**
 * Reads a Live Tail session: starts it (throws when it is refused: the caller decides whether to
 * poll instead), then delivers each update's events until the session ends or is aborted.
 */
export async function liveTail(options: LiveTailOptions): Promise<LiveTailEnd> {
  const { api, target, signal } = options;
  const updates = await api.startLiveTail(target, signal);
  options.onStarted?.();
  const delivered = new SeenEvents();
  let lastTimestamp: number | undefined;
  let sampled = false;
  try {
    for await (const update of updates) {
      if (signal.aborted) return { kind: "stopped" };
      if (update.sampled !== sampled) {
        sampled = update.sampled;
        options.onSampled(sampled);
      }
      if (update.events.length === 0) continue;
      for (const event of update.events) {
        delivered.add(contentKey(event), event.timestamp);
        if (lastTimestamp === undefined || event.timestamp > lastTimestamp) lastTimestamp = event.timestamp;
      }
      delivered.forgetBefore((lastTimestamp ?? 0) - 2 * OVERLAP_MS);
      options.onEvents(update.events);
    }
  } catch (error) {
    if (signal.aborted || isAbort(error)) return { kind: "stopped" };
    return { kind: "ended", error, lastTimestamp, delivered };
  }
  if (signal.aborted) return { kind: "stopped" };
  return { kind: "ended", lastTimestamp, delivered };
}
