import { Disposable, toDisposable } from "./disposable";

/**
 * One pending run per key (a document's URI): scheduling a key again replaces its pending run,
 * so a burst of edits checks the document once, after the last.
 */
export class KeyedDebounce extends Disposable {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor() {
    super();
    this.register(toDisposable(() => this.timers.forEach((timer) => clearTimeout(timer))));
  }

  schedule(key: string, delayMs: number, run: () => void): void {
    this.cancel(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        run();
      }, delayMs),
    );
  }

  cancel(key: string): void {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }
}
