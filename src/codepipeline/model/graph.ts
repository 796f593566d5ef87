import { currentStage, pipelineStatusLook, waitingApprovals } from "./status";
import type { PipelineDefinition, PipelineState } from "./types";

/** What the pipeline graph webview draws: plain data, posted to it as JSON. */
export interface GraphAction {
  readonly name: string;
  readonly provider: string;
  readonly category: string;
  readonly status: string;
  readonly word: string;
  readonly summary?: string;
  readonly error?: string;
  readonly lastChange?: string;
  readonly approval: boolean;
  readonly codebuild: boolean;
  readonly url?: string;
}

export interface GraphStage {
  readonly name: string;
  readonly status: string;
  readonly word: string;
  readonly current: boolean;
  readonly retryable: boolean;
  readonly transitionEnabled: boolean;
  readonly disabledReason?: string;
  readonly executionId?: string;
  readonly actions: readonly GraphAction[];
}

export interface PipelineGraph {
  readonly pipeline: string;
  readonly pipelineType?: string;
  readonly stages: readonly GraphStage[];
  readonly waitingApprovals: number;
}

/** The stages and actions in definition order, coloured by the state's latest runs. */
export function pipelineGraph(
  name: string,
  definition: PipelineDefinition | undefined,
  state: PipelineState | undefined,
): PipelineGraph {
  const current = currentStage(state)?.name;
  const stageNames = definition?.stages.map((s) => s.name) ?? state?.stages.map((s) => s.name) ?? [];
  const stages = stageNames.map((stageName): GraphStage => {
    const stageState = state?.stages.find((s) => s.name === stageName);
    const stageDefinition = definition?.stages.find((s) => s.name === stageName);
    const actionNames =
      stageDefinition?.actions.map((a) => a.name) ?? stageState?.actions.map((a) => a.name) ?? [];
    const waiting =
      stageState?.actions.some((a) => a.latest?.status === "InProgress" && !!a.latest.token) ?? false;
    const status = waiting ? "Waiting" : (stageState?.latestExecution?.status ?? "");
    return {
      name: stageName,
      status,
      word: waiting ? "waiting for approval" : pipelineStatusLook(status || undefined).word,
      current: current === stageName,
      retryable: stageState?.latestExecution?.status === "Failed",
      transitionEnabled: stageState?.transitionEnabled ?? true,
      disabledReason: stageState?.disabledReason,
      executionId: stageState?.latestExecution?.executionId,
      actions: actionNames.map((actionName): GraphAction => {
        const run = stageState?.actions.find((a) => a.name === actionName)?.latest;
        const def = stageDefinition?.actions.find((a) => a.name === actionName);
        const approval = run?.status === "InProgress" && !!run.token;
        return {
          name: actionName,
          provider: def?.provider ?? "",
          category: def?.category ?? "",
          status: approval ? "Waiting" : (run?.status ?? ""),
          word: approval ? "waiting for approval" : pipelineStatusLook(run?.status).word,
          summary: run?.summary,
          error: run?.errorMessage,
          lastChange: run?.lastStatusChange?.toISOString(),
          approval,
          codebuild: def?.provider === "CodeBuild" && !!run?.externalExecutionId,
          url: run?.externalExecutionUrl,
        };
      }),
    };
  });
  return {
    pipeline: name,
    pipelineType: definition?.pipelineType,
    stages,
    waitingApprovals: waitingApprovals(state).length,
  };
}
