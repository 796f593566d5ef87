// CloudWatch Logs storage for one region: groups, streams and their events.

export interface StoredEvent {
  timestamp: number;
  message: string;
  ingestionTime: number;
  /** Global, increasing: orders events with the same timestamp and becomes the eventId. */
  seq: number;
}

export class LogStream {
  readonly events: StoredEvent[] = [];
  lastIngestionTime: number | undefined;
  storedBytes = 0;
  uploads = 0;
  constructor(
    readonly name: string,
    readonly creationTime: number,
  ) {}
}

export class LogGroup {
  readonly streams = new Map<string, LogStream>();
  constructor(
    readonly name: string,
    readonly creationTime: number,
  ) {}
}

/** CloudWatch counts each event as its UTF-8 size plus 26 bytes. */
export function eventSize(message: string): number {
  return Buffer.byteLength(message, "utf8") + 26;
}

export class LogStore {
  readonly groups = new Map<string, LogGroup>();
  /** Told of every appended batch, in ingestion order (Live Tail sessions listen). */
  readonly onAppend = new Set<(stream: LogStream, events: readonly StoredEvent[]) => void>();
  private seq = 0;

  ensureGroup(name: string, now: number): LogGroup {
    let g = this.groups.get(name);
    if (!g) {
      g = new LogGroup(name, now);
      this.groups.set(name, g);
    }
    return g;
  }

  ensureStream(group: string, stream: string, now: number): LogStream {
    const g = this.ensureGroup(group, now);
    let s = g.streams.get(stream);
    if (!s) {
      s = new LogStream(stream, now);
      g.streams.set(stream, s);
    }
    return s;
  }

  stream(group: string, stream: string): LogStream | undefined {
    return this.groups.get(group)?.streams.get(stream);
  }

  /** Appends events (kept sorted by timestamp; equal timestamps keep arrival order). */
  append(stream: LogStream, events: { timestamp: number; message: string }[], now: number): void {
    if (events.length === 0) return;
    const appended: StoredEvent[] = [];
    for (const e of events) {
      const stored: StoredEvent = {
        timestamp: e.timestamp,
        message: e.message,
        ingestionTime: now,
        seq: ++this.seq,
      };
      appended.push(stored);
      const list = stream.events;
      const last = list[list.length - 1];
      if (!last || last.timestamp <= e.timestamp) list.push(stored);
      else list.splice(upperBound(list, e.timestamp), 0, stored);
      stream.storedBytes += eventSize(e.message);
    }
    stream.lastIngestionTime = now;
    stream.uploads++;
    for (const listener of this.onAppend) listener(stream, appended);
  }
}

/** First index whose timestamp is greater than `ts`. */
function upperBound(list: StoredEvent[], ts: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid]?.timestamp ?? 0) <= ts) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
