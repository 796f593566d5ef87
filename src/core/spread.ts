/**
 * `ms` spread at random over ±`by` of itself (by 0.2: 0.8–1.2 times). Clients that share a
 * quota (a team on one account) and wait fixed times would stay in step once they fell into it.
 */
export function spread(ms: number, by: number, random: () => number = Math.random): number {
  return ms * (1 - by + random() * 2 * by);
}
