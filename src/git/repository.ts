/** A branch and commit: what a build or a pipeline execution was made from. */
export interface SourceHead {
  readonly branch?: string;
  readonly commit?: string;
}

export type GitHead =
  | ({
      readonly kind: "repository";
      readonly root: string;
      readonly detached: boolean;
      /** The fetch URL of `origin` (or the first remote), if any. */
      readonly remoteUrl?: string;
    } & SourceHead)
  | {
      readonly kind: "none";
      readonly reason: "notARepository" | "noCommits" | "gitMissing" | "untrusted";
      readonly detail: string;
    };

/** A folder inside a git repository with at least one commit. */
export type RepositoryHead = Extract<GitHead, { kind: "repository" }>;

/**
 * Reads the repository, branch and HEAD commit of a folder with simple-git. A detached HEAD
 * has a commit and no branch; a folder outside any repository answers kind "none".
 */
export async function readHead(folder: string): Promise<GitHead> {
  const { simpleGit } = await import("./simpleGit.lazy.js");
  let git;
  try {
    git = simpleGit({ baseDir: folder, maxConcurrentProcesses: 2, timeout: { block: 10_000 } });
  } catch (error) {
    return { kind: "none", reason: "notARepository", detail: message(error) };
  }
  let root: string;
  try {
    root = (await git.revparse(["--show-toplevel"])).trim();
  } catch (error) {
    const detail = message(error);
    return {
      kind: "none",
      reason: /ENOENT|spawn git/.test(detail) ? "gitMissing" : "notARepository",
      detail,
    };
  }
  let commit: string;
  try {
    commit = (await git.revparse(["HEAD"])).trim();
  } catch (error) {
    return { kind: "none", reason: "noCommits", detail: message(error) };
  }
  const ref = (await git.revparse(["--abbrev-ref", "HEAD"])).trim();
  const detached = ref === "HEAD";
  const remotes = await git.getRemotes(true).catch(() => []);
  const remote = remotes.find((r) => r.name === "origin") ?? remotes[0];
  const remoteUrl = remote?.refs.fetch || undefined;
  return { kind: "repository", root, commit, detached, branch: detached ? undefined : ref, remoteUrl };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
