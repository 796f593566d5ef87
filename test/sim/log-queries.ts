// GetLogEvents and FilterLogEvents semantics over a LogStore.
//
// GetLogEvents tokens are positions in the stream: "f/<index>" reads forward from index,
// "b/<index>" reads backward from just before index. A forward read that finds nothing
// returns the same forward token, so a poller can keep asking with it.
import { SimError } from "./errors";
import { eventSize, type LogStream, type StoredEvent } from "./log-store";
import { compileFilterPattern } from "./logs-filter-pattern";

export const MAX_RESPONSE_BYTES = 1_048_576;
const TOKEN_DIGITS = 56;

export interface GetEventsQuery {
  startTime?: number;
  endTime?: number;
  nextToken?: string;
  limit: number;
  startFromHead: boolean;
}

export interface OutputEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
}

export interface GetEventsResult {
  events: OutputEvent[];
  nextForwardToken: string;
  nextBackwardToken: string;
}

const token = (dir: "f" | "b", index: number): string =>
  `${dir}/${String(index).padStart(TOKEN_DIGITS, "0")}`;

function parseToken(t: string): { dir: "f" | "b"; index: number } {
  const m = /^([fb])\/(\d{1,56})$/.exec(t);
  if (!m) throw new SimError("InvalidParameterException", "The specified nextToken is invalid.");
  return { dir: m[1] as "f" | "b", index: Number(m[2]) };
}

const toOutput = (e: StoredEvent): OutputEvent => ({
  timestamp: e.timestamp,
  message: e.message,
  ingestionTime: e.ingestionTime,
});

export function getLogEvents(stream: LogStream, q: GetEventsQuery): GetEventsResult {
  const list = stream.events;
  const inRange = (e: StoredEvent): boolean =>
    (q.startTime === undefined || e.timestamp >= q.startTime) &&
    (q.endTime === undefined || e.timestamp < q.endTime);

  const parsed = q.nextToken !== undefined ? parseToken(q.nextToken) : undefined;
  const forward = parsed ? parsed.dir === "f" : q.startFromHead;
  const from = Math.min(parsed?.index ?? (forward ? 0 : list.length), list.length);

  const picked: number[] = [];
  let bytes = 0;
  if (forward) {
    for (let i = from; i < list.length && picked.length < q.limit; i++) {
      const e = list[i] as StoredEvent;
      if (!inRange(e)) continue;
      bytes += eventSize(e.message);
      if (bytes > MAX_RESPONSE_BYTES) break;
      picked.push(i);
    }
  } else {
    for (let i = from - 1; i >= 0 && picked.length < q.limit; i--) {
      const e = list[i] as StoredEvent;
      if (!inRange(e)) continue;
      bytes += eventSize(e.message);
      if (bytes > MAX_RESPONSE_BYTES) break;
      picked.push(i);
    }
    picked.reverse();
  }

  const first = picked[0];
  const last = picked[picked.length - 1];
  return {
    events: picked.map((i) => toOutput(list[i] as StoredEvent)),
    nextForwardToken: token("f", last === undefined ? from : last + 1),
    nextBackwardToken: token("b", first === undefined ? from : first),
  };
}

export interface FilterQuery {
  streams: LogStream[];
  startTime?: number;
  endTime?: number;
  filterPattern?: string;
  nextToken?: string;
  limit: number;
}

export interface FilteredEvent extends OutputEvent {
  logStreamName: string;
  eventId: string;
}

export interface FilterResult {
  events: FilteredEvent[];
  searchedLogStreams: { logStreamName: string; searchedCompletely: boolean }[];
  nextToken?: string;
}

function encodeCursor(e: { timestamp: number; seq: number }): string {
  return Buffer.from(JSON.stringify([e.timestamp, e.seq])).toString("base64url");
}

function decodeCursor(t: string): { timestamp: number; seq: number } {
  try {
    const v: unknown = JSON.parse(Buffer.from(t, "base64url").toString("utf8"));
    if (Array.isArray(v) && typeof v[0] === "number" && typeof v[1] === "number")
      return { timestamp: v[0], seq: v[1] };
  } catch {
    // fall through
  }
  throw new SimError("InvalidParameterException", "The specified nextToken is invalid.");
}

export function filterLogEvents(q: FilterQuery): FilterResult {
  const matches = compileFilterPattern(q.filterPattern);
  const after = q.nextToken !== undefined ? decodeCursor(q.nextToken) : undefined;
  const candidates: { e: StoredEvent; stream: string }[] = [];
  for (const s of q.streams) {
    for (const e of s.events) {
      if (q.startTime !== undefined && e.timestamp < q.startTime) continue;
      if (q.endTime !== undefined && e.timestamp > q.endTime) continue;
      if (after && (e.timestamp < after.timestamp || (e.timestamp === after.timestamp && e.seq <= after.seq)))
        continue;
      if (!matches(e.message)) continue;
      candidates.push({ e, stream: s.name });
    }
  }
  candidates.sort((a, b) => a.e.timestamp - b.e.timestamp || a.e.seq - b.e.seq);

  const events: FilteredEvent[] = [];
  let bytes = 0;
  let last: StoredEvent | undefined;
  for (const c of candidates) {
    if (events.length >= q.limit) break;
    bytes += eventSize(c.e.message);
    if (bytes > MAX_RESPONSE_BYTES) break;
    events.push({
      ...toOutput(c.e),
      logStreamName: c.stream,
      eventId: String(c.e.seq).padStart(TOKEN_DIGITS, "0"),
    });
    last = c.e;
  }
  const more = events.length < candidates.length;
  return {
    events,
    searchedLogStreams: q.streams.map((s) => ({ logStreamName: s.name, searchedCompletely: !more })),
    ...(more && last ? { nextToken: encodeCursor(last) } : {}),
  };
}
