// CloudWatch Logs StartLiveTail: a session streams the events ingested into up to 10 log groups
// (ARNs), optionally only some streams (names or prefixes, with one group) and only events
// matching a filter pattern. The answer is an event stream (event-stream.ts): the initial
// response, one sessionStart,
// then a sessionUpdate every (simulated) second — empty when nothing came — with at most 500
// events, `sampled` when more matched; the session ends with SessionTimeoutException after three
// (simulated) hours, or SessionStreamingException when none of its log groups exists any more.
// At most LIVE_TAIL_LIMIT sessions are open per account and region (LimitExceededException).
import { randomUUID } from "node:crypto";
import type { Clock } from "./clock";
import { constraintViolation, invalidInput, notFound, SimError } from "./errors";
import { encodeEvent, encodeException } from "./event-stream";
import { eventStreamAnswer } from "./event-stream-protocol";
import type { LogStream, StoredEvent } from "./log-store";
import { compileFilterPattern, type Matcher } from "./logs-filter-pattern";
import type { Handler } from "./op-context";
import type { RegionState } from "./state";

/** Concurrent Live Tail sessions per account (the CloudWatch Logs quota). */
export const LIVE_TAIL_LIMIT = 15;
/** Sessions end after three hours (simulated time). */
const SESSION_MS = 3 * 3_600_000;
/** Events per update; more are sampled down to this many. */
const MAX_EVENTS_PER_UPDATE = 500;
/** A slow client: at most this many events wait; the oldest are dropped first. */
const MAX_BUFFERED_EVENTS = 5000;

const sessions = new WeakMap<RegionState, Set<LiveTailSession>>();

function openSessions(region: RegionState): Set<LiveTailSession> {
  let set = sessions.get(region);
  if (!set) sessions.set(region, (set = new Set()));
  return set;
}

/** Open Live Tail sessions in a region (tests and the admin look at it). */
export function liveTailSessions(region: RegionState): number {
  return sessions.get(region)?.size ?? 0;
}

interface TailEvent {
  logStreamName: string;
  logGroupIdentifier: string;
  message: string;
  timestamp: number;
  ingestionTime: number;
}

interface SessionRequest {
  /** ARN → group name. */
  readonly groups: ReadonlyMap<string, string>;
  readonly streamNames?: readonly string[];
  readonly streamPrefixes?: readonly string[];
  readonly pattern?: string;
  readonly matches: Matcher;
}

class LiveTailSession {
  readonly id = randomUUID();
  private readonly pending: TailEvent[] = [];
  private dropped = false;

  constructor(
    private readonly region: RegionState,
    private readonly clock: Clock,
    private readonly request: SessionRequest,
  ) {}

  private readonly listener = (stream: LogStream, events: readonly StoredEvent[]): void => {
    const arn = this.groupOf(stream);
    if (arn === undefined) return;
    for (const e of events) {
      if (!this.request.matches(e.message)) continue;
      this.pending.push({
        logStreamName: stream.name,
        logGroupIdentifier: arn,
        message: e.message,
        timestamp: e.timestamp,
        ingestionTime: e.ingestionTime,
      });
    }
    if (this.pending.length > MAX_BUFFERED_EVENTS) {
      this.pending.splice(0, this.pending.length - MAX_BUFFERED_EVENTS);
      this.dropped = true;
    }
  };

  /** The ARN of the session's group that holds `stream`, if the stream is one it tails. */
  private groupOf(stream: LogStream): string | undefined {
    const { streamNames, streamPrefixes } = this.request;
    if (streamNames && !streamNames.includes(stream.name)) return undefined;
    if (streamPrefixes && !streamPrefixes.some((p) => stream.name.startsWith(p))) return undefined;
    for (const [arn, name] of this.request.groups) {
      if (this.region.logs.groups.get(name)?.streams.get(stream.name) === stream) return arn;
    }
    return undefined;
  }

  private anyGroupLeft(): boolean {
    for (const name of this.request.groups.values()) if (this.region.logs.groups.has(name)) return true;
    return false;
  }

  /** The answer's messages: sessionStart, then an update a second until the session ends. */
  async *messages(requestId: string, signal: AbortSignal): AsyncGenerator<Buffer> {
    const all = openSessions(this.region);
    all.add(this);
    this.region.logs.onAppend.add(this.listener);
    const started = this.clock.now();
    try {
      // The JSON protocols open an output event stream with the operation's initial response
      // (its members other than the stream: none here). botocore insists on it.
      yield encodeEvent("initial-response", {});
      yield encodeEvent("sessionStart", {
        requestId,
        sessionId: this.id,
        logGroupIdentifiers: [...this.request.groups.keys()],
        ...(this.request.streamNames ? { logStreamNames: this.request.streamNames } : {}),
        ...(this.request.streamPrefixes ? { logStreamNamePrefixes: this.request.streamPrefixes } : {}),
        ...(this.request.pattern !== undefined ? { logEventFilterPattern: this.request.pattern } : {}),
      });
      const tick = Math.max(50, this.clock.toWall(1000));
      while (!signal.aborted) {
        await this.sleep(tick, signal);
        if (signal.aborted) return;
        if ((this.clock.now() - started) * this.clock.speed >= SESSION_MS) {
          yield encodeException("SessionTimeoutException", "Session timed out after 3 hours.");
          return;
        }
        const batch = this.pending.splice(0, this.pending.length);
        let sampled = this.dropped;
        this.dropped = false;
        let results = batch;
        if (batch.length > MAX_EVENTS_PER_UPDATE) {
          // Sampled down, evenly, keeping ingestion order.
          const step = batch.length / MAX_EVENTS_PER_UPDATE;
          results = Array.from({ length: MAX_EVENTS_PER_UPDATE }, (_, i) => batch[Math.floor(i * step)]!);
          sampled = true;
        }
        yield encodeEvent("sessionUpdate", { sessionMetadata: { sampled }, sessionResults: results });
        if (!this.anyGroupLeft()) {
          yield encodeException(
            "SessionStreamingException",
            "The log groups of this Live Tail session no longer exist.",
          );
          return;
        }
      }
    } finally {
      this.region.logs.onAppend.delete(this.listener);
      all.delete(this);
    }
  }

  private sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener("abort", done, { once: true });
    });
  }
}

/** `arn:aws:logs:REGION:ACCOUNT:log-group:NAME` (no trailing `:*`) → NAME. */
function groupNameOf(region: RegionState, arn: string): string {
  if (arn.endsWith("*"))
    throw invalidInput("logs", `The log group identifier ${arn} must not end with an asterisk (*).`);
  const m = /^arn:aws[a-z-]*:logs:([^:]*):(\d{12}):log-group:([^:]+)$/.exec(arn);
  if (!m) throw invalidInput("logs", `Log group identifier ${arn} is not a log group ARN.`);
  if (m[1] !== region.region || m[2] !== region.accountId)
    throw notFound(`The specified log group does not exist: ${arn}`);
  return m[3]!;
}

export const startLiveTail: Handler = ({ region, input, clock }) => {
  const arns = input.strList("logGroupIdentifiers", { required: true, min: 1, max: 10 }) ?? [];
  const names = input.strList("logStreamNames", { min: 1, max: 100 });
  const prefixes = input.strList("logStreamNamePrefixes", { min: 1, max: 100 });
  const pattern = input.str("logEventFilterPattern", { max: 1024 });
  if (names && prefixes)
    throw invalidInput("logs", "logStreamNames and logStreamNamePrefixes are mutually exclusive.");
  if ((names || prefixes) && arns.length !== 1)
    throw invalidInput(
      "logs",
      "logStreamNames and logStreamNamePrefixes can only be used with a single log group.",
    );
  const groups = new Map<string, string>();
  for (const arn of arns) {
    const name = groupNameOf(region, arn);
    if (!region.logs.groups.has(name)) throw notFound(`The specified log group does not exist: ${arn}`);
    groups.set(arn, name);
  }
  if (groups.size !== arns.length)
    throw constraintViolation("logs", "logGroupIdentifiers", arns, "Member must not contain duplicates");
  const matches = compileFilterPattern(pattern);
  if (openSessions(region).size >= LIVE_TAIL_LIMIT)
    throw new SimError(
      "LimitExceededException",
      `You have reached the maximum number of concurrent Live Tail sessions (${LIVE_TAIL_LIMIT}).`,
    );
  const session = new LiveTailSession(region, clock, {
    groups,
    ...(names ? { streamNames: names } : {}),
    ...(prefixes ? { streamPrefixes: prefixes } : {}),
    ...(pattern !== undefined ? { pattern } : {}),
    matches,
  });
  const requestId = randomUUID();
  return eventStreamAnswer({ stream: (signal) => session.messages(requestId, signal) });
};
