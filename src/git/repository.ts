import * as path from "node:path";
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
      /** Every remote's fetch URL, `origin`'s first (a fork's `upstream` may be what AWS builds). */
      readonly remoteUrls?: readonly string[];
      /** Where HEAD is (a worktree's own folder under the repository's .git). */
      readonly gitDir?: string;
      /** Where the refs are (the repository's .git, for a worktree too). */
      readonly commonDir?: string;
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
 *
 * Two git processes, not one per question: starting a process blocks the extension host's
 * thread for tens of milliseconds (every extension waits), and this runs as the window opens.
 */
export async function readHead(folder: string): Promise<GitHead> {
  const { simpleGit } = await import("./simpleGit.lazy.js");
  let git;
  try {
    git = simpleGit({ baseDir: folder, maxConcurrentProcesses: 2, timeout: { block: 10_000 } });
  } catch (error) {
    return { kind: "none", reason: "notARepository", detail: message(error) };
  }
  let lines: string[];
  try {
    // The top level, the git and common dirs, HEAD's commit and HEAD's branch ("HEAD" when
    // detached), a line each.
    lines = (
      await git.revparse([
        "--show-toplevel",
        "--absolute-git-dir",
        "--git-common-dir",
        "HEAD",
        "--abbrev-ref",
        "HEAD",
      ])
    )
      .trim()
      .split(/\r?\n/);
  } catch (error) {
    const detail = message(error);
    if (/ENOENT|spawn git/.test(detail)) return { kind: "none", reason: "gitMissing", detail };
    // A repository without commits has a top level and no HEAD (git's messages are translated:
    // asked again rather than read).
    const inRepository = await git.revparse(["--show-toplevel"]).then(
      () => true,
      () => false,
    );
    return { kind: "none", reason: inRepository ? "noCommits" : "notARepository", detail };
  }
  const [root = "", gitDir = "", commonDir = "", commit = "", ref = ""] = lines.map((l) => l.trim());
  const detached = ref === "HEAD";
  const remotes = await git.getRemotes(true).catch(() => []);
  const origin = remotes.find((r) => r.name === "origin");
  const remoteUrls = [...new Set([origin, ...remotes].flatMap((r) => (r?.refs.fetch ? [r.refs.fetch] : [])))];
  return {
    kind: "repository",
    root,
    commit,
    detached,
    branch: detached ? undefined : ref,
    remoteUrl: remoteUrls[0],
    remoteUrls,
    gitDir,
    // Relative to the folder git ran in ("../.git" from a subfolder).
    commonDir: path.resolve(folder, commonDir),
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
