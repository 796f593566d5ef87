import { pipelineStatusLook } from "./status";
import type { PipelineExecution, PipelineState } from "./types";

/** The pipeline execution that carries the workspace's HEAD commit. */
export interface HeadExecution {
  readonly pipeline: string;
  readonly execution: PipelineExecution;
  readonly state?: PipelineState;
  /** The stage it is at, while it runs. */
  readonly stage?: string;
  /** The stage it waits to enter, while it runs and no stage of it does (another execution is there). */
  readonly queuedFor?: string;
  readonly waitingApproval: boolean;
}

/**
 * Where a running execution is in the pipeline's state: the stage it runs in, or the stage it
 * waits to enter (the one after its last, while an earlier execution holds it). Nothing when
 * the state shows it in no stage: not another execution's stage.
 */
export function executionPlace(
  state: PipelineState | undefined,
  executionId: string,
): { readonly stage?: string; readonly queuedFor?: string } {
  const stages = state?.stages ?? [];
  const running = stages.find(
    (s) => s.latestExecution?.executionId === executionId && s.latestExecution.status === "InProgress",
  );
  if (running) return { stage: running.name };
  const last = stages.map((s) => s.latestExecution?.executionId).lastIndexOf(executionId);
  const next = last >= 0 ? stages[last + 1] : undefined;
  return next ? { queuedFor: next.name } : {};
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
      ? `$(sync~spin) ${pipeline}${head.stage ? ` · ${head.stage}` : head.queuedFor ? ` · queued for ${head.queuedFor}` : ""}`
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
