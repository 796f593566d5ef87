import { carryBudget } from "./callBudget";

/**
 * For each signal that joined signals follow: the joins whose work is still running. One
 * listener per such signal aborts them; a join leaves its set when its work settles.
 */
const followers = new WeakMap<AbortSignal, Set<AbortController>>();

function followersOf(signal: AbortSignal): Set<AbortController> {
  const known = followers.get(signal);
  if (known) return known;
  const joins = new Set<AbortController>();
  followers.set(signal, joins);
  signal.addEventListener(
    "abort",
    () => {
      for (const join of joins) join.abort(signal.reason);
      joins.clear();
    },
    { once: true },
  );
  return joins;
}

/**
 * Runs `work` with a signal that aborts when one of `signals` does (background work's when one
 * of them is, see `carryBudget`), for as long as `work` runs: once it has settled the signal
 * aborts, so what it started and left running (the other requests of a `Promise.all` that
 * failed) ends with it, and `signals` keep nothing of it.
 *
 * Not `AbortSignal.any`: on Node 20 (VS Code 1.100's extension host) a signal keeps a record of
 * every signal `AbortSignal.any` made from it until it aborts itself, about 70 bytes each, so
 * joining a long-lived signal (a store's connection lifetime, a log follower's) once per
 * request grew the heap for as long as the window stayed open.
 */
export async function withJoinedSignal<T>(
  signals: readonly AbortSignal[],
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const joined = new AbortController();
  for (const signal of signals) carryBudget(signal, joined.signal);
  const aborted = signals.find((signal) => signal.aborted);
  if (aborted) {
    joined.abort(aborted.reason);
  } else {
    for (const signal of signals) followersOf(signal).add(joined);
  }
  try {
    return await work(joined.signal);
  } finally {
    for (const signal of signals) followers.get(signal)?.delete(joined);
    joined.abort();
  }
}
