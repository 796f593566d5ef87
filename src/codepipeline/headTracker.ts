import { remoteUrlsOf } from "../git/sourceMatch";
import * as vscode from "vscode";
import type { RepositoryHead } from "../git/repository";
import { abortError, isAbort } from "../core/abort";
import { errorName } from "../aws/errors";
import { paced } from "../core/paced";
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
import { log } from "../workbench/logger";

const DISCOVERY_CONCURRENCY = 4;
/** What GetPipeline answers for a pipeline that cannot be the workspace's. */
const UNREADABLE = new Set(["AccessDeniedException", "PipelineNotFoundException"]);

/**
 * The pipeline execution that carries each workspace repository's HEAD commit, for pipelines
 * whose source is that repository and branch. Pipelines are matched once per connection,
 * repository and branch (their definitions are cached, so a second folder costs no more
 * GetPipeline); then only the matching ones are polled: often while an execution moves, rarely
 * when nothing does, and at once after a git event. `current` is the current folder's (the
 * status bar's: the active editor's); Current Branch shows every folder's.
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
  }

  /** The current folder's (the active editor's): what the status bar shows. */
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
    // Taken before anything is awaited: a connection change meanwhile ends the store's lifetime.
    const lifetime = this.store.lifetime;
    const region = this.connection.current?.region;
    const folders = region ? await this.git.readAll() : [];
    const found = new Map<string, HeadExecution>();
    const reads: PollReads = { tracked: new Map(), executions: new Set(), states: new Set() };
    const failures: unknown[] = [];
    let asked = 0;
    for (const { folder, head } of folders) {
      if (!region || head.kind !== "repository" || !head.remoteUrl || !head.commit) continue;
      asked++;
      const key = folder.uri.toString();
      try {
        const run = await this.runOf(head, region, reads, signal);
        if (run) found.set(key, run);
      } catch (error) {
        if (signal.aborted || isAbort(error)) throw error;
        // One folder's failure leaves the others' current, its own as it was.
        failures.push(error);
        log.warn(
          "pipeline",
          `the pipeline of ${folder.name}'s commit: ${error instanceof Error ? error.message : String(error)}`,
        );
        const before = this.shown.get(key);
        if (before) found.set(key, before);
      }
    }
    if (asked > 0 && failures.length === asked) throw failures[0];
    // The connection changed meanwhile: what was found is the old one's.
    if (lifetime.aborted) throw abortError();
    // Only the repositories and branches the workspace is on now are remembered.
    this.tracked = reads.tracked;
    const changed = this.set(found);
    return changed || [...found.values()].some((r) => r.execution.status === "InProgress");
  }

  /** The execution carrying `head`'s commit; two folders on one repository share a poll's reads. */
  private async runOf(
    head: RepositoryHead,
    region: string,
    reads: PollReads,
    signal: AbortSignal,
  ): Promise<HeadExecution | undefined> {
    const key = `${region} ${remoteUrlsOf(head).join(" ")} ${head.branch ?? ""}`;
    const pipelines =
      reads.tracked.get(key) ?? this.tracked.get(key) ?? (await this.discover(head, region, signal));
    reads.tracked.set(key, pipelines);
    let run: HeadExecution | undefined;
    for (const pipeline of pipelines) {
      if (!reads.executions.has(pipeline)) await this.store.refreshExecutions(pipeline, 10, signal);
      reads.executions.add(pipeline);
      const execution = executionOfCommit(this.store.executions(pipeline) ?? [], head.commit);
      if (!execution || (run && startOf(run.execution) > startOf(execution))) continue;
      run = { pipeline, execution, waitingApproval: false };
    }
    if (run?.execution.status !== "InProgress") return run;
    if (!reads.states.has(run.pipeline)) await this.store.refreshState(run.pipeline, signal);
    reads.states.add(run.pipeline);
    return withStage(run, this.store.state(run.pipeline));
  }

  private async discover(
    head: Parameters<typeof pipelineBuildsHead>[1],
    region: string,
    signal: AbortSignal,
  ): Promise<string[]> {
    const pipelines = this.store.pipelines ?? (await this.store.loadPipelines(signal));
    const matching: string[] = [];
    const queue = pipelines.map((p) => p.name);
    const lifetime = this.store.lifetime;
    let failed = false;
    await Promise.all(
      Array.from({ length: DISCOVERY_CONCURRENCY }, async () => {
        // A failure ends the discovery: the other workers take no more pipelines.
        for (let name = queue.shift(); name && !failed; name = queue.shift()) {
          try {
            // One GetPipeline per pipeline not known yet: a large account's are paced by the call budget.
            const definition = this.store.definition(name)
              ? await this.store.loadDefinition(name, signal)
              : await paced(signal, () => this.store.loadDefinition(name, signal), lifetime);
            if (pipelineBuildsHead(definition, head, region)) matching.push(name);
          } catch (error) {
            // A pipeline this identity may not read, or one deleted since the list, is not the one.
            if (UNREADABLE.has(errorName(error) ?? "")) continue;
            failed = true;
            throw error;
          }
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

/** What one poll has read, shared by the folders it covers. */
interface PollReads {
  /** The matching pipelines, by region, remotes and branch. */
  readonly tracked: Map<string, string[]>;
  /** Pipelines whose executions, and whose state, were read. */
  readonly executions: Set<string>;
  readonly states: Set<string>;
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
