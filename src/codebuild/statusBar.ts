import * as vscode from "vscode";
import { Disposable } from "../core/disposable";
import type { GitHeadWatcher } from "../workbench/gitHeadWatcher";
import { StatusPriority, statusItem } from "../workbench/statusBar";
import { currentBranchBuild } from "./model/branchBuild";
import { buildStatusBarLook } from "./model/statusBarText";
import type { Build } from "./model/types";
import type { BuildStore } from "./store";

/**
 * The build of the current branch (of the current folder's repository: the active editor's):
 * running (phase, spinner) or last finished (✓/✗, duration).
 */
export class BuildStatusBar extends Disposable {
  private readonly item = this.register(statusItem("build", "AWS CI/CD Build", StatusPriority.build));
  private shown: Build | undefined;

  constructor(
    private readonly store: BuildStore,
    private readonly git: GitHeadWatcher,
  ) {
    super();
    this.register(store.onDidChangeBuild(() => this.render()));
    this.register(store.onDidChangeProjects(() => this.render()));
    this.register(store.onDidChangeProjectBuilds(() => this.render()));
    this.register(git.onDidChange(() => this.render()));
    this.register(git.onDidChangeCurrent(() => this.render()));
  }

  /** The build shown, for the poller (it keeps a running one fresh). */
  get build(): Build | undefined {
    return this.shown;
  }

  render(): void {
    const head = this.git.current;
    const build =
      head?.kind === "repository"
        ? currentBranchBuild(this.store.allBuilds(), head, (b) => this.store.origin(b))
        : undefined;
    this.shown = build;
    if (!build) {
      this.item.hide();
      return;
    }
    const look = buildStatusBarLook(build, new Date(), this.store.isStopping(build.id));
    this.item.text = look.text;
    this.item.tooltip = look.tooltip;
    this.item.backgroundColor = look.failed
      ? new vscode.ThemeColor("statusBarItem.errorBackground")
      : undefined;
    this.item.command = {
      command: "awsCicd.build.showLog",
      title: "Show Build Log",
      arguments: [{ kind: "build", id: build.id }],
    };
    this.item.show();
  }
}
