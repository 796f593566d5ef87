import { abortError } from "./abort";

/**
 * The extension's ceiling of background calls: the pollers and log followers together send at
 * most about `perMinute` requests in any 60 s. Every attempt of a background request is
 * recorded (an SDK middleware does it); a poll or a follower's read waits for room before it
 * starts, and a poll that sends many requests at once paces each (`core/paced.ts`), so a request, once
 * sent, is never held — and the user's own actions never wait.
 */
export class CallBudget {
  /** When each call of the current window went out, oldest first. */
  private readonly recent: number[] = [];
  private readonly waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  /**
   * Requests let go by `take` and not settled yet: they take room before their attempts are
   * recorded (and count twice while in flight, once recorded: on the safe side).
   */
  private held = 0;
  private total = 0;
  private waits = 0;

  constructor(
    private perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  setCeiling(perMinute: number): void {
    this.perMinute = Math.max(1, Math.floor(perMinute));
    this.release();
  }

  /** Background calls so far, and how many times a poll or read had to wait for room. */
  get stats(): { readonly calls: number; readonly waits: number } {
    return { calls: this.total, waits: this.waits };
  }

  /** A background call went out. */
  record(): void {
    this.recent.push(this.now());
    this.total++;
  }

  /** Resolves at once while the last minute's calls are under the ceiling, else when they are; rejects on abort. */
  whenRoom(signal?: AbortSignal): Promise<void> {
    return this.admit(signal, false).then(() => undefined);
  }

  /**
   * As `whenRoom`, and the request let go holds a place from then until it calls the returned
   * function (when it has settled): requests sent together cannot all pass before any of them
   * is recorded.
   */
  take(signal?: AbortSignal): Promise<() => void> {
    return this.admit(signal, true).then(() => {
      let done = false;
      return () => {
        if (done) return;
        done = true;
        this.held--;
        this.release();
      };
    });
  }

  private admit(signal: AbortSignal | undefined, hold: boolean): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError());
    this.expire();
    if (this.room() > 0 && this.waiters.length === 0) {
      if (hold) this.held++;
      return Promise.resolve();
    }
    this.waits++;
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        hold,
        go: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(abortError());
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(waiter);
      this.schedule();
    });
  }

  dispose(): void {
    clearTimeout(this.timer);
  }

  private expire(): void {
    const cutoff = this.now() - 60_000;
    while (this.recent.length > 0 && this.recent[0]! <= cutoff) this.recent.shift();
  }

  private room(): number {
    return this.perMinute - this.recent.length - this.held;
  }

  /** Lets waiters go while there is room (each of them will record its own calls). */
  private release(): void {
    this.expire();
    let room = this.room();
    while (this.waiters.length > 0 && room-- > 0) {
      const waiter = this.waiters.shift()!;
      if (waiter.hold) this.held++;
      waiter.go();
    }
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

interface Waiter {
  /** A request that holds a place once let go (`take`). */
  readonly hold: boolean;
  readonly go: () => void;
}

// Which budget a request belongs to travels with its abort signal, which every request has.
// (Not an AsyncLocalStorage: on the extension host's Node 20 and 22 it turns on async hooks,
// which then run at every promise that any extension in the host creates.)
const budgets = new WeakMap<AbortSignal, CallBudget>();

/**
 * Marks `signal` — background work's own — as the signal of work recorded in `budget`: every
 * AWS request sent with it, or with a signal made from it (`withJoinedSignal`, `carryBudget`), is
 * recorded. The scheduler marks its jobs' signals, the log followers theirs.
 */
export function inBackground(budget: CallBudget, signal: AbortSignal): AbortSignal {
  budgets.set(signal, budget);
  return signal;
}

/** The budget a request sent with `signal` is recorded in, if it is background work's (the SDK middleware asks). */
export function budgetOf(signal: AbortSignal | undefined): CallBudget | undefined {
  return signal && budgets.get(signal);
}

/** `to`, a signal made for work that `from` asked for, is background work's when `from` is. */
export function carryBudget(from: AbortSignal | undefined, to: AbortSignal): void {
  const budget = budgetOf(from);
  if (budget) budgets.set(to, budget);
}
