import { Disposable } from "../core/disposable";
import type { Workbench } from "../workbench/workbench";
import { ExpandedPolls } from "../workbench/polling";
import type { TreeNode } from "../workbench/tree/section";
import type { BranchBuilds } from "./branchBuilds";
import type { BuildLogs } from "./buildLogs";
import { POLL } from "./model/pollPolicy";
import { buildsToPoll } from "./model/runningPolicy";
import type { BuildStatusBar } from "./statusBar";
import type { BuildStore } from "./store";
import { SECTION, type CodeBuildNode } from "./treeNodes";

/**
 * What CodeBuild polls: the running builds that are visible, followed or on the status bar;
 * the build lists of expanded projects while the tree is visible; the account's newest builds
 * for the current branch, for a while after a git event. Nothing else.
 */
export class BuildPolling extends Disposable {
  private readonly expanded: ExpandedPolls;
  /** Until when the branch's builds are looked for; after that only git events trigger a look. */
  private branchBurstUntil = Date.now() + POLL.branchBurstMs;
  /** One look at the newest builds asked for outside a burst (`lookUpBranchBuild`). */
  private branchLookUp = false;

  constructor(
    private readonly workbench: Workbench,
    private readonly store: BuildStore,
    private readonly logs: BuildLogs,
    private readonly statusBar: BuildStatusBar,
    private readonly branch: BranchBuilds,
  ) {
    super();
    const { polling, tree, git, health } = workbench;
    this.expanded = this.register(
      new ExpandedPolls(tree, polling, projectKey, (key) => {
        const name = key.slice("project:".length);
        return {
          key,
          ...POLL.projectBuilds,
          run: async (signal) => {
            const changed = await store.loadBuilds(name, signal);
            health.ok();
            return changed;
          },
        };
      }),
    );
    this.register(
      store.onDidChangeProjects(() => {
        if (!store.projects) this.expanded.clear();
      }),
    );
    this.register(
      git.onDidChange(() => {
        // A checkout, commit or push: builds for it may start soon — look a few times, then stop.
        this.branchBurstUntil = Date.now() + POLL.branchBurstMs;
        polling.poke("branch");
      }),
    );
    this.register(
      polling.add({ key: "running", ...POLL.running, run: (signal) => this.pollRunning(signal) }),
    );
    // Another folder's file: the status bar's build is that folder's, kept fresh from now on.
    this.register(git.onDidChangeCurrent(() => polling.poke("running")));
    this.register(
      polling.add({
        key: "branch",
        ...POLL.branch,
        immediate: true,
        run: (signal) => this.pollBranch(signal),
      }),
    );
  }

  /** A build was started or changed by the user: poll running builds now. */
  pokeRunning(): void {
    this.workbench.polling.poke("running");
  }

  private async pollRunning(signal: AbortSignal): Promise<boolean> {
    const { store, logs } = this;
    const ids = buildsToPoll({
      running: store.runningBuilds(),
      followed: logs.followedIds(),
      followedOnScreen: logs.followedOnScreenIds(),
      holds: (id) => store.build(id) !== undefined,
      watched: [this.statusBar.build?.id, ...(this.workbench.branch.visible ? this.branch.runningIds() : [])],
      expandedProjects: (name) => this.workbench.tree.visible && this.expanded.isExpanded(`project:${name}`),
      describedAt: (id) => store.describedAt(id),
      now: Date.now(),
    });
    if (ids.length === 0) return false;
    const changed = await store.refreshBuilds(ids, signal);
    this.workbench.health.ok();
    return changed;
  }

  /**
   * Everything was dropped (Refresh, another profile or region): the status bar's build is
   * looked up once now, not after the next git event.
   */
  lookUpBranchBuild(): void {
    this.branchLookUp = true;
    this.workbench.polling.poke("branch");
  }

  private async pollBranch(signal: AbortSignal): Promise<boolean> {
    if (Date.now() > this.branchBurstUntil && !this.branchLookUp) return false;
    const heads = await this.workbench.git.readAll();
    if (!heads.some((h) => h.head.kind === "repository")) {
      this.branchLookUp = false;
      return false;
    }
    const before = this.statusBar.build?.id;
    await this.store.loadRecentBuilds(50, signal);
    this.branchLookUp = false;
    this.workbench.health.ok();
    return this.statusBar.build?.id !== before;
  }
}

function projectKey(node: TreeNode): string | undefined {
  if (node.section !== SECTION) return undefined;
  const n = node as CodeBuildNode;
  return n.kind === "project" ? `project:${n.name}` : undefined;
}
