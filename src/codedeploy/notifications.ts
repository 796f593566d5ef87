import * as vscode from "vscode";
import { Disposable } from "../core/disposable";
import { formatDuration } from "../core/format";
import { deploymentDurationMs, firstFailure } from "./model/status";
import type { Deployment } from "./model/types";
import type { DeployStore } from "./store";

/** One notification when a deployment the user started ends; a failed one offers "Show Failure". */
export class DeployNotifications extends Disposable {
  private readonly started = new Set<string>();
  private readonly notified = new Set<string>();

  constructor(private readonly store: DeployStore) {
    super();
    this.register(store.onDidFinishDeployment((d) => void this.notify(d)));
  }

  startedByUser(id: string): void {
    this.started.add(id);
  }

  private async notify(d: Deployment): Promise<void> {
    if (!this.started.has(d.id) || this.notified.has(d.id)) return;
    this.notified.add(d.id);
    const duration = deploymentDurationMs(d, new Date());
    const took = duration !== undefined ? ` in ${formatDuration(duration)}` : "";
    const name = `${d.id} to ${d.application}/${d.group}`;
    const rollback = d.rollback?.rollbackDeploymentId
      ? ` It is being rolled back by ${d.rollback.rollbackDeploymentId}.`
      : d.rollback?.message
        ? ` ${d.rollback.message}`
        : "";
    const arg = { kind: "deployment", id: d.id };
    let choice: string | undefined;
    if (d.status === "Succeeded") {
      choice = await vscode.window.showInformationMessage(
        `Deployment ${name} succeeded${took}.`,
        "Show Deployment",
      );
    } else if (d.status === "Failed") {
      // Name the failed hook when the targets are known (they are read when the deployment ends).
      await this.store.loadTargets(d.id).catch(() => undefined);
      const failure = firstFailure(this.store.targetsOf(d.id) ?? []);
      // The hook and target that failed; when the event says nothing itself (ECS, Lambda, a revision
      // that could not be read), the deployment's own error says what to fix.
      const event = failure
        ? `${failure.event.name} failed on ${failure.target.id}${failure.event.diagnostics?.errorCode ? ` (${failure.event.diagnostics.errorCode})` : ""}`
        : undefined;
      const reason =
        d.error?.message &&
        (!failure?.event.diagnostics?.message || d.error.code !== "HOOK_EXECUTION_FAILURE")
          ? d.error.message
          : undefined;
      const where = [event, reason].filter(Boolean).join(": ");
      choice = await vscode.window.showErrorMessage(
        `Deployment ${name} failed${where ? `: ${where.replace(/\.$/, "")}` : ""}.${rollback}`,
        "Show Failure",
        "Show Deployment",
      );
    } else {
      choice = await vscode.window.showWarningMessage(
        `Deployment ${name} was stopped${took}.${rollback}`,
        "Show Deployment",
      );
    }
    if (choice === "Show Failure") await vscode.commands.executeCommand("awsCicd.deploy.showFailure", arg);
    if (choice === "Show Deployment")
      await vscode.commands.executeCommand("awsCicd.deploy.showDeployment", arg);
  }
}
