import { errorName } from "../aws/errors";
import { liveTail } from "./liveTail";
import { OVERLAP_MS, pollInterval, pollTail, type PollingTailOptions } from "./pollingTail";
import type { SeenEvents } from "./seenEvents";
import type { TailApi, TailEvent, TailTarget } from "./tailTypes";

export type TailMode = "live" | "polling";

export interface TailOptions {
  readonly api: TailApi;
  readonly target: TailTarget;
  readonly signal: AbortSignal;
  /** Poll FilterLogEvents even where Live Tail would work (Live Tail is billed per minute). */
  readonly preferPolling: boolean;
  readonly onEvents: (events: readonly TailEvent[]) => void;
  /** A line for the channel: how the tail reads, a fallback and why, a group gone. */
  readonly onNotice: (text: string) => void;
  /** How the tail reads now (for the status bar). */
  readonly onMode?: (mode: TailMode) => void;
  readonly now?: () => number;
  /** Waited for before each request (an idle window pauses the tail; the call budget). */
  readonly pace?: (signal: AbortSignal) => Promise<void>;
  /** Polling's waits (tests shorten them). */
  readonly polling?: Pick<PollingTailOptions, "pollMs" | "idlePollMs">;
}

export type TailEnd = "stopped" | "ended";

/** Refusals that polling would get too: they end the tail with the service's own words. */
const FATAL = new Set(["InvalidParameterException", "ResourceNotFoundException"]);

function describe(error: unknown): string {
  const name = errorName(error);
  const message = error instanceof Error ? error.message : String(error);
  switch (name) {
    case "LimitExceededException":
      return `too many concurrent Live Tail sessions in this account (${message})`;
    case "SessionTimeoutException":
      return "Live Tail sessions last at most three hours";
    case "AccessDeniedException":
      return `not allowed: ${message}`;
    case "UnknownOperationException":
    case "UnrecognizedClientException":
      return `the endpoint does not offer Live Tail (${name})`;
    default:
      return name && !message.includes(name) ? `${name}: ${message}` : message;
  }
}

/**
 * Tails log groups: through a Live Tail session where it can (and is not told to prefer
 * polling), else — or once the session is refused or ends — by polling FilterLogEvents from
 * where Live Tail stopped, dropping what it had delivered already. Each event once, in order.
 * Throws the service's refusal of the tail itself (an invalid filter pattern, a group that does
 * not exist); resolves "ended" when no group is left to tail, "stopped" when aborted.
 */
export async function runTail(options: TailOptions): Promise<TailEnd> {
  const { api, target, signal } = options;
  const now = options.now ?? Date.now;
  const started = now();
  const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
  const poll = (startTime: number, delivered?: SeenEvents) => {
    options.onMode?.("polling");
    return pollTail({
      api,
      target,
      signal,
      startTime,
      onEvents: options.onEvents,
      onNotice: options.onNotice,
      ...(delivered ? { delivered } : {}),
      ...(options.pace ? { pace: options.pace } : {}),
      ...options.polling,
    });
  };
  const every = seconds(options.polling?.pollMs ?? pollInterval(target.groups.length).pollMs);

  const canLive = target.groups.every((g) => g.arn);
  if (options.preferPolling || !canLive) {
    options.onNotice(
      options.preferPolling
        ? `Tailing by polling FilterLogEvents every ${every} (awsCicd.cloudwatch.tail.preferPolling is on).`
        : `Tailing by polling FilterLogEvents every ${every}.`,
    );
    return poll(started);
  }

  let sampledNoted = false;
  let end;
  try {
    await options.pace?.(signal);
    end = await liveTail({
      api,
      target,
      signal,
      onStarted: () => options.onMode?.("live"),
      onEvents: options.onEvents,
      onSampled: (sampled) => {
        if (sampled && !sampledNoted) {
          sampledNoted = true;
          options.onNotice(
            "More than 500 events a second match: Live Tail sends a sample of them (narrow the filter pattern to see all).",
          );
        }
      },
    });
  } catch (error) {
    if (signal.aborted) return "stopped";
    if (FATAL.has(errorName(error))) throw error;
    options.onNotice(
      `Live Tail is not available (${describe(error)}): tailing by polling FilterLogEvents every ${every} instead.`,
    );
    return poll(started);
  }
  if (end.kind === "stopped") return "stopped";
  const why = end.error === undefined ? "the session closed" : describe(end.error);
  options.onNotice(
    `The Live Tail session ended (${why}): continuing by polling FilterLogEvents every ${every}.`,
  );
  return poll(Math.max(started, (end.lastTimestamp ?? now()) - OVERLAP_MS), end.delivered);
}
