/**
 * How often CodeDeploy's things are polled; the scheduler grows the wait while nothing changes.
 * A running deployment someone watches (expanded, on the status bar, started by the user) costs
 * one BatchGetDeployments (up to 25 ids) every 4 s, plus its targets (ListDeploymentTargets and
 * BatchGetDeploymentTargets of up to 25) while they are expanded.
 */
export const DEPLOY_POLL = {
  /** Running deployments that are watched: one BatchGetDeployments for all of them. */
  running: { intervalMs: 4_000, maxIntervalMs: 15_000 },
  /** An expanded deployment's targets and lifecycle events, while it runs. */
  targets: { intervalMs: 4_000, maxIntervalMs: 30_000 },
  /** An expanded group's deployment list (new deployments by others, rollbacks). */
  groupDeployments: { intervalMs: 15_000, maxIntervalMs: 300_000 },
  /** An expanded application's groups (their last deployment's status). */
  applicationGroups: { intervalMs: 30_000, maxIntervalMs: 600_000 },
} as const;
