import * as vscode from "vscode";
import { Disposable } from "../core/disposable";
import { StatusPriority, statusItem } from "../workbench/statusBar";
import type { PipelineHeadTracker } from "./headTracker";
import { headRunStatusBarLook, HeadRunNotices, type HeadExecution, type HeadRunEvent } from "./model/headRun";

/**
 * The pipeline execution carrying HEAD in the status bar (stage reached, spinning while it
 * runs), and one notification when it succeeds, fails or waits for an approval.
 */
export class PipelineStatusBar extends Disposable {
  private readonly item = this.register(
    statusItem("pipeline", "AWS CI/CD Pipeline", StatusPriority.pipeline),
  );
  private readonly notices = new HeadRunNotices();

  constructor(tracker: PipelineHeadTracker) {
    super();
    // The first folder's; another folder's change leaves it as it is (its notices are told once).
    this.register(tracker.onDidChange(() => this.render(tracker.current)));
  }

  private render(head: HeadExecution | undefined): void {
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
    const event = this.notices.next(head);
    if (event) void notify(head.pipeline, event);
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
