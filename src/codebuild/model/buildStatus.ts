import type { StatusLook } from "../../core/statusLook";
import type { Build, BuildStatus, Phase } from "./types";
import { formatDuration } from "../../core/format";

const LOOKS: Record<BuildStatus, StatusLook> = {
  IN_PROGRESS: { icon: "sync~spin", word: "running" },
  SUCCEEDED: { icon: "pass", color: "testing.iconPassed", word: "succeeded" },
  FAILED: { icon: "error", color: "testing.iconFailed", word: "failed" },
  FAULT: { icon: "error", color: "testing.iconFailed", word: "faulted" },
  TIMED_OUT: { icon: "watch", color: "testing.iconFailed", word: "timed out" },
  STOPPED: { icon: "circle-slash", color: "disabledForeground", word: "stopped" },
};

export function statusLook(status: BuildStatus): StatusLook {
  return LOOKS[status];
}

export function isRunning(build: Build): boolean {
  return !build.complete;
}

export function isFailure(status: BuildStatus): boolean {
  return status === "FAILED" || status === "FAULT" || status === "TIMED_OUT";
}

export function phaseLook(phase: Phase, buildComplete: boolean, buildStatus?: BuildStatus): StatusLook {
  // CodeBuild's last "phase" has no status of its own: it is the build's end.
  if (phase.type === "COMPLETED" && buildComplete && buildStatus) return LOOKS[buildStatus];
  switch (phase.status) {
    case undefined:
      return buildComplete
        ? { icon: "circle-outline", word: "not run" }
        : { icon: "sync~spin", word: "running" };
    case "SUCCEEDED":
      return LOOKS.SUCCEEDED;
    case "FAILED":
    case "FAULT":
    case "CLIENT_ERROR":
      return LOOKS.FAILED;
    case "TIMED_OUT":
      return LOOKS.TIMED_OUT;
    case "STOPPED":
      return LOOKS.STOPPED;
    case "IN_PROGRESS":
      return LOOKS.IN_PROGRESS;
    default:
      return { icon: "circle-outline", word: phase.status.toLowerCase() };
  }
}

/** `PRE_BUILD` → `Pre build`. */
export function phaseName(type: string): string {
  const words = type.toLowerCase().replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function buildLabel(build: Build): string {
  return build.number !== undefined
    ? `#${build.number}`
    : (build.id.split(":").pop() ?? build.id).slice(0, 8);
}

/** The build's elapsed time: end − start, or now − start while it runs. */
export function buildDurationMs(build: Build, now: Date): number | undefined {
  if (!build.startTime) return undefined;
  const end = build.endTime ?? (build.complete ? undefined : now);
  return end ? end.getTime() - build.startTime.getTime() : undefined;
}

/** The line written at the end of a followed log. */
export function summaryLine(build: Build, now: Date): string {
  const duration = buildDurationMs(build, now);
  const took = duration !== undefined ? ` in ${formatDuration(duration)}` : "";
  const failedPhase = build.phases.find(
    (p) => p.status && p.status !== "SUCCEEDED" && p.status !== "IN_PROGRESS",
  );
  const where =
    isFailure(build.status) && failedPhase ? ` (phase ${failedPhase.type} ${failedPhase.status})` : "";
  return `──── Build ${build.projectName} ${buildLabel(build)} ${build.status}${where}${took} ────`;
}
