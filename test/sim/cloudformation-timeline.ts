// Time for stack operations: live (the simulator's clock, durations divided by its speed) or
// virtual (a scenario's past operations, run at once with their timestamps laid out in the past).
import type { Clock } from "./clock";

export interface Timeline {
  /** Now, in epoch ms (the time events are stamped with). */
  now(): number;
  /** Runs `fn` after `ms` simulated milliseconds; returns a cancel function. */
  after(ms: number, fn: () => void): () => void;
}

export function liveTimeline(clock: Clock): Timeline {
  return { now: () => clock.now(), after: (ms, fn) => clock.after(ms, fn) };
}

/** A timeline that runs everything scheduled on it at once, its clock jumping from event to event. */
export class VirtualTimeline implements Timeline {
  private queue: { at: number; seq: number; fn: () => void }[] = [];
  private seq = 0;

  constructor(private t: number) {}

  now(): number {
    return this.t;
  }

  after(ms: number, fn: () => void): () => void {
    const entry = { at: this.t + Math.max(0, ms), seq: this.seq++, fn };
    this.queue.push(entry);
    return () => {
      this.queue = this.queue.filter((e) => e !== entry);
    };
  }

  /** Moves the clock forward to `t` (never back). */
  advanceTo(t: number): void {
    this.t = Math.max(this.t, t);
  }

  /** Runs every scheduled function, in time order; returns the time it ended at. */
  run(): number {
    for (let guard = 0; this.queue.length > 0 && guard < 1_000_000; guard++) {
      this.queue.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.queue.shift()!;
      this.t = next.at;
      next.fn();
    }
    return this.t;
  }
}

export interface Step {
  readonly id: string;
  readonly deps: readonly string[];
  /** Starts the step; it calls `done` once (with a failure reason if it failed). Returns how to
   *  stop it if the operation stops while it runs. */
  start(done: (failure?: string) => void): () => void;
}

export interface DagRun {
  /** Stops starting steps and cancels those running; `done` follows. */
  stop(): void;
}

/**
 * Runs steps in dependency order, as many at once as their dependencies allow. On the first
 * failure (or `stop()`), no step starts any more and the running ones are cancelled; `done`
 * gets the failed steps' ids once everything has settled.
 */
export function runDag(steps: readonly Step[], done: (failed: string[], stopped: boolean) => void): DagRun {
  const ids = new Set(steps.map((s) => s.id));
  const pending = new Map(steps.map((s) => [s.id, s]));
  const finished = new Set<string>();
  const running = new Map<string, () => void>();
  const failed: string[] = [];
  let stopped = false;
  let ended = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    for (const [id, cancel] of [...running]) {
      running.delete(id);
      cancel();
    }
  };
  const pump = () => {
    if (!stopped) {
      for (const [id, step] of [...pending]) {
        if (!step.deps.every((d) => !ids.has(d) || finished.has(d) || d === id)) continue;
        pending.delete(id);
        let settled = false;
        const cancel = step.start((failure) => {
          if (settled) return;
          settled = true;
          running.delete(id);
          if (failure !== undefined) {
            failed.push(id);
            stop();
          } else finished.add(id);
          pump();
        });
        if (!settled) running.set(id, cancel);
        if (stopped) break;
      }
    }
    // Nothing runs and nothing more can start: every step has settled (or the rest cannot start).
    if (!ended && running.size === 0) {
      ended = true;
      done(failed, stopped);
    }
  };
  pump();
  return {
    stop: () => {
      stop();
      pump();
    },
  };
}
