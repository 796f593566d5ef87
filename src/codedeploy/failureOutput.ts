import * as vscode from "vscode";
import { Disposable } from "../core/disposable";
import { formatDuration } from "../core/format";
import { eventDurationMs, firstFailure, revisionLabel } from "./model/status";
import type { Deployment, DeploymentTarget, LifecycleEvent } from "./model/types";

/**
 * "Show Failure": the failed deployment's error, the target and lifecycle event that failed,
 * the script, its message and the log tail CodeDeploy kept — in one output channel.
 */
export class DeployFailureOutput extends Disposable {
  private readonly channel = this.register(vscode.window.createOutputChannel("AWS CI/CD: CodeDeploy"));

  show(
    d: Deployment,
    targets: readonly DeploymentTarget[],
    wanted?: { target?: string; event?: string },
  ): void {
    const chosen = wanted?.target ? targets.find((t) => t.id === wanted.target) : undefined;
    const event = chosen?.events.find((e) =>
      wanted?.event ? e.name === wanted.event : e.status === "Failed",
    );
    const failure = chosen && event ? { target: chosen, event } : firstFailure(targets);
    const lines = [
      `Deployment ${d.id} to ${d.application}/${d.group}: ${d.status}`,
      `Revision: ${revisionLabel(d.revision)}${d.description ? ` — ${d.description}` : ""}`,
    ];
    if (d.error?.message) lines.push(`Error: ${d.error.code ? `${d.error.code}: ` : ""}${d.error.message}`);
    if (d.rollback?.rollbackDeploymentId) lines.push(`Rolled back by ${d.rollback.rollbackDeploymentId}.`);
    else if (d.rollback?.message) lines.push(d.rollback.message);
    lines.push("");
    if (failure) lines.push(...eventLines(failure.target, failure.event));
    else
      lines.push("No lifecycle event of its targets failed (the deployment failed before or around them).");
    const others = targets.filter(
      (t) => t !== failure?.target && t.events.some((e) => e.status === "Failed"),
    );
    for (const t of others) {
      const e = t.events.find((x) => x.status === "Failed");
      if (e) lines.push("", ...eventLines(t, e));
    }
    this.channel.clear();
    this.channel.appendLine(lines.join("\n"));
    this.channel.show(true);
  }
}

function eventLines(t: DeploymentTarget, e: LifecycleEvent): string[] {
  const took = eventDurationMs(e, new Date());
  const out = [
    `${e.name} failed on ${t.id}${took !== undefined ? ` after ${formatDuration(took)}` : ""}`,
    ...(e.diagnostics?.errorCode ? [`Error code: ${e.diagnostics.errorCode}`] : []),
    ...(e.diagnostics?.scriptName ? [`Script: ${e.diagnostics.scriptName}`] : []),
    ...(e.diagnostics?.message ? [`Message: ${e.diagnostics.message}`] : []),
  ];
  const tail = e.diagnostics?.logTail?.trim();
  out.push(tail ? `Log tail:\n${tail}` : "Log tail: (empty — the script wrote nothing CodeDeploy kept)");
  return out;
}
