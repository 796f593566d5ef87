import type { StatusLook } from "../../core/statusLook";
import type { PipelineExecution, PipelineState, StageState } from "./types";

const LOOKS: Record<string, StatusLook> = {
  InProgress: { icon: "sync~spin", word: "in progress" },
  Succeeded: { icon: "pass", color: "testing.iconPassed", word: "succeeded" },
  Failed: { icon: "error", color: "testing.iconFailed", word: "failed" },
  Stopped: { icon: "circle-slash", color: "disabledForeground", word: "stopped" },
  Stopping: { icon: "loading~spin", word: "stopping" },
  Superseded: { icon: "debug-step-over", color: "disabledForeground", word: "superseded" },
  Cancelled: { icon: "circle-slash", color: "disabledForeground", word: "cancelled" },
  Abandoned: { icon: "circle-slash", color: "disabledForeground", word: "abandoned" },
  Skipped: { icon: "debug-step-over", color: "disabledForeground", word: "skipped" },
};

/** A manual approval waiting for an answer (and what holds its stage and pipeline). */
export const WAITING_LOOK: StatusLook = {
  icon: "person",
  color: "charts.yellow",
  word: "waiting for approval",
};

export function pipelineStatusLook(status: string | undefined): StatusLook {
  return (
    (status && LOOKS[status]) || { icon: "circle-outline", word: status ? status.toLowerCase() : "not run" }
  );
}

/** A manual approval waiting for an answer. */
export interface WaitingApproval {
  readonly stage: string;
  readonly action: string;
  readonly token: string;
}

export function waitingApprovals(state: PipelineState | undefined): WaitingApproval[] {
  const out: WaitingApproval[] = [];
  for (const stage of state?.stages ?? []) {
    for (const action of stage.actions) {
      const run = action.latest;
      if (run?.status === "InProgress" && run.token)
        out.push({ stage: stage.name, action: action.name, token: run.token });
    }
  }
  return out;
}

/** The stage the latest execution has reached: the last stage that ran in it. */
export function currentStage(state: PipelineState | undefined): StageState | undefined {
  const stages = state?.stages ?? [];
  const active = stages.find((s) => s.latestExecution?.status === "InProgress");
  if (active) return active;
  const latestId = latestExecutionId(state);
  return [...stages].reverse().find((s) => s.latestExecution?.executionId === latestId);
}

/** The execution id of the newest stage run (the pipeline's latest execution as the state shows it). */
export function latestExecutionId(state: PipelineState | undefined): string | undefined {
  // Every execution enters the first stage first: its latest run is the newest execution.
  return state?.stages.find((s) => s.latestExecution)?.latestExecution?.executionId;
}

/** The overall status the pipeline row shows: failed or waiting stages win, then in progress. */
export function pipelineStatus(state: PipelineState | undefined): string | undefined {
  if (!state) return undefined;
  const id = latestExecutionId(state);
  const runs = state.stages
    .filter((s) => s.latestExecution?.executionId === id)
    .map((s) => s.latestExecution!.status);
  if (runs.includes("InProgress")) return "InProgress";
  if (runs.includes("Failed")) return "Failed";
  if (runs.includes("Stopped")) return "Stopped";
  return runs.at(-1);
}

/** The commit an execution built, short, with its message's first line. */
export function executionRevision(execution: PipelineExecution): string | undefined {
  const rev = execution.sourceRevisions.find((r) => r.revisionId);
  if (!rev?.revisionId) return undefined;
  const id = /^[0-9a-f]{40}$/i.test(rev.revisionId) ? rev.revisionId.slice(0, 7) : rev.revisionId;
  const message = rev.revisionSummary ? revisionMessage(rev.revisionSummary) : undefined;
  return message ? `${id} ${message}` : id;
}

/** revisionSummary is a commit message, or JSON ({"ProviderType":"GitHub","CommitMessage":…}) for connections. */
function revisionMessage(summary: string): string {
  try {
    const parsed = JSON.parse(summary) as { CommitMessage?: string };
    if (parsed.CommitMessage) return parsed.CommitMessage.split("\n")[0] ?? "";
  } catch {
    // A plain message.
  }
  return summary.split("\n")[0] ?? "";
}

/**
 * The CodeBuild builds a pipeline's actions last ran, by stage and action: an action's external
 * execution id is a build id (`project:uuid`) for a CodeBuild action, and something else for
 * others (a source action's is its commit).
 */
export function buildActions(state: PipelineState): { stage: string; action: string; buildId: string }[] {
  return state.stages.flatMap((s) =>
    s.actions.flatMap((a) => {
      const id = a.latest?.externalExecutionId;
      return id && /^[\w-]{2,255}:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)
        ? [{ stage: s.name, action: a.name, buildId: id }]
        : [];
    }),
  );
}
