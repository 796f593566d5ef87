import { AsyncLocalStorage } from "node:async_hooks";
import { abortError } from "./abort";

/**
 * The extension's ceiling of background calls: at most `perMinute` requests in any 60 s that
 * the pollers and log followers make (user actions are never held). A call over the ceiling
 * waits until the oldest call of the window is a minute old.
 */
export class CallBudget {
  /** Start times of the calls in the current window, oldest first. */
  private readonly recent: number[] = [];
  private readonly waiters: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private total = 0;
  private held = 0;

  constructor(
    private perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  setCeiling(perMinute: number): void {
    this.perMinute = Math.max(1, Math.floor(perMinute));
    this.release();
  }

  /** Calls taken so far, and how many had to wait for the window. */
  get stats(): { readonly calls: number; readonly held: number } {
    return { calls: this.total, held: this.held };
  }

  /** Resolves when a call may go out (at once while under the ceiling); rejects on abort. */
  take(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError());
    this.expire();
    if (this.recent.length < this.perMinute && this.waiters.length === 0) {
      this.record();
      return Promise.resolve();
    }
    this.held++;
    return new Promise<void>((resolve, reject) => {
      const go = () => {
        signal?.removeEventListener("abort", onAbort);
        this.record();
        resolve();
      };
      const onAbort = () => {
        const i = this.waiters.indexOf(go);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(abortError());
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(go);
      this.schedule();
    });
  }

  dispose(): void {
    clearTimeout(this.timer);
  }

  private record(): void {
    this.recent.push(this.now());
    this.total++;
  }

  private expire(): void {
    const cutoff = this.now() - 60_000;
    while (this.recent.length > 0 && this.recent[0]! <= cutoff) this.recent.shift();
  }

  private release(): void {
    this.expire();
    while (this.waiters.length > 0 && this.recent.length < this.perMinute) this.waiters.shift()!();
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || this.waiters.length === 0) return;
    const oldest = this.recent[0] ?? this.now();
    const wait = Math.max(0, oldest + 60_000 - this.now()) + 1;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.release();
    }, wait);
  }
}

const background = new AsyncLocalStorage<CallBudget>();

/**
 * Runs `work` as background work: every AWS request it makes (directly or in what it awaits)
 * takes a place in `budget` first. The scheduler runs its jobs this way, the log followers
 * their loops.
 */
export function inBackground<T>(budget: CallBudget, work: () => Promise<T>): Promise<T> {
  return background.run(budget, work);
}

/** The budget of the background work this code runs in, if any (the SDK middleware asks). */
export function currentBudget(): CallBudget | undefined {
  return background.getStore();
}
