/** Events per second over the last few seconds (a tail's status bar item shows it). */
export class RateMeter {
  private readonly buckets: number[];
  private latest = 0;

  constructor(
    private readonly windowSeconds = 10,
    private readonly now: () => number = Date.now,
  ) {
    this.buckets = new Array<number>(windowSeconds).fill(0);
    this.latest = Math.floor(now() / 1000);
  }

  add(count: number): void {
    this.advance();
    this.buckets[this.latest % this.windowSeconds]! += count;
  }

  /** The mean rate over the window. */
  perSecond(): number {
    this.advance();
    return this.buckets.reduce((a, b) => a + b, 0) / this.windowSeconds;
  }

  private advance(): void {
    const second = Math.floor(this.now() / 1000);
    const steps = Math.min(this.windowSeconds, second - this.latest);
    for (let i = 1; i <= steps; i++) this.buckets[(this.latest + i) % this.windowSeconds] = 0;
    if (second > this.latest) this.latest = second;
  }
}
