import * as vscode from "vscode";
import { buildMatchesHead, lastNews } from "../codebuild/model/branchBuild";
import type { BuildStore } from "../codebuild/store";
import type { ConnectionHealth } from "./connectionHealth";
import type { FolderHead, GitHeadWatcher } from "./gitHeadWatcher";
import type { HeadExecution, PipelineHeadTracker } from "../codepipeline/headTracker";
import { executionRevision, pipelineStatusLook, WAITING_LOOK } from "../codepipeline/model/status";
import { relativeTime } from "../core/format";
import { buildItem, messageItem, phaseItem } from "../codebuild/treeItems";

type BranchNode =
  | { readonly kind: "repository"; readonly folder: string }
  | { readonly kind: "build"; readonly id: string }
  | { readonly kind: "pipelineRun"; readonly pipeline: string }
  | { readonly kind: "phase"; readonly buildId: string; readonly index: number }
  | {
      readonly kind: "message";
      readonly parentKey: string;
      readonly text: string;
      readonly icon?: string;
      readonly command?: vscode.Command;
    };

const MAX_BUILDS = 10;

/**
 * "Current Branch": for each repository of the workspace, its branch and HEAD commit and the
 * builds of that branch or commit, newest news first. Redraws on git and store events; it
 * makes no requests of its own.
 */
export class CurrentBranchProvider implements vscode.TreeDataProvider<BranchNode>, vscode.Disposable {
  private readonly onDidChangeTreeDataEmitter = new vscode.EventEmitter<undefined>();
  readonly onDidChangeTreeData = this.onDidChangeTreeDataEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.onDidChangeTreeDataEmitter];
  private readonly repositories = new Map<string, BranchNode>();
  private readonly builds = new Map<string, BranchNode>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly store: BuildStore,
    private readonly git: GitHeadWatcher,
    private readonly isFollowed: (id: string) => boolean,
    private readonly headPipelines: PipelineHeadTracker,
    private readonly health: ConnectionHealth,
  ) {
    const redraw = () => {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.onDidChangeTreeDataEmitter.fire(undefined);
      }, 50);
    };
    this.disposables.push(
      git.onDidChange(redraw),
      headPipelines.onDidChange(redraw),
      health.onDidChange(redraw),
      store.onDidChangeBuild(redraw),
      store.onDidChangeProjects(redraw),
      store.onDidChangeProjectBuilds(redraw),
      { dispose: () => clearTimeout(this.timer) },
    );
  }

  getTreeItem(node: BranchNode): vscode.TreeItem {
    switch (node.kind) {
      case "repository": {
        const entry = this.git.all.find((h) => h.folder.uri.toString() === node.folder);
        return entry ? repositoryItem(entry) : new vscode.TreeItem("?");
      }
      case "build": {
        const build = this.store.build(node.id);
        if (!build) return new vscode.TreeItem(node.id);
        const item = buildItem(build, this.isFollowed(build.id), new Date());
        item.label = `${build.projectName} ${typeof item.label === "string" ? item.label : ""}`;
        item.id = `branch-build:${build.id}`;
        return item;
      }
      case "phase": {
        const build = this.store.build(node.buildId);
        if (!build) return new vscode.TreeItem("");
        const item = phaseItem(node, build);
        item.id = `branch-${item.id ?? ""}`;
        return item;
      }
      case "pipelineRun": {
        const run = this.headPipelines.current;
        return run ? pipelineRunItem(run) : new vscode.TreeItem(node.pipeline);
      }
      case "message": {
        const item = messageItem(node);
        item.id = `branch-${item.id ?? ""}`;
        return item;
      }
    }
  }

  async getChildren(node?: BranchNode): Promise<BranchNode[]> {
    if (!node) {
      const heads = await this.git.readAll();
      return heads.map((h) => this.repositoryNode(h.folder.uri.toString()));
    }
    if (node.kind === "repository") {
      const entry = this.git.all.find((h) => h.folder.uri.toString() === node.folder);
      if (!entry || entry.head.kind !== "repository") return [];
      const head = entry.head;
      const run = this.headPipelines.current;
      const runs: BranchNode[] =
        run && entry === this.git.all[0] ? [{ kind: "pipelineRun", pipeline: run.pipeline }] : [];
      const builds = this.store
        .allBuilds()
        .filter((b) => buildMatchesHead(b, head))
        .sort((a, b) => lastNews(b) - lastNews(a))
        .slice(0, MAX_BUILDS);
      const problem = this.health.problem;
      if (problem) {
        // Not "no builds": AWS did not answer.
        return [
          { kind: "message", parentKey: node.folder, text: problem.message, icon: "warning" },
          ...runs,
          ...builds.map((b) => this.buildNode(b.id)),
        ];
      }
      if (builds.length === 0) {
        return [
          ...runs,
          {
            kind: "message",
            parentKey: node.folder,
            text: `No builds of ${head.branch ?? head.commit?.slice(0, 7) ?? "HEAD"} yet`,
            icon: "play",
            command: { command: "awsCicd.build.start", title: "Start Build" },
          },
        ];
      }
      return [...runs, ...builds.map((b) => this.buildNode(b.id))];
    }
    if (node.kind === "build") {
      const build = this.store.build(node.id);
      return build ? build.phases.map((_, index) => ({ kind: "phase", buildId: build.id, index })) : [];
    }
    return [];
  }

  /** The running builds this view shows (they are polled while it is visible). */
  runningIds(): string[] {
    const ids: string[] = [];
    for (const { head } of this.git.all) {
      if (head.kind !== "repository") continue;
      for (const b of this.store.allBuilds()) if (!b.complete && buildMatchesHead(b, head)) ids.push(b.id);
    }
    return ids;
  }

  private repositoryNode(folder: string): BranchNode {
    let node = this.repositories.get(folder);
    if (!node) this.repositories.set(folder, (node = { kind: "repository", folder }));
    return node;
  }

  private buildNode(id: string): BranchNode {
    let node = this.builds.get(id);
    if (!node) this.builds.set(id, (node = { kind: "build", id }));
    return node;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function repositoryItem({ folder, head }: FolderHead): vscode.TreeItem {
  const item = new vscode.TreeItem(folder.name, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `repository:${folder.uri.toString()}`;
  if (head.kind === "repository") {
    const commit = head.commit?.slice(0, 7) ?? "";
    item.iconPath = new vscode.ThemeIcon(head.detached ? "git-commit" : "git-branch");
    item.description = head.detached ? `detached HEAD ${commit}` : `${head.branch ?? ""} · ${commit}`;
    item.tooltip = `${head.root}\n${head.detached ? "Detached HEAD" : `Branch ${head.branch ?? ""}`} at ${head.commit ?? ""}${head.remoteUrl ? `\nRemote: ${head.remoteUrl}` : ""}`;
  } else {
    item.iconPath = new vscode.ThemeIcon("circle-slash");
    item.collapsibleState = vscode.TreeItemCollapsibleState.None;
    item.description =
      head.reason === "noCommits"
        ? "no commits yet"
        : head.reason === "gitMissing"
          ? "git is not installed"
          : "not a git repository";
  }
  return item;
}

function pipelineRunItem(run: HeadExecution): vscode.TreeItem {
  const item = new vscode.TreeItem(run.pipeline, vscode.TreeItemCollapsibleState.None);
  item.id = `branch-pipeline:${run.pipeline}:${run.execution.id}`;
  const look = run.waitingApproval ? WAITING_LOOK : pipelineStatusLook(run.execution.status);
  item.iconPath = new vscode.ThemeIcon(look.icon, look.color ? new vscode.ThemeColor(look.color) : undefined);
  item.description = [
    "pipeline",
    look.word,
    run.stage && run.execution.status === "InProgress" ? `at ${run.stage}` : undefined,
    executionRevision(run.execution),
    run.execution.startTime ? relativeTime(run.execution.startTime, new Date()) : undefined,
  ]
    .filter(Boolean)
    .join(" · ");
  item.contextValue = run.waitingApproval ? "pipeline approvable" : "pipeline";
  item.command = {
    command: "awsCicd.pipeline.showGraph",
    title: "Show Pipeline Graph",
    arguments: [{ kind: "pipeline", name: run.pipeline }],
  };
  return item;
}
