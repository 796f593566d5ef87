// Simulated time in this process: setTimeout, setInterval and Date are mocked (node:test's mock
// timers), so the extension's pollers and the simulator's clock move together while requests are
// real HTTP. `advance` moves time in steps and lets real I/O run between them.
import { performance } from "node:perf_hooks";
import { mock } from "node:test";

/** Real time passing (the mocked timers do not move): lets sockets answer. */
export async function realPause(ms: number): Promise<void> {
  const end = performance.now() + ms;
  do await new Promise((r) => setImmediate(r));
  while (performance.now() < end);
}

export class SimulatedTime {
  private elapsed = 0;

  constructor() {
    mock.timers.enable({ apis: ["setTimeout", "setInterval", "Date"], now: Date.now() });
  }

  /** Simulated milliseconds since the start. */
  get ms(): number {
    return this.elapsed;
  }

  /** Moves `ms` of simulated time in `stepMs` steps, with `pauseMs` of real time after each. */
  async advance(ms: number, stepMs = 100, pauseMs = 4, onStep?: (elapsedMs: number) => void): Promise<void> {
    for (let t = 0; t < ms; t += stepMs) {
      mock.timers.tick(stepMs);
      this.elapsed += stepMs;
      await realPause(pauseMs);
      onStep?.(this.elapsed);
    }
  }

  dispose(): void {
    mock.timers.reset();
  }
}
