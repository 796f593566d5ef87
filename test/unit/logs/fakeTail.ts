import type {
  FilterPage,
  FilterRequest,
  LiveTailUpdate,
  TailApi,
  TailEvent,
  TailTarget,
} from "../../../src/logs/tailTypes";

function named(name: string, message = name): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

/**
 * CloudWatch Logs in memory for tails: FilterLogEvents with CloudWatch's rules (events from
 * startTime to endTime inclusive, in timestamp order, `pageSize` a page with a next token, each
 * with an id), and Live Tail sessions the test drives (`live.push`, `live.end`, `live.fail`).
 */
export class FakeTail implements TailApi {
  readonly groups = new Map<string, TailEvent[]>();
  readonly requests: FilterRequest[] = [];
  private seq = 0;
  private failures: Error[] = [];
  liveRefusal: Error | undefined;
  live: LiveSession | undefined;

  constructor(private readonly pageSize = 1000) {}

  write(group: string, stream: string, messages: string[], timestamp = Date.now()): TailEvent[] {
    const list = this.groups.get(group) ?? [];
    this.groups.set(group, list);
    const written = messages.map((message) => ({
      group,
      stream,
      message,
      timestamp,
      id: String(++this.seq).padStart(8, "0"),
    }));
    list.push(...written);
    list.sort((a, b) => a.timestamp - b.timestamp || Number(a.id) - Number(b.id));
    this.live?.deliver(written);
    return written;
  }

  failNext(name: string, times = 1, message?: string): void {
    for (let i = 0; i < times; i++) this.failures.push(named(name, message));
  }

  async filterLogEvents(request: FilterRequest, signal: AbortSignal): Promise<FilterPage> {
    this.requests.push(request);
    await Promise.resolve();
    if (signal.aborted) throw named("AbortError");
    const failure = this.failures.shift();
    if (failure) throw failure;
    const list = this.groups.get(request.group);
    if (!list) throw named("ResourceNotFoundException", "The specified log group does not exist.");
    const matching = list.filter(
      (e) =>
        (request.startTime === undefined || e.timestamp >= request.startTime) &&
        (request.endTime === undefined || e.timestamp <= request.endTime) &&
        (!request.pattern || e.message.includes(request.pattern)),
    );
    const from = request.nextToken ? Number(request.nextToken) : 0;
    const page = matching.slice(from, from + this.pageSize);
    return {
      events: page,
      ...(from + this.pageSize < matching.length ? { nextToken: String(from + this.pageSize) } : {}),
    };
  }

  async startLiveTail(target: TailTarget, signal: AbortSignal): Promise<AsyncIterable<LiveTailUpdate>> {
    await Promise.resolve();
    if (this.liveRefusal) throw this.liveRefusal;
    for (const g of target.groups) if (!this.groups.has(g.name)) throw named("ResourceNotFoundException");
    const session = new LiveSession(target, signal);
    this.live = session;
    return session;
  }
}

export class LiveSession implements AsyncIterable<LiveTailUpdate> {
  private readonly queue: (LiveTailUpdate | Error | "end")[] = [];
  private wake: (() => void) | undefined;

  constructor(
    private readonly target: TailTarget,
    private readonly signal: AbortSignal,
  ) {
    signal.addEventListener("abort", () => this.push("end"));
  }

  deliver(events: TailEvent[]): void {
    const mine = events.filter(
      (e) =>
        this.target.groups.some((g) => g.name === e.group) &&
        (!this.target.pattern || e.message.includes(this.target.pattern)),
    );
    if (mine.length) this.push({ sampled: false, events: mine.map(({ id: _id, ...e }) => e) });
  }

  update(update: LiveTailUpdate): void {
    this.push(update);
  }

  end(): void {
    this.push("end");
  }

  fail(name: string, message?: string): void {
    this.push(named(name, message));
  }

  private push(item: LiveTailUpdate | Error | "end"): void {
    this.queue.push(item);
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<LiveTailUpdate> {
    for (;;) {
      while (this.queue.length === 0) await new Promise<void>((r) => (this.wake = r));
      const item = this.queue.shift()!;
      if (item === "end") return;
      if (item instanceof Error) throw item;
      if (this.signal.aborted) return;
      yield item;
    }
  }
}
