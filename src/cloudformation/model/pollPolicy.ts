/**
 * How often CloudFormation's things are polled; the scheduler grows the wait while nothing
 * changes. A followed operation reads its events every 2 s while they come, 5 s while none do
 * (followOperation.ts): about 12–30 calls a minute, the stack's status coming from its own events.
 */
export const CFN_POLL = {
  /** An expanded stack's details (DescribeStacks): every 5 s while it runs, up to 2 min when idle. */
  stack: { intervalMs: 5_000, maxIntervalMs: 120_000 },
  resources: { intervalMs: 5_000, maxIntervalMs: 300_000 },
  events: { intervalMs: 5_000, maxIntervalMs: 300_000 },
  changeSets: { intervalMs: 15_000, maxIntervalMs: 300_000 },
  /** A change set being created, while its panel shows it. */
  changeSet: { intervalMs: 1_000, maxIntervalMs: 10_000 },
  /** The listed stacks in an operation, while the tree is visible. */
  active: { intervalMs: 5_000, maxIntervalMs: 30_000 },
} as const;
