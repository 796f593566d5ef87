import * as vscode from "vscode";
import { Disposable } from "../core/disposable";
import type { BuildLogs } from "./buildLogs";
import { buildDurationMs, buildLabel, isFailure } from "./model/buildStatus";
import type { BuildStore } from "./store";
import { formatDuration } from "../core/format";
import type { Build } from "./model/types";
import { notifyBuildFinished } from "./settings";

/**
 * One notification per finished build the user started or follows (or every watched build,
 * by setting), with "Show Log" and "Open in Console" (and "Show Problems" when it failed).
 */
export class BuildNotifications extends Disposable {
  private readonly notified = new Set<string>();

  constructor(
    private readonly store: BuildStore,
    private readonly logs: BuildLogs,
  ) {
    super();
    this.register(store.onDidFinishBuild((build) => void this.notify(build)));
  }

  private async notify(build: Build): Promise<void> {
    const when = notifyBuildFinished();
    if (when === "off" || this.notified.has(build.id)) return;
    if (when === "followed" && !this.store.wasStartedHere(build.id) && !this.logs.isFollowing(build.id))
      return;
    this.notified.add(build.id);
    const duration = buildDurationMs(build, new Date());
    const took = duration !== undefined ? ` in ${formatDuration(duration)}` : "";
    const name = `${build.projectName} ${buildLabel(build)}`;
    const failedPhase = build.phases.find(
      (p) => p.status && p.status !== "SUCCEEDED" && p.status !== "IN_PROGRESS",
    );
    const actions = ["Show Log", "Open in Console"];
    const args = { kind: "build", id: build.id };
    let choice: string | undefined;
    if (build.status === "SUCCEEDED") {
      choice = await vscode.window.showInformationMessage(`Build ${name} succeeded${took}.`, ...actions);
    } else if (isFailure(build.status)) {
      const where = failedPhase ? ` in phase ${failedPhase.type}` : "";
      // The errors its log names, at their files and lines (they are found as the log is read).
      choice = await vscode.window.showErrorMessage(
        `Build ${name} ${build.status === "TIMED_OUT" ? "timed out" : "failed"}${where}${took}.`,
        "Show Problems",
        ...actions,
      );
    } else {
      choice = await vscode.window.showInformationMessage(`Build ${name} was stopped${took}.`, ...actions);
    }
    if (choice === "Show Problems") await vscode.commands.executeCommand("awsCicd.build.showProblems", args);
    if (choice === "Show Log") await vscode.commands.executeCommand("awsCicd.build.showLog", args);
    if (choice === "Open in Console")
      await vscode.commands.executeCommand("awsCicd.build.openInConsole", args);
  }
}
