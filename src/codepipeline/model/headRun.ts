import { pipelineStatusLook } from "./status";
import type { PipelineExecution, PipelineState } from "./types";

/** The pipeline execution that carries the workspace's HEAD commit. */
export interface HeadExecution {
  readonly pipeline: string;
  readonly execution: PipelineExecution;
  readonly state?: PipelineState;
  /** The stage it is at, while it runs. */
  readonly stage?: string;
  readonly waitingApproval: boolean;
}

export interface HeadRunLook {
  readonly text: string;
  readonly tooltip: string;
  readonly failed: boolean;
}

/** The one function mapping the HEAD commit's execution to the status bar's text and tooltip. */
export function headRunStatusBarLook(head: HeadExecution): HeadRunLook {
  const { pipeline, execution } = head;
  const status = execution.status;
  const look = pipelineStatusLook(status);
  const icon = status === "Succeeded" ? "$(check)" : status === "Failed" ? "$(x)" : "$(circle-slash)";
  const text = head.waitingApproval
    ? `$(person) ${pipeline} · waiting for approval`
    : status === "InProgress"
      ? `$(sync~spin) ${pipeline}${head.stage ? ` · ${head.stage}` : ""}`
      : `${icon} ${pipeline}${status === "Succeeded" ? "" : ` ${look.word}`}`;
  const word = head.waitingApproval ? "waiting for approval" : look.word;
  return {
    text,
    tooltip: `${pipeline}: execution ${execution.id.slice(0, 8)} of your HEAD commit is ${word}. Click for the pipeline graph.`,
    failed: status === "Failed",
  };
}

export type HeadRunEvent = "approval" | "Succeeded" | "Failed";

/**
 * What to tell the user about the HEAD commit's execution, at most once per execution and
 * event: that it waits for an approval, or how it ended — the end only for an execution seen
 * running (not one that ended before the editor looked).
 */
export class HeadRunNotices {
  private readonly seenRunning = new Set<string>();
  private readonly told = new Set<string>();

  /** The event to notify now, if any (recording it as told). */
  next(head: HeadExecution): HeadRunEvent | undefined {
    const { execution } = head;
    if (execution.status === "InProgress") this.seenRunning.add(execution.id);
    const event = head.waitingApproval
      ? "approval"
      : execution.status === "Succeeded" || execution.status === "Failed"
        ? execution.status
        : undefined;
    if (!event) return undefined;
    if (event !== "approval" && !this.seenRunning.has(execution.id)) return undefined;
    const key = `${execution.id}:${event}`;
    if (this.told.has(key)) return undefined;
    this.told.add(key);
    return event;
  }
}
