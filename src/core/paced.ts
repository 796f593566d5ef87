import { budgetOf } from "./callBudget";
import { withJoinedSignal } from "./joinedSignal";

/**
 * Sends `request` — one of many a poll sends at once — when the call budget of `signal` (a
 * poll's) has room, holding its place until it settles, so requests sent together are paced one
 * by one. Called around a store's method, outside its limiter and single flight: a user's
 * request never waits behind one waiting here. `until` (the store's lifetime) ends the wait when
 * the data it is for is gone (a profile or region change). Without a budget (the user's work)
 * it sends at once.
 */
export async function paced<T>(
  signal: AbortSignal,
  request: () => Promise<T>,
  until?: AbortSignal,
): Promise<T> {
  const budget = budgetOf(signal);
  if (!budget) return request();
  const settled = await withJoinedSignal(until ? [signal, until] : [signal], (joined) => budget.take(joined));
  try {
    return await request();
  } finally {
    settled();
  }
}
