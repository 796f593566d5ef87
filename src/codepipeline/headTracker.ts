import { remoteUrlsOf } from "../git/sourceMatch";
import * as vscode from "vscode";
import { budgetOf } from "../core/callBudget";
import { Disposable } from "../core/disposable";
import type { PollJob } from "../core/pollScheduler";
import { PIPELINE_POLL } from "./model/pollPolicy";
import { currentStage, waitingApprovals } from "./model/status";
import { executionOfCommit, pipelineBuildsHead } from "./model/source";
import type { PipelineStore } from "./store";
import type { HeadExecution } from "./model/headRun";
import type { ConnectionManager } from "../workbench/connectionManager";
import type { GitHeadWatcher } from "../workbench/gitHeadWatcher";

const DISCOVERY_CONCURRENCY = 4;

/**
 * The pipeline execution that carries the workspace's HEAD commit, for pipelines whose source
 * is this repository and branch. Pipelines are matched once per connection and repository
 * (their definitions are cached); then only the matching ones are polled: often while the
 * execution moves, rarely when nothing does, and at once after a git event.
 */
export class PipelineHeadTracker extends Disposable {
  private readonly onDidChangeEmitter = this.register(new vscode.EventEmitter<HeadExecution | undefined>());
  readonly onDidChange = this.onDidChangeEmitter.event;
  private tracked: string[] | undefined;
  private trackedFor = "";
  private shown: HeadExecution | undefined;

  constructor(
    private readonly store: PipelineStore,
    private readonly git: GitHeadWatcher,
    private readonly connection: ConnectionManager,
  ) {
    super();
  }

  get current(): HeadExecution | undefined {
    return this.shown;
  }

  /** Forget the matched pipelines (the connection changed). */
  reset(): void {
    this.tracked = undefined;
    this.set(undefined);
  }

  job(): PollJob {
    return {
      key: "headPipelines",
      ...PIPELINE_POLL.headPipelines,
      immediate: true,
      run: (signal) => this.poll(signal),
    };
  }

  private async poll(signal: AbortSignal): Promise<boolean> {
    const head = await this.git.read();
    const region = this.connection.current?.region;
    if (head.kind !== "repository" || !head.remoteUrl || !head.commit || !region) {
      this.set(undefined);
      return false;
    }
    const key = `${region} ${remoteUrlsOf(head).join(" ")} ${head.branch ?? ""}`;
    if (!this.tracked || this.trackedFor !== key) {
      this.tracked = await this.discover(head, region, signal);
      this.trackedFor = key;
    }
    let found: HeadExecution | undefined;
    for (const pipeline of this.tracked) {
      await this.store.refreshExecutions(pipeline, 10, signal);
      const execution = executionOfCommit(this.store.executions(pipeline) ?? [], head.commit);
      if (
        !execution ||
        (found && (found.execution.startTime?.getTime() ?? 0) > (execution.startTime?.getTime() ?? 0))
      )
        continue;
      found = { pipeline, execution, waitingApproval: false };
    }
    if (found?.execution.status === "InProgress") {
      const executionId = found.execution.id;
      await this.store.refreshState(found.pipeline, signal);
      const state = this.store.state(found.pipeline);
      const mine = state?.stages.filter((s) => s.latestExecution?.executionId === executionId);
      const stage =
        mine?.find((s) => s.latestExecution?.status === "InProgress")?.name ?? currentStage(state)?.name;
      const waiting = waitingApprovals(state).some((w) => mine?.some((s) => s.name === w.stage));
      found = { ...found, state, stage, waitingApproval: waiting };
    }
    const changed = this.set(found);
    return changed || found?.execution.status === "InProgress";
  }

  private async discover(
    head: Parameters<typeof pipelineBuildsHead>[1],
    region: string,
    signal: AbortSignal,
  ): Promise<string[]> {
    const pipelines = this.store.pipelines ?? (await this.store.loadPipelines(signal));
    const matching: string[] = [];
    const queue = pipelines.map((p) => p.name);
    await Promise.all(
      Array.from({ length: DISCOVERY_CONCURRENCY }, async () => {
        for (let name = queue.shift(); name; name = queue.shift()) {
          // One GetPipeline per pipeline: a large account's are paced by the call budget (the
          // scheduler waits for room before a poll, not between its requests).
          if (!this.store.definition(name)) await budgetOf(signal)?.whenRoom(signal);
          const definition = await this.store.loadDefinition(name, signal);
          if (pipelineBuildsHead(definition, head, region)) matching.push(name);
        }
      }),
    );
    return matching.sort();
  }

  private set(next: HeadExecution | undefined): boolean {
    const before = JSON.stringify(summary(this.shown));
    this.shown = next;
    if (before === JSON.stringify(summary(next))) return false;
    this.onDidChangeEmitter.fire(next);
    return true;
  }
}

function summary(h: HeadExecution | undefined) {
  return (
    h && { p: h.pipeline, id: h.execution.id, s: h.execution.status, stage: h.stage, w: h.waitingApproval }
  );
}
