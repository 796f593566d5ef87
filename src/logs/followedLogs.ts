import { inBackground, type CallBudget } from "../core/callBudget";
import { Disposable, type IDisposable } from "../core/disposable";
import { Emitter } from "../core/events";

/** Where followed lines go: an output channel in the extension, a recorder in tests and benchmarks. */
export interface LineSink extends IDisposable {
  append(text: string): void;
  show(): void;
  /** Whether the lines are on screen now (undefined: treat them as always watched). */
  readonly isVisible?: () => boolean;
  /** Resolves when they come on screen. */
  readonly whenVisible?: (signal: AbortSignal) => Promise<void>;
}

/** A follower's `watched`/`whenWatched` options for lines going to `sink`. */
export function watchedThrough(sink: LineSink): {
  watched?: () => boolean;
  whenWatched?: (signal: AbortSignal) => Promise<void>;
} {
  return sink.isVisible ? { watched: sink.isVisible, whenWatched: sink.whenVisible } : {};
}

export type FollowEnd = "completed" | "stopped" | "failed";

/** What a follower is given: its sink and a signal that aborts when it must stop. */
export interface Follow {
  readonly key: string;
  readonly sink: LineSink;
  readonly signal: AbortSignal;
}

interface Entry {
  readonly key: string;
  readonly sink: LineSink;
  readonly stop: AbortController;
  /** Undefined while it follows. */
  end?: FollowEnd;
}

/** At most this many channels stay open; the oldest finished ones close first. */
const MAX_CHANNELS = 8;

/**
 * The registry of followed logs: one sink (output channel) per followed stream, keyed by what
 * it follows (`build:<id>`, `tail:<groups>`). Views ask it whether something is followed;
 * followers run under it and end completed, stopped or failed. Showing a log whose follower
 * stopped or failed starts a new one in a fresh channel.
 */
export class FollowedLogs extends Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly onDidChangeEmitter = this.register(new Emitter<string>());
  /** A log started or stopped being followed (its key). */
  readonly onDidChange = this.onDidChangeEmitter.event;

  constructor(
    private readonly createSink: (name: string) => LineSink,
    /** Followers read in the background: their requests take places in this budget. */
    private readonly budget?: CallBudget,
  ) {
    super();
  }

  isFollowing(key: string): boolean {
    const entry = this.entries.get(key);
    return !!entry && entry.end === undefined;
  }

  /** The keys being followed, optionally only those starting with `prefix`. */
  followingKeys(prefix = ""): string[] {
    return this.following(prefix).map((e) => e.key);
  }

  /** The keys being followed whose lines are on screen now (a sink that cannot tell counts as on screen). */
  onScreenKeys(prefix = ""): string[] {
    return this.following(prefix)
      .filter((e) => e.sink.isVisible?.() ?? true)
      .map((e) => e.key);
  }

  private following(prefix: string): Entry[] {
    return [...this.entries.values()].filter((e) => e.end === undefined && e.key.startsWith(prefix));
  }

  /** How the follower of `key` ended, if it has. */
  endOf(key: string): FollowEnd | undefined {
    return this.entries.get(key)?.end;
  }

  /**
   * Follows `key` with `run` in a channel named `name`, unless it is followed already or was
   * read to its end; returns whether a new follower started. `run` resolves how it ended.
   */
  follow(key: string, name: string, run: (follow: Follow) => Promise<FollowEnd>, reveal = true): boolean {
    const existing = this.entries.get(key);
    if (existing && (existing.end === undefined || existing.end === "completed")) {
      if (reveal) existing.sink.show();
      return false;
    }
    if (existing) this.close(existing);
    const entry: Entry = { key, sink: this.createSink(name), stop: new AbortController() };
    this.entries.set(key, entry);
    this.trim();
    if (reveal) entry.sink.show();
    this.onDidChangeEmitter.fire(key);
    void this.run(entry, run);
    return true;
  }

  private async run(entry: Entry, run: (follow: Follow) => Promise<FollowEnd>): Promise<void> {
    let end: FollowEnd;
    try {
      const signal = this.budget ? inBackground(this.budget, entry.stop.signal) : entry.stop.signal;
      end = await run({ key: entry.key, sink: entry.sink, signal });
    } catch (error) {
      end = "failed";
      entry.sink.append(
        `──── Following stopped: ${error instanceof Error ? error.message : String(error)} ────\n`,
      );
    }
    entry.end = entry.stop.signal.aborted && end !== "completed" ? "stopped" : end;
    if (this.entries.get(entry.key) === entry) this.onDidChangeEmitter.fire(entry.key);
  }

  /** Stops following `key` (its channel stays, and says so). */
  stop(key: string): void {
    const entry = this.entries.get(key);
    if (entry && entry.end === undefined) entry.stop.abort();
  }

  /** Stops every follower, writing `reason` in each channel (the connection changed). */
  stopAll(reason: string): void {
    for (const entry of this.entries.values()) {
      if (entry.end !== undefined) continue;
      entry.sink.append(`──── ${reason} ────\n`);
      entry.stop.abort();
    }
  }

  /** Closes a finished log's channel so the next Show Log reads it afresh. */
  forget(key: string): void {
    const entry = this.entries.get(key);
    if (entry && entry.end !== undefined) this.close(entry);
  }

  private close(entry: Entry): void {
    entry.stop.abort();
    entry.sink.dispose();
    if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
  }

  /** Keeps at most MAX_CHANNELS channels: closes the oldest finished ones. */
  private trim(): void {
    for (const entry of [...this.entries.values()]) {
      if (this.entries.size <= MAX_CHANNELS) break;
      if (entry.end !== undefined) this.close(entry);
    }
  }

  override dispose(): void {
    for (const entry of [...this.entries.values()]) this.close(entry);
    super.dispose();
  }
}
