/** Domain types for CodePipeline, independent of the SDK's shapes. */

export type ExecutionStatus =
  | "InProgress"
  | "Stopped"
  | "Stopping"
  | "Succeeded"
  | "Superseded"
  | "Failed"
  | "Cancelled"
  | "Abandoned"
  | "Unknown";

export interface PipelineSummary {
  readonly name: string;
  readonly version?: number;
  readonly pipelineType?: string;
  readonly updated?: Date;
}

export interface ActionDefinition {
  readonly name: string;
  readonly category: string;
  readonly provider: string;
  readonly owner?: string;
  readonly configuration: Readonly<Record<string, string>>;
}

export interface StageDefinition {
  readonly name: string;
  readonly actions: readonly ActionDefinition[];
}

export interface PipelineVariable {
  readonly name: string;
  readonly defaultValue?: string;
  readonly description?: string;
}

export interface PipelineDefinition {
  readonly name: string;
  readonly arn?: string;
  readonly pipelineType?: string;
  readonly stages: readonly StageDefinition[];
  readonly variables: readonly PipelineVariable[];
}

export interface ActionRun {
  readonly status: string;
  readonly summary?: string;
  readonly lastStatusChange?: Date;
  /** A manual approval's token, while it waits. */
  readonly token?: string;
  /** For a CodeBuild action: the build id. */
  readonly externalExecutionId?: string;
  readonly externalExecutionUrl?: string;
  readonly errorMessage?: string;
  readonly executionId?: string;
}

export interface ActionState {
  readonly name: string;
  readonly latest?: ActionRun;
  readonly entityUrl?: string;
}

export interface StageState {
  readonly name: string;
  readonly transitionEnabled: boolean;
  readonly disabledReason?: string;
  readonly latestExecution?: { readonly executionId: string; readonly status: string };
  readonly actions: readonly ActionState[];
}

export interface PipelineState {
  readonly pipelineName: string;
  readonly stages: readonly StageState[];
}

export interface SourceRevision {
  readonly actionName: string;
  readonly revisionId?: string;
  readonly revisionSummary?: string;
  readonly revisionUrl?: string;
}

export interface PipelineExecution {
  readonly id: string;
  readonly pipelineName: string;
  readonly status: ExecutionStatus;
  readonly startTime?: Date;
  readonly lastUpdateTime?: Date;
  readonly trigger?: { readonly type?: string; readonly detail?: string };
  readonly sourceRevisions: readonly SourceRevision[];
}

/** The answer to a manual approval. */
export interface ApprovalAnswer {
  readonly pipeline: string;
  readonly stage: string;
  readonly action: string;
  /** The waiting approval's token (it changes with every execution). */
  readonly token: string;
  readonly approved: boolean;
  readonly summary: string;
}

/** What the model needs from CodePipeline. Every call can be aborted. */
export interface CodePipelineApi {
  listPipelines(signal: AbortSignal): Promise<PipelineSummary[]>;
  getPipeline(name: string, signal: AbortSignal): Promise<PipelineDefinition>;
  getPipelineState(name: string, signal: AbortSignal): Promise<PipelineState>;
  listExecutions(name: string, max: number, signal: AbortSignal): Promise<PipelineExecution[]>;
  startExecution(
    name: string,
    variables: readonly { name: string; value: string }[],
    signal: AbortSignal,
  ): Promise<string>;
  stopExecution(
    name: string,
    executionId: string,
    abandon: boolean,
    reason: string,
    signal: AbortSignal,
  ): Promise<void>;
  retryStage(
    name: string,
    stage: string,
    executionId: string,
    mode: "FAILED_ACTIONS" | "ALL_ACTIONS",
    signal: AbortSignal,
  ): Promise<string>;
  putApproval(answer: ApprovalAnswer, signal: AbortSignal): Promise<void>;
  setTransition(
    name: string,
    stage: string,
    enabled: boolean,
    reason: string,
    signal: AbortSignal,
  ): Promise<void>;
}
