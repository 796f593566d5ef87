/**
 * How often each thing is polled; the scheduler grows the wait while nothing changes.
 * Budget for one followed build: the log follower's GetLogEvents (one per 1.3 s while lines
 * arrive) plus a BatchGetBuilds every 20 s while the log is on screen (it tells the phases and
 * when the build ends) — about 50 calls a minute. While nobody looks at the log it is read seldom
 * and the build is polled with the other running builds (one BatchGetBuilds for all of them).
 */
export const POLL = {
  running: { intervalMs: 6_000, maxIntervalMs: 15_000 },
  /** The status of a followed build whose log is on screen (it tells the phases; see followBuild.ts). */
  followedStatusMs: 20_000,
  projectBuilds: { intervalMs: 20_000, maxIntervalMs: 300_000 },
  /** The account's newest builds, for the current branch: every 15 s for two minutes after a
   *  git event (checkout, commit, push) and at start, then not at all while nothing changes. */
  branch: { intervalMs: 15_000, maxIntervalMs: 15_000 },
  branchBurstMs: 120_000,
} as const;
