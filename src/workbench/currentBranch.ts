import * as vscode from "vscode";
import { redactUrl } from "../aws/redact";
import { Disposable, toDisposable, type IDisposable } from "../core/disposable";
import { markOnce } from "../core/marks";
import type { ConnectionHealth } from "./connectionHealth";
import type { RepositoryHead } from "../git/repository";
import type { FolderHead, GitHeadWatcher } from "./gitHeadWatcher";
import { messageItem } from "./tree/messageItem";
import { messageNode, type MessageNode } from "./tree/section";

/** A row a service shows under a repository (a build, a pipeline run…). */
export interface BranchRow {
  /** The id of the contributor that renders it, or "message". */
  readonly contributor: string;
}

/** What the view tells a contributor about the repository it asks rows for. */
export interface BranchContext {
  /** The workspace folder's URI (two folders may be one repository). */
  readonly folder: string;
  /** AWS does not answer: say nothing is there only when that is known. */
  readonly problem: boolean;
}

/** A service's rows in the Current Branch view. */
export interface BranchContributor {
  readonly id: string;
  /** Rows of lower order come first. */
  readonly order: number;
  readonly onDidChange: vscode.Event<unknown>;
  rows(head: RepositoryHead, context: BranchContext): BranchRow[];
  item(row: BranchRow): vscode.TreeItem;
  children(row: BranchRow): BranchRow[];
}

interface RepositoryRow extends BranchRow {
  readonly contributor: "repository";
  readonly folder: string;
}

type Row = BranchRow | RepositoryRow | (MessageNode & { contributor: "message" });

/**
 * "Current Branch": for each repository of the workspace, its branch and HEAD commit and what
 * each service has for it, newest news first. Redraws on git, health and contributor events;
 * it makes no requests of its own.
 */
export class CurrentBranchView extends Disposable implements vscode.TreeDataProvider<Row> {
  private readonly onDidChangeTreeDataEmitter = this.register(new vscode.EventEmitter<undefined>());
  readonly onDidChangeTreeData = this.onDidChangeTreeDataEmitter.event;
  private readonly contributors: BranchContributor[] = [];
  private readonly repositories = new Map<string, RepositoryRow>();
  private timer: NodeJS.Timeout | undefined;
  readonly view: vscode.TreeView<Row>;

  constructor(
    private readonly git: GitHeadWatcher,
    private readonly health: ConnectionHealth,
  ) {
    super();
    this.view = this.register(
      vscode.window.createTreeView("awsCicd.currentBranch", { treeDataProvider: this }),
    );
    this.register(git.onDidChange(() => this.redraw()));
    this.register(health.onDidChange(() => this.redraw()));
    this.register(toDisposable(() => clearTimeout(this.timer)));
  }

  get visible(): boolean {
    return this.view.visible;
  }

  get onDidChangeVisibility(): vscode.Event<vscode.TreeViewVisibilityChangeEvent> {
    return this.view.onDidChangeVisibility;
  }

  addContributor(contributor: BranchContributor): IDisposable {
    this.contributors.push(contributor);
    this.contributors.sort((a, b) => a.order - b.order);
    const listener = contributor.onDidChange(() => this.redraw());
    this.redraw();
    return toDisposable(() => {
      listener.dispose();
      this.contributors.splice(this.contributors.indexOf(contributor), 1);
      this.redraw();
    });
  }

  private redraw(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.onDidChangeTreeDataEmitter.fire(undefined);
    }, 50);
  }

  getTreeItem(row: Row): vscode.TreeItem {
    if (isMessage(row)) {
      const item = messageItem(row);
      item.id = `branch-${item.id ?? ""}`;
      return item;
    }
    if (isRepository(row)) {
      const entry = this.git.all.find((h) => h.folder.uri.toString() === row.folder);
      return entry ? repositoryItem(entry) : new vscode.TreeItem("?");
    }
    return this.contributorOf(row)?.item(row) ?? new vscode.TreeItem("");
  }

  async getChildren(row?: Row): Promise<Row[]> {
    if (!row) {
      markOnce("branch asked");
      const heads = await this.git.readAll();
      return heads.map((h) => this.repositoryRow(h.folder.uri.toString()));
    }
    if (isMessage(row)) return [];
    if (!isRepository(row)) return this.contributorOf(row)?.children(row) ?? [];
    const all = this.git.all;
    const entry = all.find((h) => h.folder.uri.toString() === row.folder);
    if (!entry || entry.head.kind !== "repository") return [];
    const problem = this.health.problem;
    const context: BranchContext = { folder: row.folder, problem: !!problem };
    const rows = this.contributors.flatMap((c) => c.rows(entry.head as RepositoryHead, context));
    if (rows.length > 0) markOnce("branch rows", () => `${rows.length} rows`);
    // Not "no builds": AWS did not answer.
    if (problem) return [branchMessage(row.folder, problem.message, "warning"), ...rows];
    return rows;
  }

  private repositoryRow(folder: string): RepositoryRow {
    let row = this.repositories.get(folder);
    if (!row) this.repositories.set(folder, (row = { contributor: "repository", folder }));
    return row;
  }

  private contributorOf(row: BranchRow): BranchContributor | undefined {
    return this.contributors.find((c) => c.id === row.contributor);
  }
}

/** A message row under a repository ("No builds of main yet"). */
export function branchMessage(
  parentKey: string,
  text: string,
  icon?: string,
  command?: MessageNode["command"],
): BranchRow {
  return { ...messageNode(parentKey, text, icon, command), contributor: "message" };
}

function isMessage(row: Row): row is MessageNode & { contributor: "message" } {
  return row.contributor === "message";
}

function isRepository(row: Row): row is RepositoryRow {
  return row.contributor === "repository";
}

function repositoryItem({ folder, head }: FolderHead): vscode.TreeItem {
  const item = new vscode.TreeItem(folder.name, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `repository:${folder.uri.toString()}`;
  if (head.kind === "repository") {
    const commit = head.commit?.slice(0, 7) ?? "";
    item.iconPath = new vscode.ThemeIcon(head.detached ? "git-commit" : "git-branch");
    item.description = head.detached ? `detached HEAD ${commit}` : `${head.branch ?? ""} · ${commit}`;
    item.tooltip = `${head.root}\n${head.detached ? "Detached HEAD" : `Branch ${head.branch ?? ""}`} at ${head.commit ?? ""}${head.remoteUrl ? `\nRemote: ${redactUrl(head.remoteUrl)}` : ""}`;
  } else {
    item.iconPath = new vscode.ThemeIcon("circle-slash");
    item.collapsibleState = vscode.TreeItemCollapsibleState.None;
    item.description =
      head.reason === "noCommits"
        ? "no commits yet"
        : head.reason === "gitMissing"
          ? "git is not installed"
          : head.reason === "untrusted"
            ? "Restricted Mode: trust the folder to see its branch"
            : "not a git repository";
  }
  return item;
}
