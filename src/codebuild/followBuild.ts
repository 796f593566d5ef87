import type { BuildStore } from "./store";
import { followLog, type FollowOptions, type FollowResult } from "../logs/follower";
import type { LogLocation, LogsApi } from "../logs/types";
import type { Build } from "./model/types";

/** How often to ask for a build whose log stream CodeBuild has not named yet: after 1 s, 2 s, then every 3 s. */
const LOCATE_STEP_MS = 1000;
const LOCATE_MAX_MS = 3000;
/** After the log says the last phase with output is done, ask for the build's end this soon. */
const END_CHECK_MS = 1500;

/** CodeBuild's own lines: "[Container] 2026/11/29 10:00:01.123456 Entering phase BUILD". */
const ENTERING_PHASE = /^\[Container\] \S+ \S+ Entering phase (\w+)/;
const LAST_PHASE_DONE = /^\[Container\] \S+ \S+ Phase complete: UPLOAD_ARTIFACTS\b/;

export interface FollowBuildOptions extends Partial<
  Omit<FollowOptions, "api" | "location" | "isComplete" | "onLines" | "signal">
> {
  readonly store: BuildStore;
  readonly logs: LogsApi;
  readonly build: Build;
  readonly signal: AbortSignal;
  readonly onLines: FollowOptions["onLines"];
  /** The build is past provisioning without a log stream: its project sends no logs to CloudWatch. */
  readonly onLogsOff?: () => void;
}

const BEFORE_LOGS = new Set(["SUBMITTED", "QUEUED", "PROVISIONING"]);

/** Whether the build has left provisioning (the phase in which CodeBuild creates the log stream). */
function pastProvisioning(build: Build): boolean {
  if (build.complete) return build.phases.some((p) => p.type === "PROVISIONING" && p.status === "SUCCEEDED");
  return !!build.currentPhase && !BEFORE_LOGS.has(build.currentPhase);
}

/**
 * Follows a build's CloudWatch log with its status from the store. CodeBuild names the log
 * stream only when the build provisions: until then the build is asked for again after one
 * second, two, then every three (sharing the request with any other poll of it). While the log
 * flows it tells the phase ("Entering phase BUILD"), which the store takes at once without a
 * request, and when the last phase with output is done the build's end is asked for — so a
 * followed build whose log is on screen needs only a slow status poll besides. A log nobody
 * looks at is read seldom: the store seeing the build end wakes it (`whenComplete`).
 */
export function followBuildLog(options: FollowBuildOptions): Promise<FollowResult> {
  const { store, build, signal } = options;
  let lastLocate = 0;
  let wait = 0;
  let logsOff = false;
  const location = (): LogLocation | undefined => {
    const current = store.build(build.id) ?? build;
    const found = current.logs;
    if (!found && !logsOff && pastProvisioning(current)) {
      // CodeBuild names the stream when the build provisions: a build past that without one
      // sends no logs to CloudWatch Logs. Stop asking; its end comes with the status polls.
      logsOff = true;
      options.onLogsOff?.();
    }
    const now = Date.now();
    if (!found && !logsOff && now - lastLocate >= wait) {
      lastLocate = now;
      wait = Math.min(LOCATE_MAX_MS, wait + LOCATE_STEP_MS);
      store.refreshBuilds([build.id], signal).catch(() => undefined);
    }
    return found;
  };
  let endCheck: NodeJS.Timeout | undefined;
  signal.addEventListener("abort", () => clearTimeout(endCheck), { once: true });
  const onLines: FollowOptions["onLines"] = (lines, events) => {
    for (const line of lines) {
      const phase = ENTERING_PHASE.exec(line)?.[1];
      if (phase) store.notePhase(build.id, phase);
      if (LAST_PHASE_DONE.test(line) && !endCheck) {
        endCheck = setTimeout(
          () => void store.refreshBuilds([build.id], signal).catch(() => undefined),
          END_CHECK_MS,
        );
      }
    }
    options.onLines(lines, events);
  };
  return followLog({
    ...options,
    api: options.logs,
    location,
    onLines,
    isComplete: () => (store.build(build.id) ?? build).complete,
    whenComplete: (until) => whenBuildCompletes(store, build.id, until),
  }).finally(() => clearTimeout(endCheck));
}

/** Resolves when the store sees build `id` complete (at once if it has), or when `signal` aborts. */
function whenBuildCompletes(store: BuildStore, id: string, signal: AbortSignal): Promise<void> {
  if (store.build(id)?.complete || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      subscription.dispose();
      signal.removeEventListener("abort", done);
      resolve();
    };
    const subscription = store.onDidChangeBuild((changed) => {
      if (changed.id === id && changed.complete) done();
    });
    signal.addEventListener("abort", done, { once: true });
  });
}
