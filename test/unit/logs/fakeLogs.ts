import type { LogEvent, LogPage, LogsApi } from "../../../src/logs/types";

/**
 * An in-memory log stream with CloudWatch's paging rules: pages of at most `limit` events, a
 * forward token that stays the same when nothing new has arrived, ResourceNotFound before the
 * stream exists. `failNext` makes the next calls throw (throttling and other errors).
 */
export class FakeLogStream implements LogsApi {
  readonly events: LogEvent[] = [];
  calls = 0;
  exists = true;
  private failures: Error[] = [];

  constructor(private readonly pageLimit = 10_000) {}

  write(...messages: string[]): void {
    for (const message of messages) this.events.push({ timestamp: Date.now(), message });
  }

  failNext(name: string, times: number): void {
    for (let i = 0; i < times; i++) {
      const e = new Error(name === "ThrottlingException" ? "Rate exceeded" : `${name} happened`);
      e.name = name;
      this.failures.push(e);
    }
  }

  getLogEvents(request: { nextToken?: string; limit?: number }, signal: AbortSignal): Promise<LogPage> {
    this.calls++;
    if (signal.aborted) return Promise.reject(Object.assign(new Error("aborted"), { name: "AbortError" }));
    const failure = this.failures.shift();
    if (failure) return Promise.reject(failure);
    if (!this.exists) {
      return Promise.reject(
        Object.assign(new Error("The specified log stream does not exist."), {
          name: "ResourceNotFoundException",
        }),
      );
    }
    const from = request.nextToken ? Number(request.nextToken.slice(2)) : 0;
    const page = this.events.slice(from, from + Math.min(this.pageLimit, request.limit ?? this.pageLimit));
    return Promise.resolve({
      events: page,
      nextForwardToken: `f/${String(from + page.length).padStart(10, "0")}`,
    });
  }
}
