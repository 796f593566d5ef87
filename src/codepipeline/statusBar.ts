import * as vscode from "vscode";
import { Disposable } from "../core/disposable";
import { StatusPriority, statusItem } from "../workbench/statusBar";
import type { GitHeadWatcher } from "../workbench/gitHeadWatcher";
import type { PipelineHeadTracker } from "./headTracker";
import { headRunStatusBarLook, HeadRunNotices, type HeadExecution, type HeadRunEvent } from "./model/headRun";

/**
 * The pipeline execution carrying the current folder's HEAD in the status bar (stage reached,
 * spinning while it runs), and one notification when one carrying a folder's HEAD succeeds,
 * fails or waits for an approval.
 */
export class PipelineStatusBar extends Disposable {
  private readonly item = this.register(
    statusItem("pipeline", "AWS CI/CD Pipeline", StatusPriority.pipeline),
  );
  private readonly notices = new HeadRunNotices();

  constructor(
    private readonly tracker: PipelineHeadTracker,
    git: GitHeadWatcher,
  ) {
    super();
    this.register(tracker.onDidChange(() => this.render()));
    // Another folder's file: that folder's execution (already known).
    this.register(git.onDidChangeCurrent(() => this.show(this.tracker.current)));
  }

  private render(): void {
    this.show(this.tracker.current);
    // Every folder's commit is the user's: each execution's event is told once, shown or not.
    for (const head of this.tracker.all) {
      const event = this.notices.next(head);
      if (event) void notify(head.pipeline, event);
    }
  }

  /** The current folder's execution (the active editor's). */
  private show(head: HeadExecution | undefined): void {
    if (!head) return this.item.hide();
    const look = headRunStatusBarLook(head);
    this.item.text = look.text;
    this.item.tooltip = look.tooltip;
    this.item.backgroundColor = look.failed
      ? new vscode.ThemeColor("statusBarItem.errorBackground")
      : undefined;
    this.item.command = {
      command: "awsCicd.pipeline.showGraph",
      title: "Show Pipeline Graph",
      arguments: [{ kind: "pipeline", name: head.pipeline }],
    };
    this.item.show();
  }
}

async function notify(pipeline: string, event: HeadRunEvent): Promise<void> {
  const graph = { kind: "pipeline", name: pipeline };
  if (event === "approval") {
    const choice = await vscode.window.showInformationMessage(
      `${pipeline} is waiting for an approval (it carries your commit).`,
      "Approve or Reject…",
      "Show Graph",
    );
    if (choice === "Approve or Reject…")
      await vscode.commands.executeCommand("awsCicd.pipeline.approve", graph);
    if (choice === "Show Graph") await vscode.commands.executeCommand("awsCicd.pipeline.showGraph", graph);
    return;
  }
  const message = `${pipeline} ${event === "Succeeded" ? "succeeded" : "failed"} for your commit.`;
  const choice =
    event === "Succeeded"
      ? await vscode.window.showInformationMessage(message, "Show Graph")
      : await vscode.window.showErrorMessage(message, "Show Graph");
  if (choice) await vscode.commands.executeCommand("awsCicd.pipeline.showGraph", graph);
}
