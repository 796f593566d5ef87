// Writes build log lines into CloudWatch Logs the way the CodeBuild agent does.
import type { LogLine } from "./build-plan";
import type { BuildRecord, RegionState } from "./state";

let lastMs = 0;
let micro = 0;
const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

/** "2026/11/29 10:00:01.123456" (UTC), the CodeBuild agent's timestamp format. */
export function agentTime(ms: number): string {
  const d = new Date(ms);
  // Sub-millisecond digits: increasing within a millisecond, so lines stay in order.
  micro = ms === lastMs ? Math.min(999, micro + 1) : (ms * 37) % 500;
  lastMs = ms;
  return (
    `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}${pad(micro, 3)}`
  );
}

/** Like the CodeBuild agent, every message is one line ending in "\n" (so a blank line is "\n"). */
export function formatLine(line: LogLine, at: number): string {
  return line.container ? `[Container] ${agentTime(at)} ${line.text}\n` : `${line.text}\n`;
}

export function logGroupFor(projectName: string): string {
  return `/aws/codebuild/${projectName}`;
}

/** Creates the build's log group and stream (CodeBuild does this when the container starts). */
export function openBuildLog(region: RegionState, build: BuildRecord, now: number): void {
  const group = logGroupFor(build.projectName);
  region.logs.ensureStream(group, build.uuid, now);
  build.logStream = { group, stream: build.uuid };
}

/** Writes lines stamped `at` (default: now), ingested at `ingestedAt`. No-op before the stream exists. */
export function writeBuildLines(
  region: RegionState,
  build: BuildRecord,
  lines: LogLine[],
  at: number,
  ingestedAt = at,
): void {
  if (!build.logStream || lines.length === 0) return;
  const stream = region.logs.ensureStream(build.logStream.group, build.logStream.stream, at);
  region.logs.append(
    stream,
    lines.map((l) => ({ timestamp: at, message: formatLine(l, at) })),
    ingestedAt,
  );
}
