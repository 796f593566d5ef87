/** How often CodePipeline's things are polled; the scheduler grows the wait while nothing changes. */
export const PIPELINE_POLL = {
  /** An expanded pipeline's state (one GetPipelineState): every 5 s while it moves, up to 60 s when idle. */
  pipelineState: { intervalMs: 5_000, maxIntervalMs: 60_000 },
  /** The listed pipelines that move, folded: their rows' status (one GetPipelineState each). */
  activePipelines: { intervalMs: 10_000, maxIntervalMs: 60_000 },
  pipelineExecutions: { intervalMs: 15_000, maxIntervalMs: 300_000 },
  /** The execution carrying HEAD: often while it moves, rarely when nothing does, at once after a git event. */
  headPipelines: { intervalMs: 10_000, maxIntervalMs: 600_000 },
} as const;
