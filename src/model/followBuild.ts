import type { BuildStore } from "./buildStore";
import { followLog, type FollowOptions, type FollowResult } from "./logFollower";
import type { Build, LogLocation, LogsApi } from "./types";

/** How often to ask for a build whose log stream CodeBuild has not named yet. */
const LOCATE_EVERY_MS = 3000;

export interface FollowBuildOptions extends Partial<
  Omit<FollowOptions, "api" | "location" | "isComplete" | "onLines" | "signal">
> {
  readonly store: BuildStore;
  readonly logs: LogsApi;
  readonly build: Build;
  readonly signal: AbortSignal;
  readonly onLines: FollowOptions["onLines"];
}

/**
 * Follows a build's CloudWatch log with its status from the store (which the poller keeps
 * fresh). CodeBuild names the log stream only when the build provisions: until then the build
 * is asked for again every three seconds, sharing the request with any other poll of it.
 */
export function followBuildLog(options: FollowBuildOptions): Promise<FollowResult> {
  const { store, build } = options;
  let lastLocate = 0;
  const location = (): LogLocation | undefined => {
    const found = store.build(build.id)?.logs ?? build.logs;
    const now = Date.now();
    if (!found && now - lastLocate >= LOCATE_EVERY_MS) {
      lastLocate = now;
      store.refreshBuilds([build.id]).catch(() => undefined);
    }
    return found;
  };
  return followLog({
    ...options,
    api: options.logs,
    location,
    isComplete: () => (store.build(build.id) ?? build).complete,
  });
}
