import { buildDurationMs, buildLabel, isFailure, phaseName, statusLook } from "./buildStatus";
import { formatDuration, shortSourceVersion } from "../../core/format";
import type { Build } from "./types";

export interface StatusBarLook {
  readonly text: string;
  readonly tooltip: string;
  readonly failed: boolean;
}

/**
 * The one function mapping the current branch's build to the status bar's text and tooltip;
 * `stopping`: this window asked the running build to stop.
 */
export function buildStatusBarLook(build: Build, now: Date, stopping = false): StatusBarLook {
  const name = `${build.projectName} ${buildLabel(build)}`;
  const duration = buildDurationMs(build, now);
  const took = duration !== undefined ? formatDuration(duration) : undefined;
  const source = shortSourceVersion(build.sourceVersion);
  if (!build.complete && stopping) {
    return {
      text: `$(sync~spin) ${name} · stopping`,
      tooltip: `${name} is stopping: CodeBuild ends it in its current phase. Click to show its log.`,
      failed: false,
    };
  }
  if (!build.complete) {
    const phase = phaseName(build.currentPhase ?? "SUBMITTED");
    return {
      text: `$(sync~spin) ${name} · ${phase}`,
      tooltip: `${name} is running (${phase})${source ? ` for ${source}` : ""}. Click to show its log.`,
      failed: false,
    };
  }
  const look = statusLook(build.status);
  const icon =
    build.status === "SUCCEEDED" ? "$(check)" : isFailure(build.status) ? "$(x)" : "$(circle-slash)";
  const word = build.status === "SUCCEEDED" ? "" : ` ${look.word}`;
  return {
    text: `${icon} ${name}${word}${took ? ` · ${took}` : ""}`,
    tooltip: `${name} ${look.word}${took ? ` in ${took}` : ""}${source ? ` (${source})` : ""}. Click to show its log.`,
    failed: isFailure(build.status),
  };
}
