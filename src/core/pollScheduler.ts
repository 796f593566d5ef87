import { isAbort } from "./abort";
import type { IDisposable as Disposable } from "./disposable";

export interface PollJob {
  readonly key: string;
  /** One poll. Resolves whether anything changed. */
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
  /** Start paused: no job runs before `start()` (the extension starts polling after activation). */
  readonly paused?: boolean;
}

interface Loop {
  readonly job: PollJob;
  readonly stop: AbortController;
  wake?: () => void;
}

/**
 * The extension's one polling scheduler. Each job runs as an awaited loop, so a job never
 * overlaps itself; waits grow while nothing changes and double on throttling; a poke runs a
 * job now; disposing a job aborts its request in flight.
 */
export class PollScheduler implements Disposable {
  private readonly loops = new Map<string, Loop>();
  private focused = true;
  /** Resolves when the scheduler runs (it starts paused when `paused` is given). */
  private running: Promise<void> = Promise.resolve();
  private resume: (() => void) | undefined;
  private readonly growth: number;
  private readonly unfocusedFactor: number;

  constructor(private readonly options: SchedulerOptions) {
    this.growth = options.growth ?? 1.5;
    this.unfocusedFactor = options.unfocusedFactor ?? 4;
    if (options.paused) this.pause();
  }

  /** Holds every job before its next poll until `start()`; a poll in flight finishes. */
  pause(): void {
    if (this.resume) return;
    this.running = new Promise((resolve) => (this.resume = resolve));
  }

  /** Lets the jobs run (again). */
  start(): void {
    const resume = this.resume;
    this.resume = undefined;
    resume?.();
  }

  get paused(): boolean {
    return this.resume !== undefined;
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

  setFocused(focused: boolean): void {
    const wasUnfocused = !this.focused;
    this.focused = focused;
    if (focused && wasUnfocused) for (const loop of this.loops.values()) loop.wake?.();
  }

  dispose(): void {
    for (const loop of this.loops.values()) loop.stop.abort();
    this.loops.clear();
  }

  private async runLoop(loop: Loop): Promise<void> {
    const { job, stop } = loop;
    let interval = job.intervalMs;
    let first = true;
    while (!stop.signal.aborted) {
      if (!(first && job.immediate)) {
        const woken = await this.wait(loop, this.focused ? interval : interval * this.unfocusedFactor);
        if (woken) interval = job.intervalMs;
      }
      first = false;
      await this.running;
      if (stop.signal.aborted) return;
      try {
        const changed = await job.run(stop.signal);
        interval = changed ? job.intervalMs : Math.min(job.maxIntervalMs, interval * this.growth);
      } catch (error) {
        if (stop.signal.aborted || isAbort(error)) return;
        if (this.options.isThrottling?.(error)) interval = Math.min(job.maxIntervalMs * 2, interval * 2);
        else {
          interval = Math.min(job.maxIntervalMs, interval * 2);
          this.options.onError(job.key, error);
        }
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
