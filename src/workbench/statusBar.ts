import * as vscode from "vscode";
import { connectionLabel } from "../aws/connection";
import { currentBranchBuild } from "../codebuild/model/branchBuild";
import type { BuildStore } from "../codebuild/store";
import { buildStatusBarLook } from "../codebuild/model/statusBarText";
import type { Build } from "../codebuild/model/types";
import type { ConnectionManager } from "./connectionManager";
import type { GitHeadWatcher } from "./gitHeadWatcher";
import type { ConnectionHealth } from "./connectionHealth";

/** `profile · region`, with a warning when AWS does not answer; click to switch. */
export class ConnectionStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    "awsCicd.connection",
    vscode.StatusBarAlignment.Left,
    50,
  );
  private readonly disposables: vscode.Disposable[] = [this.item];

  constructor(
    private readonly connection: ConnectionManager,
    private readonly health: ConnectionHealth,
  ) {
    this.item.name = "AWS CI/CD Connection";
    this.item.command = "awsCicd.connection.pick";
    this.disposables.push(
      connection.onDidResolve(() => this.render()),
      health.onDidChange(() => this.render()),
    );
    this.render();
    this.item.show();
  }

  render(): void {
    const connection = this.connection.current;
    const problem = this.health.problem;
    if (!connection) {
      this.item.text = "$(loading~spin) AWS";
      this.item.tooltip = "Resolving the AWS profile and region…";
      return;
    }
    this.item.text = `${problem ? "$(warning)" : "$(cloud)"} ${connectionLabel(connection)}`;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(
      `**AWS CI/CD** — profile \`${connection.profile ?? "default chain"}\`, region \`${connection.region}\``,
    );
    if (connection.endpoint)
      tooltip.appendMarkdown(`\n\nEndpoint: \`${connection.endpoint}\` (from ${connection.endpointSource})`);
    if (problem) tooltip.appendMarkdown(`\n\n$(warning) ${problem.message}`);
    tooltip.appendMarkdown("\n\nClick to switch profile or region.");
    tooltip.supportThemeIcons = true;
    this.item.tooltip = tooltip;
    this.item.backgroundColor = problem
      ? new vscode.ThemeColor("statusBarItem.warningBackground")
      : undefined;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** The build of the current branch: running (phase, spinner) or last finished (✓/✗, duration). */
export class BuildStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    "awsCicd.build",
    vscode.StatusBarAlignment.Left,
    49,
  );
  private readonly disposables: vscode.Disposable[] = [this.item];
  private shown: Build | undefined;

  constructor(
    private readonly store: BuildStore,
    private readonly git: GitHeadWatcher,
  ) {
    this.item.name = "AWS CI/CD Build";
    this.disposables.push(
      store.onDidChangeBuild(() => this.render()),
      store.onDidChangeProjects(() => this.render()),
      store.onDidChangeProjectBuilds(() => this.render()),
      git.onDidChange(() => this.render()),
    );
  }

  /** The build shown, for the poller (it keeps a running one fresh). */
  get build(): Build | undefined {
    return this.shown;
  }

  render(): void {
    const head = this.git.current;
    const build = head?.kind === "repository" ? currentBranchBuild(this.store.allBuilds(), head) : undefined;
    this.shown = build;
    if (!build) {
      this.item.hide();
      return;
    }
    const look = buildStatusBarLook(build, new Date());
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

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
