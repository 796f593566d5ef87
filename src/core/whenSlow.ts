/**
 * Calls `show` once `work` has run for `afterMs` without settling; never when it settles sooner.
 * For progress notifications: a step that ends within a moment shows none (a flash says nothing,
 * and VS Code toasts at most three notifications in 800 ms, so quick steps would cost the
 * step's error its toast).
 */
export function whenSlow(work: Promise<unknown>, afterMs: number, show: () => void): void {
  const timer = setTimeout(show, afterMs);
  const stop = () => clearTimeout(timer);
  work.then(stop, stop);
}
