import { abortError } from "../core/abort";
import { Disposable } from "../core/disposable";
import { Emitter } from "../core/events";
import type {
  ApprovalAnswer,
  CodePipelineApi,
  PipelineDefinition,
  PipelineExecution,
  PipelineState,
  PipelineSummary,
} from "./model/types";
import { Limiter } from "../core/limiter";
import { SingleFlight } from "../core/singleFlight";

/** Whether a state would render differently. */
function sameState(a: PipelineState | undefined, b: PipelineState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The CodePipeline state the views render: the pipeline list (paged), and per pipeline its
 * state (one GetPipelineState), its definition (on expand) and its recent executions (when
 * their node is expanded). One event per pipeline, so only its node refreshes.
 */
export class PipelineStore extends Disposable {
  private readonly onDidChangePipelinesEmitter = this.register(new Emitter<void>());
  private readonly onDidChangePipelineEmitter = this.register(new Emitter<string>());
  readonly onDidChangePipelines = this.onDidChangePipelinesEmitter.event;
  readonly onDidChangePipeline = this.onDidChangePipelineEmitter.event;

  private list: PipelineSummary[] | undefined;
  private readonly definitions = new Map<string, PipelineDefinition>();
  private readonly states = new Map<string, PipelineState>();
  private readonly executionLists = new Map<string, PipelineExecution[]>();
  private readonly flights = this.register(new SingleFlight());
  /** A tree of 200 pipelines asks for 200 states: a few at a time. */
  private readonly limiter = new Limiter(6);

  constructor(private readonly api: CodePipelineApi) {
    super();
  }

  get pipelines(): readonly PipelineSummary[] | undefined {
    return this.list;
  }

  definition(name: string): PipelineDefinition | undefined {
    return this.definitions.get(name);
  }

  state(name: string): PipelineState | undefined {
    return this.states.get(name);
  }

  executions(name: string): readonly PipelineExecution[] | undefined {
    return this.executionLists.get(name);
  }

  /** Aborted by `reset()`: for work on this connection's data done outside the store. */
  get lifetime(): AbortSignal {
    return this.flights.signal;
  }

  reset(): void {
    this.flights.reset();
    this.list = undefined;
    this.definitions.clear();
    this.states.clear();
    this.executionLists.clear();
    this.onDidChangePipelinesEmitter.fire();
  }

  loadPipelines(caller?: AbortSignal): Promise<readonly PipelineSummary[]> {
    return this.flights.run(
      "pipelines",
      async (signal) => {
        const list = await this.api.listPipelines(signal);
        if (signal.aborted) throw abortError();
        this.list = list;
        this.onDidChangePipelinesEmitter.fire();
        return list;
      },
      caller,
    );
  }

  /** One GetPipelineState; resolves whether the state changed. */
  refreshState(name: string, caller?: AbortSignal): Promise<boolean> {
    return this.flights.run(
      `state:${name}`,
      async (signal) => {
        const state = await this.limiter.run(() => this.api.getPipelineState(name, signal));
        if (signal.aborted) throw abortError();
        if (sameState(this.states.get(name), state)) return false;
        this.states.set(name, state);
        this.onDidChangePipelineEmitter.fire(name);
        return true;
      },
      caller,
    );
  }

  /** The definition (stages, actions, variables), fetched once per connection. */
  loadDefinition(name: string, caller?: AbortSignal): Promise<PipelineDefinition> {
    const known = this.definitions.get(name);
    if (known) return Promise.resolve(known);
    return this.flights.run(
      `definition:${name}`,
      async (signal) => {
        const definition = await this.limiter.run(() => this.api.getPipeline(name, signal));
        if (signal.aborted) throw abortError();
        this.definitions.set(name, definition);
        this.onDidChangePipelineEmitter.fire(name);
        return definition;
      },
      caller,
    );
  }

  /** Recent executions, newest first; resolves whether they changed. */
  refreshExecutions(name: string, max = 10, caller?: AbortSignal): Promise<boolean> {
    return this.flights.run(
      `executions:${name}`,
      async (signal) => {
        const executions = await this.api.listExecutions(name, max, signal);
        if (signal.aborted) throw abortError();
        if (JSON.stringify(this.executionLists.get(name)) === JSON.stringify(executions)) return false;
        this.executionLists.set(name, executions);
        this.onDidChangePipelineEmitter.fire(name);
        return true;
      },
      caller,
    );
  }

  /** The listed pipelines whose known state moves. */
  activeNames(): string[] {
    const listed = new Set(this.list?.map((p) => p.name));
    return [...this.states.keys()].filter((name) => listed.has(name) && this.isActive(name));
  }

  /** Forgets a pipeline's state (it does not exist any more). */
  forgetState(name: string): void {
    if (this.states.delete(name)) this.onDidChangePipelineEmitter.fire(name);
  }

  /** Whether anything in the pipeline is moving (its state should be polled). */
  isActive(name: string): boolean {
    const state = this.states.get(name);
    return !!state?.stages.some(
      (s) =>
        s.latestExecution?.status === "InProgress" ||
        s.actions.some((a) => a.latest?.status === "InProgress"),
    );
  }

  async release(
    name: string,
    variables: readonly { name: string; value: string }[],
    signal: AbortSignal,
  ): Promise<string> {
    const id = await this.api.startExecution(name, variables, signal);
    await this.afterChange(name);
    return id;
  }

  async stop(
    name: string,
    executionId: string,
    abandon: boolean,
    reason: string,
    signal: AbortSignal,
  ): Promise<void> {
    await this.api.stopExecution(name, executionId, abandon, reason, signal);
    await this.afterChange(name);
  }

  async retry(
    name: string,
    stage: string,
    executionId: string,
    mode: "FAILED_ACTIONS" | "ALL_ACTIONS",
    signal: AbortSignal,
  ) {
    const id = await this.api.retryStage(name, stage, executionId, mode, signal);
    await this.afterChange(name);
    return id;
  }

  async answerApproval(answer: ApprovalAnswer, signal: AbortSignal): Promise<void> {
    await this.api.putApproval(answer, signal);
    await this.afterChange(answer.pipeline);
  }

  async setTransition(
    name: string,
    stage: string,
    enabled: boolean,
    reason: string,
    signal: AbortSignal,
  ): Promise<void> {
    await this.api.setTransition(name, stage, enabled, reason, signal);
    await this.afterChange(name);
  }

  private async afterChange(name: string): Promise<void> {
    await Promise.all([
      this.refreshState(name),
      this.executionLists.has(name) ? this.refreshExecutions(name) : undefined,
    ]);
  }
}
