/** How often CloudWatch's things are polled; the scheduler grows the wait while nothing changes. */
export const ALARM_POLL = {
  /** The alarm list while the tree is visible: CloudWatch evaluates alarms every minute. */
  visible: { intervalMs: 30_000, maxIntervalMs: 300_000 },
  /** Only what notifications need while the tree is hidden. */
  notifications: { intervalMs: 60_000, maxIntervalMs: 300_000 },
  /** An open alarm details panel: the alarm, its metric and its history. */
  panel: { intervalMs: 60_000, maxIntervalMs: 300_000 },
} as const;

/** The workspace's alarm names (from CodeDeploy) are asked for again after this long. */
export const WORKSPACE_ALARMS_TTL_MS = 5 * 60_000;
