import type { SourceHead } from "../../git/repository";
import { isOneOfRemotes, remoteUrlsOf, repositoryKey } from "../../git/sourceMatch";
import type { Build } from "./types";

/** A repository's head, with its remotes when it has any. */
export type BranchHead = SourceHead & {
  readonly remoteUrl?: string;
  readonly remoteUrls?: readonly string[];
};

/** What tells whose repository a build built. */
export interface BuildOrigin {
  /** Its project's source location (undefined: not described yet, or none). */
  readonly sourceLocation?: string;
  /** Started (or retried) from this window: the user chose its project for this branch. */
  readonly startedHere: boolean;
}

/**
 * Whether a build is of this branch or commit: made from the commit, or from a branch of its
 * name by a project whose source is this repository (one of its remotes), since every repository
 * has a `main`. A
 * build this window started counts whatever its project, and so does one whose project's source
 * does not tell (CodePipeline, S3, none, not described yet) or when the repository has no remote.
 */
export function buildMatchesHead(build: Build, head: BranchHead, origin: BuildOrigin): boolean {
  const version = build.sourceVersion;
  if (head.commit && (build.resolvedSourceVersion === head.commit || version === head.commit)) return true;
  if (!version || !head.branch) return false;
  const branch =
    version === head.branch || version === `refs/heads/${head.branch}` || version === `branch/${head.branch}`;
  const remotes = remoteUrlsOf(head);
  if (!branch || origin.startedHere || remotes.length === 0) return branch;
  if (repositoryKey(origin.sourceLocation) === undefined) return true;
  return isOneOfRemotes(origin.sourceLocation, remotes);
}

/**
 * The build the status bar shows for the current branch: the one with the latest news — the
 * most recently started or finished.
 */
export function currentBranchBuild(
  builds: Iterable<Build>,
  head: BranchHead,
  originOf: (build: Build) => BuildOrigin,
): Build | undefined {
  let best: Build | undefined;
  for (const build of builds) {
    if (!buildMatchesHead(build, head, originOf(build))) continue;
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
