import type { SourceHead } from "../../git/repository";
import type { Build } from "./types";

/** Whether a build was made from this branch or commit. */
export function buildMatchesHead(build: Build, head: SourceHead): boolean {
  const version = build.sourceVersion;
  if (head.commit && (build.resolvedSourceVersion === head.commit || version === head.commit)) return true;
  if (!version || !head.branch) return false;
  return (
    version === head.branch || version === `refs/heads/${head.branch}` || version === `branch/${head.branch}`
  );
}

/**
 * The build the status bar shows for the current branch: the one with the latest news — the
 * most recently started or finished.
 */
export function currentBranchBuild(builds: Iterable<Build>, head: SourceHead): Build | undefined {
  let best: Build | undefined;
  for (const build of builds) {
    if (!buildMatchesHead(build, head)) continue;
    if (!best || newer(build, best)) best = build;
  }
  return best;
}

/** When the build last had news: its start or its end. */
export function lastNews(build: Build): number {
  return Math.max(build.startTime?.getTime() ?? 0, build.endTime?.getTime() ?? 0);
}

function newer(a: Build, b: Build): boolean {
  return lastNews(a) > lastNews(b);
}
