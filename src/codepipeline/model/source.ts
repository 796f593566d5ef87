import type { SourceHead } from "../../git/repository";
import type { PipelineDefinition, PipelineExecution } from "./types";
import { isOneOfRemotes, remoteUrlsOf } from "../../git/sourceMatch";

export interface RepositoryHead extends SourceHead {
  readonly remoteUrl?: string;
  readonly remoteUrls?: readonly string[];
}

/**
 * Whether a pipeline's source is this repository (one of its remotes) and branch: a CodeCommit source
 * (RepositoryName in the pipeline's region), a CodeStar connection (FullRepositoryId) or a
 * GitHub (v1) source (Owner/Repo), on the branch the workspace is on.
 */
export function pipelineBuildsHead(
  definition: PipelineDefinition,
  head: RepositoryHead,
  region: string,
): boolean {
  const remotes = remoteUrlsOf(head);
  if (remotes.length === 0) return false;
  for (const stage of definition.stages) {
    for (const action of stage.actions) {
      if (action.category !== "Source") continue;
      const c = action.configuration;
      const location =
        action.provider === "CodeCommit" && c.RepositoryName
          ? `codecommit::${region}://${c.RepositoryName}`
          : action.provider === "CodeStarSourceConnection" && c.FullRepositoryId
            ? c.FullRepositoryId
            : action.provider === "GitHub" && c.Owner && c.Repo
              ? `${c.Owner}/${c.Repo}`
              : undefined;
      if (!location || !isOneOfRemotes(location, remotes)) continue;
      if (!c.BranchName || !head.branch || c.BranchName === head.branch) return true;
    }
  }
  return false;
}

/** The newest execution that carries the HEAD commit. */
export function executionOfCommit(
  executions: readonly PipelineExecution[],
  commit: string | undefined,
): PipelineExecution | undefined {
  if (!commit) return undefined;
  return executions.find((e) => e.sourceRevisions.some((r) => r.revisionId === commit));
}
