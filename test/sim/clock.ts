// Simulated time: durations from scenarios are divided by the speed factor; timestamps are
// real wall time, so log events and phase times line up with what a client observes.

export class Clock {
  private readonly timers = new Set<NodeJS.Timeout>();
  private disposed = false;

  constructor(readonly speed = 1) {
    if (!(speed > 0) || !Number.isFinite(speed))
      throw new Error(`speed must be a positive number, got ${speed}`);
  }

  now(): number {
    return Date.now();
  }

  /** Wall milliseconds that a simulated duration of `simMs` takes. */
  toWall(simMs: number): number {
    return simMs / this.speed;
  }

  /** Run `fn` after a simulated delay; returns a cancel function. */
  after(simMs: number, fn: () => void): () => void {
    return this.afterWall(this.toWall(simMs), fn);
  }

  /** Run `fn` after a wall-clock delay; returns a cancel function. */
  afterWall(wallMs: number, fn: () => void): () => void {
    if (this.disposed) return () => undefined;
    const t = setTimeout(
      () => {
        this.timers.delete(t);
        fn();
      },
      Math.max(0, wallMs),
    );
    this.timers.add(t);
    return () => {
      clearTimeout(t);
      this.timers.delete(t);
    };
  }

  /** Cancel every pending timer; later calls to after() do nothing. */
  dispose(): void {
    this.disposed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
