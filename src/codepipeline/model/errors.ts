import type { ErrorAdvice } from "../../aws/errors";

/** CodePipeline's refusals, in words that say what to do. */
export const PIPELINE_ERROR_ADVICE: ErrorAdvice = {
  ApprovalAlreadyCompletedException: {
    kind: "invalidInput",
    // Also what a retry of your own answer hears when the connection dropped after AWS took it.
    message:
      "This approval has already been answered (by someone else, or by this answer if the connection dropped after AWS took it): the pipeline shows which.",
  },
  InvalidApprovalTokenException: {
    kind: "invalidInput",
    message:
      "This approval is no longer waiting (the execution moved on or was stopped); refresh the pipeline. Nothing was changed.",
  },
  StageNotRetryableException: {
    kind: "invalidInput",
    message:
      "This stage cannot be retried: only a stage whose latest run failed can be. Nothing was changed.",
  },
  NotLatestPipelineExecutionException: {
    kind: "invalidInput",
    message:
      "A newer execution has reached this stage: refresh the pipeline and retry the latest one. Nothing was changed.",
  },
  PipelineExecutionNotStoppableException: {
    kind: "invalidInput",
    message: "This execution cannot be stopped (it has finished or is already stopping).",
  },
};
