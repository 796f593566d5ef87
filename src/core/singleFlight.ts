import { abortError, lifetimeController } from "./abort";
import { carryBudget } from "./callBudget";
import { withJoinedSignal } from "./joinedSignal";
import type { IDisposable } from "./disposable";

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
 *
 * A store's requests live as long as its connection: `reset()` (the connection changed) aborts
 * every request in flight and forgets them, so a call after it starts a new request instead of
 * joining one that is being aborted; `dispose()` aborts them for good.
 */
export class SingleFlight implements IDisposable {
  private inFlight = new Map<string, Flight>();
  private lifetime = lifetimeController();

  /** Aborted by the next `reset()` or `dispose()`: for a store's requests outside a flight. */
  get signal(): AbortSignal {
    return this.lifetime.signal;
  }

  /**
   * Runs `fn`, or joins the run already in flight under `key`. `fn`'s signal aborts when every
   * caller has gone, or on `reset()` or `dispose()`.
   */
  run<T>(key: string, fn: (signal: AbortSignal) => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) return Promise.reject(abortError());
    const inFlight = this.inFlight;
    let flight = inFlight.get(key);
    if (!flight) {
      const controller = new AbortController();
      // The request is the first caller's: background work's when that caller's is.
      carryBudget(signal, controller.signal);
      const promise = withJoinedSignal([this.lifetime.signal, controller.signal], fn).finally(() => {
        if (inFlight.get(key) === flight) inFlight.delete(key);
      });
      flight = { promise, controller, waiting: 0 };
      inFlight.set(key, flight);
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

  /** Aborts every request in flight; calls from now on start new ones. */
  reset(): void {
    this.lifetime.abort();
    this.lifetime = lifetimeController();
    this.inFlight = new Map();
  }

  dispose(): void {
    this.lifetime.abort();
    this.inFlight = new Map();
  }
}
