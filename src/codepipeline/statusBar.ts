import * as vscode from "vscode";
import { pipelineStatusLook } from "./model/status";
import type { HeadExecution, PipelineHeadTracker } from "./headTracker";

/**
 * The pipeline execution carrying HEAD in the status bar (stage reached, spinning while it
 * runs), and one notification when it succeeds, fails or waits for an approval.
 */
export class PipelineStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    "awsCicd.pipeline",
    vscode.StatusBarAlignment.Left,
    48,
  );
  private readonly disposables: vscode.Disposable[] = [this.item];
  private readonly notified = new Set<string>();

  constructor(tracker: PipelineHeadTracker) {
    this.item.name = "AWS CI/CD Pipeline";
    this.disposables.push(tracker.onDidChange((head) => this.render(head)));
  }

  private render(head: HeadExecution | undefined): void {
    if (!head) return this.item.hide();
    const { pipeline, execution } = head;
    const status = execution.status;
    const look = pipelineStatusLook(status);
    const text = head.waitingApproval
      ? `$(person) ${pipeline} · waiting for approval`
      : status === "InProgress"
        ? `$(sync~spin) ${pipeline}${head.stage ? ` · ${head.stage}` : ""}`
        : `${status === "Succeeded" ? "$(check)" : status === "Failed" ? "$(x)" : "$(circle-slash)"} ${pipeline}${status === "Succeeded" ? "" : ` ${look.word}`}`;
    this.item.text = text;
    this.item.tooltip = `${pipeline}: execution ${execution.id.slice(0, 8)} of your HEAD commit is ${head.waitingApproval ? "waiting for approval" : look.word}. Click for the pipeline graph.`;
    this.item.backgroundColor =
      status === "Failed" ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
    this.item.command = {
      command: "awsCicd.pipeline.showGraph",
      title: "Show Pipeline Graph",
      arguments: [{ kind: "pipeline", name: pipeline }],
    };
    this.item.show();
    void this.notify(head);
  }

  /** One notification per event, and an ending only for an execution seen running here. */
  private async notify(head: HeadExecution): Promise<void> {
    const { pipeline, execution } = head;
    if (execution.status === "InProgress") this.seenRunning.add(execution.id);
    const event = head.waitingApproval ? "approval" : execution.status;
    const key = `${execution.id}:${event}`;
    if (this.notified.has(key)) return;
    if (
      event !== "approval" &&
      !(this.seenRunning.has(execution.id) && (event === "Succeeded" || event === "Failed"))
    )
      return;
    this.notified.add(key);
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

  private readonly seenRunning = new Set<string>();

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
