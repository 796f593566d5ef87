import { abortError } from "./abort";
import { carryBudget } from "./callBudget";

interface Flight {
  readonly promise: Promise<unknown>;
  readonly controller: AbortController;
  /** Callers still waiting for it; a caller without a signal waits for good. */
  waiting: number;
}

/**
 * Joins concurrent calls with the same key onto one request: the same request never runs twice
 * at once. Each caller may bring its own signal: aborting it lets that caller go at once, and
 * the shared request is aborted only when every caller has gone.
 */
export class SingleFlight {
  private readonly inFlight = new Map<string, Flight>();

  run<T>(key: string, fn: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(abortError());
    let flight = this.inFlight.get(key);
    if (!flight) {
      const controller = new AbortController();
      // The request is the first caller's: background work's when that caller's is.
      carryBudget(signal, controller.signal);
      const promise = fn(controller.signal).finally(() => {
        if (this.inFlight.get(key) === flight) this.inFlight.delete(key);
      });
      flight = { promise, controller, waiting: 0 };
      this.inFlight.set(key, flight);
    }
    const joined = flight;
    joined.waiting++;
    const result = joined.promise as Promise<T>;
    if (!signal) return result;
    return new Promise<T>((resolve, reject) => {
      const leave = () => {
        if (--joined.waiting === 0) joined.controller.abort();
        reject(abortError());
      };
      signal.addEventListener("abort", leave, { once: true });
      result.then(
        (value) => {
          signal.removeEventListener("abort", leave);
          resolve(value);
        },
        (error: unknown) => {
          signal.removeEventListener("abort", leave);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  }
}
