import { isAbort } from "./abort";
import type { IDisposable as Disposable } from "./disposable";

export interface PollJob {
  readonly key: string;
  /** One poll. Resolves whether anything changed; `signal` aborts when the job is disposed. */
  run(signal: AbortSignal): Promise<boolean>;
  /** Wait after a poll that found a change. */
  readonly intervalMs: number;
  /** Longest wait: the interval grows towards it while nothing changes. */
  readonly maxIntervalMs: number;
  /** Run the first poll at once instead of after one interval. */
  readonly immediate?: boolean;
}

export interface SchedulerOptions {
  readonly onError: (key: string, error: unknown) => void;
  /** Errors that mean "slow down" (throttling): the job backs off without reporting them. */
  readonly isThrottling?: (error: unknown) => boolean;
  /** While the window is not focused, waits are this many times longer. */
  readonly unfocusedFactor?: number;
  readonly growth?: number;
  /** Each poll waits for it first: not before activation, not while the window is idle, not over the call budget. */
  readonly pace?: (signal: AbortSignal) => Promise<void>;
  /** A uniform number in [0, 1): the jitter of back-offs. */
  readonly random?: () => number;
}

interface Loop {
  readonly job: PollJob;
  readonly stop: AbortController;
  wake?: () => void;
}

/** Failures in a row push a job's wait up to this many times its longest interval (at least a minute). */
const FAILURE_BACKOFF_FACTOR = 4;
const FAILURE_BACKOFF_MIN_CAP_MS = 60_000;

/**
 * The wait after `failures` failures in a row: exponential from the job's interval, capped at
 * several times its longest interval, with full jitter (a uniform draw up to the cap of this
 * step, never below the base interval) so many pollers do not retry in step.
 */
export function failureBackoffMs(
  job: Pick<PollJob, "intervalMs" | "maxIntervalMs">,
  failures: number,
  random: number,
): number {
  const cap = Math.max(job.maxIntervalMs * FAILURE_BACKOFF_FACTOR, FAILURE_BACKOFF_MIN_CAP_MS);
  const step = Math.min(cap, job.intervalMs * 2 ** Math.min(failures, 30));
  return job.intervalMs + random * Math.max(0, step - job.intervalMs);
}

/**
 * The extension's one polling scheduler. Each job runs as an awaited loop, so a job never
 * overlaps itself; waits grow while nothing changes; failures and throttling back off
 * exponentially with jitter; a poke runs a job now; each poll waits for the pace (activation,
 * an idle window, the call budget); disposing a job aborts its request.
 */
export class PollScheduler implements Disposable {
  private readonly loops = new Map<string, Loop>();
  private focused = true;
  private readonly growth: number;
  private readonly unfocusedFactor: number;
  private readonly random: () => number;

  constructor(private readonly options: SchedulerOptions) {
    this.growth = options.growth ?? 1.5;
    this.unfocusedFactor = options.unfocusedFactor ?? 4;
    this.random = options.random ?? Math.random;
  }

  add(job: PollJob): Disposable {
    this.loops.get(job.key)?.stop.abort();
    const loop: Loop = { job, stop: new AbortController() };
    this.loops.set(job.key, loop);
    void this.runLoop(loop);
    return {
      dispose: () => {
        loop.stop.abort();
        if (this.loops.get(job.key) === loop) this.loops.delete(job.key);
      },
    };
  }

  has(key: string): boolean {
    return this.loops.has(key);
  }

  /** Runs the job now (after the poll in flight, if any) and resets its interval. */
  poke(key: string): void {
    this.loops.get(key)?.wake?.();
  }

  /** Runs every job now (the window came back, or everything was reloaded). */
  pokeAll(): void {
    for (const loop of this.loops.values()) loop.wake?.();
  }

  setFocused(focused: boolean): void {
    const wasUnfocused = !this.focused;
    this.focused = focused;
    if (focused && wasUnfocused) this.pokeAll();
  }

  dispose(): void {
    for (const loop of this.loops.values()) loop.stop.abort();
    this.loops.clear();
  }

  private async runLoop(loop: Loop): Promise<void> {
    const { job, stop } = loop;
    let interval = job.intervalMs;
    let failures = 0;
    let first = true;
    while (!stop.signal.aborted) {
      if (!(first && job.immediate)) {
        const woken = await this.wait(loop, this.focused ? interval : interval * this.unfocusedFactor);
        if (woken) {
          interval = job.intervalMs;
          failures = 0;
        }
      }
      first = false;
      try {
        await this.options.pace?.(stop.signal);
      } catch {
        return; // stopped while held
      }
      if (stop.signal.aborted) return;
      try {
        const changed = await job.run(stop.signal);
        failures = 0;
        interval = changed ? job.intervalMs : Math.min(job.maxIntervalMs, interval * this.growth);
      } catch (error) {
        if (stop.signal.aborted) return;
        // Cancelled under it (a store reset on a connection change aborted its load): not a
        // failure, and the job goes on at its base interval.
        if (isAbort(error)) {
          interval = job.intervalMs;
          continue;
        }
        failures++;
        interval = failureBackoffMs(job, failures, this.random());
        // Throttling is the service asking us to slow down: not a problem to report.
        if (!this.options.isThrottling?.(error)) this.options.onError(job.key, error);
      }
    }
  }

  /** Resolves true when poked, false when the wait ran out or the loop stopped. */
  private wait(loop: Loop, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const done = (woken: boolean) => {
        clearTimeout(timer);
        loop.stop.signal.removeEventListener("abort", onAbort);
        loop.wake = undefined;
        resolve(woken);
      };
      const onAbort = () => done(false);
      const timer = setTimeout(() => done(false), ms);
      loop.wake = () => done(true);
      loop.stop.signal.addEventListener("abort", onAbort, { once: true });
    });
  }
}
