import * as vscode from "vscode";
import { Disposable, toDisposable, type IDisposable } from "../../core/disposable";
import { FirstLoads } from "../../core/firstLoads";
import { mark, markOnce } from "../../core/marks";
import type { ConnectionHealth } from "../connectionHealth";
import { messageItem } from "./messageItem";
import { messageNode, type MessageNode, type TreeNode, type TreeSection } from "./section";

/** Refreshes are gathered this long and fired together. */
const FLUSH_MS = 30;
/** The longest the sections after the first wait for it, the first time (see `FirstLoads`). */
const OTHERS_AFTER_MS = 2_000;

/**
 * The pipeline tree (`awsCicd.pipelines`): one section per AWS service, in the order they were
 * added. It renders what the sections say and batches their refreshes; when no section can
 * load, it shows nothing and its welcome view explains why (no credentials, unreachable…).
 */
export class RootTree extends Disposable implements vscode.TreeDataProvider<TreeNode> {
  private readonly onDidChangeTreeDataEmitter = this.register(
    new vscode.EventEmitter<TreeNode | TreeNode[] | undefined>(),
  );
  readonly onDidChangeTreeData = this.onDidChangeTreeDataEmitter.event;
  private readonly sections: TreeSection[] = [];
  readonly view: vscode.TreeView<TreeNode>;
  /** A parent and its child refreshed separately in one tick make VS Code register the child twice. */
  private pending: Set<TreeNode> | "all" | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private empty = false;
  /** Whether the sections have been shown (the first round of loads has started). */
  private shownOnce = false;
  /** Every section failed in the first round: the next ask for the sections shows the failure. */
  private failedFirstRound: PromiseRejectedResult | undefined;
  /** Counts resets: what a round learns after a reset is not about the tree shown now. */
  private generation = 0;
  /** The sections whose rows VS Code has been given since the last reset. */
  private readonly listed = new Set<TreeSection>();
  /** CodeBuild first, alone, the first time (see `FirstLoads`). */
  private readonly loads = this.register(
    new FirstLoads<TreeSection>(OTHERS_AFTER_MS, (section) => markOnce(`section loaded ${section.id}`)),
  );

  /**
   * @param connected resolves once the connection in force is known (its region is on the
   *   section rows): the tree's first answer waits for it, so no row is drawn twice for it.
   */
  constructor(
    private readonly health: ConnectionHealth,
    private readonly connected: () => Promise<unknown>,
  ) {
    super();
    this.view = this.register(
      vscode.window.createTreeView("awsCicd.pipelines", { treeDataProvider: this, showCollapseAll: true }),
    );
    this.register(toDisposable(() => clearTimeout(this.flushTimer)));
    // What the tree shows first is asked for as soon as it is visible, not a round trip later
    // when VS Code asks for its rows (the same request: the stores answer both with one).
    const prefetch = () => {
      const first = this.sections[0];
      if (!first || !this.view.visible) return;
      markOnce("tree visible");
      first.load().catch(() => undefined);
    };
    this.register(
      this.view.onDidChangeVisibility(({ visible }) => {
        if (visible) prefetch();
      }),
    );
    // A problem above the tree while it shows something; an empty tree shows its welcome view
    // instead (a message would hide it).
    this.register(health.onDidChange(() => this.showProblem()));
  }

  /** The problem above the rows; none when the tree is empty (its welcome view says it). */
  private showProblem(): void {
    const problem = this.health.problem;
    this.view.message = problem && !this.empty ? problem.message : undefined;
  }

  /** Expansions, collapses and visibility, for the sections' polling. */
  get onDidExpand(): vscode.Event<vscode.TreeViewExpansionEvent<TreeNode>> {
    return this.view.onDidExpandElement;
  }
  get onDidCollapse(): vscode.Event<vscode.TreeViewExpansionEvent<TreeNode>> {
    return this.view.onDidCollapseElement;
  }
  get onDidChangeVisibility(): vscode.Event<vscode.TreeViewVisibilityChangeEvent> {
    return this.view.onDidChangeVisibility;
  }
  get visible(): boolean {
    return this.view.visible;
  }

  addSection(section: TreeSection): IDisposable {
    this.sections.push(section);
    const listener = section.onDidChange((nodes) => {
      // A whole section changed: VS Code has its rows to redraw only if it was given them. A
      // list loaded while VS Code waits for the rows arrives with them (redrawing right after
      // would render every row twice, and a click between the two renders loses its row);
      // rows not asked for yet are asked for when shown.
      if (!nodes) {
        if (this.listed.has(section)) this.enqueue(section.root);
      } else for (const node of nodes) this.enqueue(node);
    });
    this.refresh();
    return toDisposable(() => {
      listener.dispose();
      this.listed.delete(section);
      this.sections.splice(this.sections.indexOf(section), 1);
      this.refresh();
    });
  }

  /** Forgets every node and renders the tree again (a new connection, or Refresh). */
  reset(): void {
    this.failedFirstRound = undefined;
    this.generation++;
    this.listed.clear();
    for (const section of this.sections) section.reset();
    this.refresh();
  }

  refresh(): void {
    this.pending = "all";
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private enqueue(node: TreeNode): void {
    if (this.pending === "all") return;
    const pending = this.pending ?? new Set<TreeNode>();
    pending.add(node);
    this.pending = pending;
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    this.flushTimer = undefined;
    const pending = this.pending;
    this.pending = undefined;
    if (pending === "all") return this.onDidChangeTreeDataEmitter.fire(undefined);
    if (!pending) return;
    // A refreshed node re-renders its children: drop the pending nodes below another one.
    const nodes = [...pending].filter((node) => !this.ancestors(node).some((a) => pending.has(a)));
    this.onDidChangeTreeDataEmitter.fire(nodes);
  }

  private ancestors(node: TreeNode): TreeNode[] {
    const out: TreeNode[] = [];
    for (let p = this.getParent(node); p && out.length < 16; p = this.getParent(p)) out.push(p);
    return out;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    if (isMessage(node)) return messageItem(node);
    const section = this.sectionOf(node);
    return section ? section.item(node, new Date()) : new vscode.TreeItem("");
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) return this.roots();
    if (isMessage(node)) return [];
    const section = this.sectionOf(node);
    if (section && node === section.root) markOnce(`tree asked rows ${section.id}`);
    if (section && node === section.root && section !== this.sections[0] && !this.loads.hasSettled(section)) {
      // VS Code asks for every section's rows in one batch and shows none of them until the
      // slowest has answered: a section still loading after the first says so, and its rows
      // follow (the first section's rows are awaited: they are what the user waits for). Only
      // the first time: later loads (a refresh) are awaited, since replacing the rows would
      // collapse what the user expanded.
      const reload = () => this.enqueue(section.root);
      this.loads.load(section).then(reload, reload);
      return [messageNode(section.id, "Loading…", "loading~spin")];
    }
    const children = (await section?.children(node)) ?? [];
    if (section && node === section.root) {
      this.listed.add(section);
      // Each time (not once): a second return soon after the first is a redraw (the bench counts them).
      mark(`tree rows ${section.id}`, () => `${children.length} rows`);
      if (section === this.sections[0]) this.loads.startOthers();
    }
    return children;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    if (isMessage(node)) return undefined;
    return this.sectionOf(node)?.parent(node);
  }

  /** Whether the tree shows nothing (a welcome view explains why). */
  get isEmpty(): boolean {
    return this.empty;
  }

  /**
   * The sections' nodes: the first time at once (VS Code then asks for their rows while the
   * first section loads, instead of a round trip after it), later as soon as one section has
   * loaded. None when every section fails: the welcome view for the problem shows instead.
   */
  private async roots(): Promise<TreeNode[]> {
    markOnce("tree asked");
    const sections = [...this.sections];
    if (sections.length === 0) return [];
    if (this.failedFirstRound) {
      // Every section failed in the first round (below): this is the refresh that says so.
      const failure = this.failedFirstRound;
      this.failedFirstRound = undefined;
      return this.showFailure(failure.reason);
    }
    // The first time, CodeBuild loads alone; the others once it has (see FirstLoads).
    const firstRound = !this.shownOnce;
    this.shownOnce = true;
    const loads = this.loads.round(sections);
    const settled = Promise.allSettled(loads);
    const reportEach = (results: PromiseSettledResult<void>[]) => {
      // A service that fails alone (no permission for it) says so in its own section.
      results.forEach((l, i) => {
        if (l.status === "rejected") this.health.reportFor(l.reason, sections[i]?.id ?? "tree");
      });
      if (results.every((l) => l.status === "fulfilled")) this.health.ok();
    };
    if (firstRound) {
      const generation = this.generation;
      void settled.then((results) => {
        if (generation !== this.generation) return;
        const failure = results.find((l): l is PromiseRejectedResult => l.status === "rejected");
        if (failure && results.every((l) => l.status === "rejected")) {
          this.failedFirstRound = failure;
          this.refresh();
        } else reportEach(results);
      });
      // A few ms of config-file reads, which every request waits for anyway: the section rows
      // are drawn once, with their region, instead of again when it is known.
      await this.connected().catch(() => undefined);
      this.empty = false;
      this.showProblem();
      return sections.map((s) => s.root);
    }
    try {
      await Promise.any(loads);
    } catch {
      const failure = (await settled).find((l): l is PromiseRejectedResult => l.status === "rejected");
      return this.showFailure(failure?.reason);
    }
    this.empty = false;
    this.showProblem();
    void settled.then(reportEach);
    return sections.map((s) => s.root);
  }

  /** An empty tree: its welcome view says what failed. */
  private showFailure(reason: unknown): TreeNode[] {
    this.empty = true;
    // A poll may have reported the same problem while the tree still had rows: the report
    // below changes nothing, so the message it set is taken down here.
    this.showProblem();
    this.health.report(reason, "tree");
    return [];
  }

  private sectionOf(node: TreeNode): TreeSection | undefined {
    return this.sections.find((s) => s.id === node.section);
  }
}

function isMessage(node: TreeNode): node is MessageNode {
  return node.section === "message";
}
