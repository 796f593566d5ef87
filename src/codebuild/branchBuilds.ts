import * as vscode from "vscode";
import { Disposable } from "../core/disposable";
import type { RepositoryHead } from "../git/repository";
import {
  branchMessage,
  type BranchContext,
  type BranchContributor,
  type BranchRow,
} from "../workbench/currentBranch";
import type { GitHeadWatcher } from "../workbench/gitHeadWatcher";
import type { BuildLogs } from "./buildLogs";
import { buildMatchesHead, lastNews } from "./model/branchBuild";
import type { BuildStore } from "./store";
import { buildItem, buildWatch, phaseItem } from "./treeItems";
import { SECTION } from "./treeNodes";

const MAX_BUILDS = 10;

interface BuildRow extends BranchRow {
  readonly kind: "build";
  readonly id: string;
}
interface PhaseRow extends BranchRow {
  readonly kind: "phase";
  readonly section: typeof SECTION;
  readonly buildId: string;
  readonly index: number;
}
type Row = BuildRow | PhaseRow;

/** The builds of the branch or commit each repository is on, in the Current Branch view. */
export class BranchBuilds extends Disposable implements BranchContributor {
  readonly id = "codebuild";
  readonly order = 20;
  private readonly onDidChangeEmitter = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.onDidChangeEmitter.event;
  private readonly rowsById = new Map<string, BuildRow>();

  constructor(
    private readonly store: BuildStore,
    private readonly logs: BuildLogs,
    private readonly git: GitHeadWatcher,
  ) {
    super();
    const redraw = () => this.onDidChangeEmitter.fire();
    this.register(store.onDidChangeBuild(redraw));
    this.register(store.onDidChangeProjects(redraw));
    this.register(store.onDidChangeProjectBuilds(redraw));
    this.register(logs.onDidChangeFollowing(redraw));
  }

  rows(head: RepositoryHead, context: BranchContext): BranchRow[] {
    const builds = this.store
      .allBuilds()
      .filter((b) => buildMatchesHead(b, head, this.store.origin(b)))
      .sort((a, b) => lastNews(b) - lastNews(a))
      .slice(0, MAX_BUILDS);
    if (builds.length === 0 && !context.problem) {
      return [
        branchMessage(
          head.root,
          `No builds of ${head.branch ?? head.commit?.slice(0, 7) ?? "HEAD"} yet`,
          "play",
          { command: "awsCicd.build.start", title: "Start Build" },
        ),
      ];
    }
    return builds.map((b) => this.row(b.id));
  }

  item(row: BranchRow): vscode.TreeItem {
    const r = row as Row;
    const build = this.store.build(r.kind === "build" ? r.id : r.buildId);
    if (!build) return new vscode.TreeItem("");
    if (r.kind === "phase") {
      const item = phaseItem(r, build);
      item.id = `branch-${item.id ?? ""}`;
      return item;
    }
    const item = buildItem(build, buildWatch(this.store, this.logs, build.id), new Date());
    item.label = `${build.projectName} ${typeof item.label === "string" ? item.label : ""}`;
    item.id = `branch-build:${build.id}`;
    return item;
  }

  children(row: BranchRow): BranchRow[] {
    const r = row as Row;
    if (r.kind !== "build") return [];
    const build = this.store.build(r.id);
    return (build?.phases ?? []).map((_, index): PhaseRow => ({
      contributor: this.id,
      section: SECTION,
      kind: "phase",
      buildId: r.id,
      index,
    }));
  }

  /** The running builds this view shows (they are polled while it is visible). */
  runningIds(): string[] {
    const ids: string[] = [];
    for (const { head } of this.git.all) {
      if (head.kind !== "repository") continue;
      for (const b of this.store.allBuilds())
        if (!b.complete && buildMatchesHead(b, head, this.store.origin(b))) ids.push(b.id);
    }
    return ids;
  }

  private row(id: string): BuildRow {
    let row = this.rowsById.get(id);
    if (!row) this.rowsById.set(id, (row = { contributor: this.id, kind: "build", id }));
    return row;
  }
}
