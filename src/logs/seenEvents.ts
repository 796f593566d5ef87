/**
 * Keys of the events a tail delivered recently, so that an event read again — the same page
 * twice, the overlap of two polls, the events Live Tail gave before polling took over — is
 * dropped. A multiset: two identical lines are two events. Keys older than the horizon are
 * forgotten, so memory stays bounded by the traffic of the overlap window.
 */
export class SeenEvents {
  /** Occurrences recorded (still in the window) and occurrences taken, per key. */
  private readonly added = new Map<string, number>();
  private readonly taken = new Map<string, number>();
  private readonly queue: { readonly key: string; readonly timestamp: number }[] = [];
  private head = 0;

  get size(): number {
    return this.queue.length - this.head;
  }

  has(key: string): boolean {
    return (this.added.get(key) ?? 0) > (this.taken.get(key) ?? 0);
  }

  add(key: string, timestamp: number): void {
    this.added.set(key, (this.added.get(key) ?? 0) + 1);
    this.queue.push({ key, timestamp });
  }

  /** Consumes one occurrence of `key`; whether there was one. */
  take(key: string): boolean {
    if (!this.has(key)) return false;
    this.taken.set(key, (this.taken.get(key) ?? 0) + 1);
    return true;
  }

  /** Forgets the keys recorded for events older than `timestamp` (in the order they were added). */
  forgetBefore(timestamp: number): void {
    while (this.head < this.queue.length && this.queue[this.head]!.timestamp < timestamp) {
      const key = this.queue[this.head]!.key;
      this.head++;
      // take() consumes the oldest occurrences first: a forgotten one was taken if any were.
      const added = (this.added.get(key) ?? 1) - 1;
      const taken = Math.min(Math.max(0, (this.taken.get(key) ?? 0) - 1), added);
      if (added === 0) this.added.delete(key);
      else this.added.set(key, added);
      if (taken === 0) this.taken.delete(key);
      else this.taken.set(key, taken);
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }
}

/** What identifies an event without an id (Live Tail's): where, when and what. */
export function contentKey(e: {
  readonly group: string;
  readonly stream: string;
  readonly timestamp: number;
  readonly message: string;
}): string {
  return `${e.group}\u0000${e.stream}\u0000${e.timestamp}\u0000${e.message}`;
}
