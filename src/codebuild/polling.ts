import * as vscode from "vscode";
import type { BuildStore } from "./store";
import type { PipelineStore } from "../codepipeline/store";
import { POLL } from "./model/pollPolicy";
import { PollScheduler, type PollJob } from "../core/pollScheduler";
import type { ConnectionHealth } from "../workbench/connectionHealth";
import type { Node } from "../workbench/tree/nodes";
import type { GitHeadWatcher } from "../workbench/gitHeadWatcher";

export interface PollingSources {
  readonly store: BuildStore;
  readonly pipelines: PipelineStore;
  readonly health: ConnectionHealth;
  readonly git: GitHeadWatcher;
  readonly treeView: vscode.TreeView<Node>;
  /** Builds whose logs are followed. */
  readonly followedIds: () => string[];
  /** The build the status bar shows. */
  readonly branchBuildId: () => string | undefined;
  /** Running builds other views show (the Current Branch view, while visible). */
  readonly shownRunningIds: () => string[];
}

/**
 * Decides what is polled: the running builds that are visible, followed or on the status bar;
 * the build lists of expanded projects while the tree is visible; the account's newest builds
 * for the current branch, slowly. Nothing else.
 */
export class BuildPolling implements vscode.Disposable {
  private readonly scheduler: PollScheduler;
  private readonly expanded = new Set<string>();
  private readonly projectJobs = new Map<string, vscode.Disposable>();
  /** Polls asked for outside the tree (open graphs), counted. */
  private readonly extra = new Map<string, number>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Until when the branch's builds are looked for; after that only git events trigger a look. */
  private branchBurstUntil = Date.now() + POLL.branchBurstMs;

  constructor(private readonly sources: PollingSources) {
    this.scheduler = new PollScheduler({
      onError: (key, error) => sources.health.report(error, `poll ${key}`),
    });
    const { treeView, store, git } = sources;
    this.disposables.push(
      this.scheduler,
      treeView.onDidExpandElement(({ element }) => {
        const key = expandKey(element);
        if (!key) return;
        this.expanded.add(key);
        this.syncProjectJobs();
      }),
      treeView.onDidCollapseElement(({ element }) => {
        const key = expandKey(element);
        if (!key) return;
        this.expanded.delete(key);
        this.syncProjectJobs();
      }),
      treeView.onDidChangeVisibility(() => this.syncProjectJobs()),
      vscode.window.onDidChangeWindowState((state) => this.scheduler.setFocused(state.focused)),
      store.onDidChangeProjects(() => {
        if (!store.projects) this.expanded.clear();
        this.syncProjectJobs();
      }),
      sources.pipelines.onDidChangePipeline((name) => {
        // A pipeline that starts moving is polled at the base interval again.
        if (sources.pipelines.isActive(name)) this.scheduler.poke(`pipeline:${name}`);
      }),
      git.onDidChange(() => {
        // A checkout, commit or push: builds for it may start soon — look a few times, then stop.
        this.branchBurstUntil = Date.now() + POLL.branchBurstMs;
        this.scheduler.poke("branch");
      }),
      this.scheduler.add({ key: "running", ...POLL.running, run: () => this.pollRunning() }),
      this.scheduler.add({ key: "branch", ...POLL.branch, immediate: true, run: () => this.pollBranch() }),
    );
  }

  /** Adds a job of another part (it shares this scheduler: focus, back-off, one loop per job). */
  add(job: PollJob): vscode.Disposable {
    return this.scheduler.add(job);
  }

  /** Runs a job now. */
  poke(key: string): void {
    this.scheduler.poke(key);
  }

  /** Keeps a pipeline's state polled (its graph is open) until the returned disposable is disposed. */
  watchPipeline(name: string): vscode.Disposable {
    const key = `pipeline:${name}`;
    this.extra.set(key, (this.extra.get(key) ?? 0) + 1);
    this.syncProjectJobs();
    return {
      dispose: () => {
        const left = (this.extra.get(key) ?? 1) - 1;
        if (left > 0) this.extra.set(key, left);
        else this.extra.delete(key);
        this.syncProjectJobs();
      },
    };
  }

  /** A build was started or changed by the user: poll running builds now. */
  pokeRunning(): void {
    this.scheduler.poke("running");
  }

  private async pollRunning(): Promise<boolean> {
    const { store, treeView, followedIds, branchBuildId } = this.sources;
    // A followed build's log tells its phases and its end: its status is asked for only now and then.
    const followed = new Set(followedIds());
    const now = Date.now();
    const due = (id: string) => !followed.has(id) || now - store.describedAt(id) >= POLL.followedStatusMs;
    const watched = new Set(
      [...followed, branchBuildId(), ...this.sources.shownRunningIds()].filter((id): id is string => !!id),
    );
    const ids = store
      .runningBuilds()
      .filter((b) => watched.has(b.id) || (treeView.visible && this.expanded.has(`project:${b.projectName}`)))
      .map((b) => b.id)
      .filter(due);
    if (ids.length === 0) return false;
    const changed = await store.refreshBuilds(ids);
    this.sources.health.ok();
    return changed;
  }

  private async pollBranch(): Promise<boolean> {
    if (Date.now() > this.branchBurstUntil) return false;
    const heads = await this.sources.git.readAll();
    if (!heads.some((h) => h.head.kind === "repository")) return false;
    const before = this.sources.branchBuildId();
    await this.sources.store.loadRecentBuilds(50);
    this.sources.health.ok();
    return this.sources.branchBuildId() !== before;
  }

  private syncProjectJobs(): void {
    const wanted = new Set([...(this.sources.treeView.visible ? this.expanded : []), ...this.extra.keys()]);
    for (const [name, job] of this.projectJobs) {
      if (!wanted.has(name)) {
        job.dispose();
        this.projectJobs.delete(name);
      }
    }
    for (const key of wanted) {
      if (this.projectJobs.has(key)) continue;
      this.projectJobs.set(key, this.scheduler.add(this.jobFor(key)));
    }
  }

  /** The poll of an expanded node: a project's builds, a pipeline's state, a pipeline's executions. */
  private jobFor(key: string): PollJob {
    const [kind, ...rest] = key.split(":");
    const name = rest.join(":");
    const { store, pipelines, health } = this.sources;
    const run = async (poll: () => Promise<boolean>) => {
      const changed = await poll();
      health.ok();
      return changed;
    };
    switch (kind) {
      case "project":
        return { key, ...POLL.projectBuilds, run: () => run(() => store.loadBuilds(name)) };
      case "executions":
        return { key, ...POLL.pipelineExecutions, run: () => run(() => pipelines.refreshExecutions(name)) };
      default:
        return {
          key,
          ...POLL.pipelineState,
          // While the pipeline moves, every poll counts as a change: the wait stays short.
          run: () => run(async () => (await pipelines.refreshState(name)) || pipelines.isActive(name)),
        };
    }
  }

  dispose(): void {
    for (const job of this.projectJobs.values()) job.dispose();
    for (const d of this.disposables) d.dispose();
  }
}

/** What an expanded node polls: `project:NAME`, `pipeline:NAME` or `executions:NAME`. */
function expandKey(node: Node): string | undefined {
  switch (node.kind) {
    case "project":
      return `project:${node.name}`;
    case "pipeline":
      return `pipeline:${node.name}`;
    case "executions":
      return `executions:${node.pipeline}`;
    default:
      return undefined;
  }
}
