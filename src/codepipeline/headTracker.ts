import { remoteUrlsOf } from "../git/sourceMatch";
import * as vscode from "vscode";
import { Disposable } from "../core/disposable";
import type { PollJob } from "../core/pollScheduler";
import { PIPELINE_POLL } from "./model/pollPolicy";
import { waitingApprovals } from "./model/status";
import { executionOfCommit, pipelineBuildsHead } from "./model/source";
import type { PipelineStore } from "./store";
import { executionPlace, type HeadExecution } from "./model/headRun";
import type { PipelineState } from "./model/types";
import type { ConnectionManager } from "../workbench/connectionManager";
import type { GitHeadWatcher } from "../workbench/gitHeadWatcher";

const DISCOVERY_CONCURRENCY = 4;

/**
 * The pipeline execution that carries each workspace repository's HEAD commit, for pipelines
 * whose source is that repository and branch. Pipelines are matched once per connection,
 * repository and branch (their definitions are cached, so a second folder costs no more
 * GetPipeline); then only the matching ones are polled: often while an execution moves, rarely
 * when nothing does, and at once after a git event. `current` is the current folder's (the
 * status bar's: the last file edited's); Current Branch shows every folder's.
 */
export class PipelineHeadTracker extends Disposable {
  private readonly onDidChangeEmitter = this.register(new vscode.EventEmitter<void>());
  /** Fires when the execution of any folder's HEAD changes. */
  readonly onDidChange = this.onDidChangeEmitter.event;
  /** The matching pipelines, by region, remotes and branch. */
  private tracked = new Map<string, string[]>();
  /** By folder URI, in workspace order. */
  private shown = new Map<string, HeadExecution>();

  constructor(
    private readonly store: PipelineStore,
    private readonly git: GitHeadWatcher,
    private readonly connection: ConnectionManager,
  ) {
    super();
    // Another folder's file: the status bar shows that folder's execution (known already).
    this.register(git.onDidChangeCurrent(() => this.onDidChangeEmitter.fire()));
  }

  /** The current folder's (the last file edited's): what the status bar shows. */
  get current(): HeadExecution | undefined {
    const folder = this.git.currentFolder;
    return folder && this.shown.get(folder.folder.uri.toString());
  }

  /** Every folder's, in no order (two folders may show one execution). */
  get all(): HeadExecution[] {
    return [...this.shown.values()];
  }

  /** The execution carrying the HEAD of the folder `folderUri`, if one is known. */
  runFor(folderUri: string): HeadExecution | undefined {
    return this.shown.get(folderUri);
  }

  /** Forget the matched pipelines (the connection changed). */
  reset(): void {
    this.tracked.clear();
    this.set(new Map());
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
    const region = this.connection.current?.region;
    const folders = region ? await this.git.readAll() : [];
    const found = new Map<string, HeadExecution>();
    const tracked = new Map<string, string[]>();
    // Two folders on one repository share their pipelines' reads within a poll.
    const refreshed = new Set<string>();
    const refreshedState = new Set<string>();
    for (const { folder, head } of folders) {
      if (!region || head.kind !== "repository" || !head.remoteUrl || !head.commit) continue;
      const key = `${region} ${remoteUrlsOf(head).join(" ")} ${head.branch ?? ""}`;
      const pipelines =
        tracked.get(key) ?? this.tracked.get(key) ?? (await this.discover(head, region, signal));
      tracked.set(key, pipelines);
      let run: HeadExecution | undefined;
      for (const pipeline of pipelines) {
        if (!refreshed.has(pipeline)) await this.store.refreshExecutions(pipeline, 10, signal);
        refreshed.add(pipeline);
        const execution = executionOfCommit(this.store.executions(pipeline) ?? [], head.commit);
        if (!execution || (run && startOf(run.execution) > startOf(execution))) continue;
        run = { pipeline, execution, waitingApproval: false };
      }
      if (run?.execution.status === "InProgress") {
        if (!refreshedState.has(run.pipeline)) await this.store.refreshState(run.pipeline, signal);
        refreshedState.add(run.pipeline);
        run = withStage(run, this.store.state(run.pipeline));
      }
      if (run) found.set(folder.uri.toString(), run);
    }
    // Only the repositories and branches the workspace is on now are remembered.
    this.tracked = tracked;
    const changed = this.set(found);
    return changed || [...found.values()].some((r) => r.execution.status === "InProgress");
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
          // One GetPipeline per pipeline: a large account's are paced by the call budget (aws/send.ts).
          const definition = await this.store.loadDefinition(name, signal);
          if (pipelineBuildsHead(definition, head, region)) matching.push(name);
        }
      }),
    );
    return matching.sort();
  }

  private set(next: Map<string, HeadExecution>): boolean {
    const before = JSON.stringify([...this.shown].map(([f, h]) => [f, summary(h)]));
    this.shown = next;
    if (before === JSON.stringify([...next].map(([f, h]) => [f, summary(h)]))) return false;
    this.onDidChangeEmitter.fire();
    return true;
  }
}

function startOf(execution: HeadExecution["execution"]): number {
  return execution.startTime?.getTime() ?? 0;
}

/** A running execution with where it is and whether it waits for an approval. */
function withStage(run: HeadExecution, state: PipelineState | undefined): HeadExecution {
  const executionId = run.execution.id;
  const mine = state?.stages.filter((s) => s.latestExecution?.executionId === executionId);
  const waiting = waitingApprovals(state).some((w) => mine?.some((s) => s.name === w.stage));
  return { ...run, state, ...executionPlace(state, executionId), waitingApproval: waiting };
}

function summary(h: HeadExecution) {
  return {
    p: h.pipeline,
    id: h.execution.id,
    s: h.execution.status,
    stage: h.stage,
    q: h.queuedFor,
    w: h.waitingApproval,
  };
}
