import { formatDuration } from "../../core/format";
import { currentEvent, deploymentDurationMs, deploymentLook, isActive, progressPercent } from "./status";
import type { Deployment, DeploymentTarget } from "./types";

export interface DeployStatusBarLook {
  readonly text: string;
  readonly tooltip: string;
  readonly failed: boolean;
}

/** The one function mapping a deployment the user started to the status bar's text and tooltip. */
export function deployStatusBarLook(
  d: Deployment,
  targets: readonly DeploymentTarget[] | undefined,
  now: Date,
): DeployStatusBarLook {
  const name = `${d.application}/${d.group}`;
  const duration = deploymentDurationMs(d, now);
  const took = duration !== undefined ? formatDuration(duration) : undefined;
  if (isActive(d)) {
    // The targets, when read, are fresher than the deployment's overview.
    const done = targets?.filter((t) => ["Succeeded", "Failed", "Skipped"].includes(t.status)).length;
    const percent =
      targets && targets.length > 0 && done !== undefined
        ? Math.round((done / targets.length) * 100)
        : progressPercent(d);
    const running = targets?.find((t) => t.status === "InProgress");
    const phase =
      d.status === "Ready" ? "waiting to reroute" : running ? currentEvent(running)?.name : undefined;
    const parts = [percent !== undefined ? `${percent}%` : undefined, phase].filter(Boolean).join(" · ");
    return {
      text: `$(${d.status === "Ready" ? "debug-pause" : "sync~spin"}) ${name}${parts ? ` · ${parts}` : ""}`,
      tooltip: `Deployment ${d.id} to ${name} is ${deploymentLook(d).word}${percent !== undefined ? ` (${percent}% of targets done)` : ""}. Click to show it.`,
      failed: false,
    };
  }
  const icon = d.status === "Succeeded" ? "$(check)" : d.status === "Failed" ? "$(x)" : "$(circle-slash)";
  const word = d.status === "Succeeded" ? "" : ` ${deploymentLook(d).word}`;
  return {
    text: `${icon} ${name}${word}${took ? ` · ${took}` : ""}`,
    tooltip: `Deployment ${d.id} to ${name} ${deploymentLook(d).word}${took ? ` in ${took}` : ""}. Click to show it.`,
    failed: d.status === "Failed",
  };
}
