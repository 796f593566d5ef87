import * as vscode from "vscode";
import type { GitHead } from "../git/repository";

interface SourceItem extends vscode.QuickPickItem {
  /** What to send as sourceVersion; undefined: the project's default. */
  readonly sourceVersion?: string;
  /** Ask the user to type one. */
  readonly ask?: boolean;
}

/**
 * What to build: the current branch (default), the HEAD commit, the project's default source
 * version, or something typed. Resolves null when the user cancels.
 */
export async function pickSourceVersion(
  head: GitHead,
  projectName: string,
): Promise<string | undefined | null> {
  const items: SourceItem[] = [];
  if (head.kind === "repository") {
    const short = head.commit?.slice(0, 7);
    if (head.branch) {
      items.push({
        label: `$(git-branch) ${head.branch}`,
        description: `current branch · HEAD ${short ?? ""}`,
        sourceVersion: head.branch,
      });
    }
    if (head.commit) {
      items.push({
        label: `$(git-commit) ${short}`,
        description: head.detached ? "HEAD (detached) commit" : "HEAD commit",
        sourceVersion: head.commit,
      });
    }
  }
  items.push(
    {
      label: "$(settings-gear) Project default",
      description: "the source version configured in the project",
      sourceVersion: undefined,
    },
    { label: "$(edit) Other branch, tag or commit…", ask: true },
  );
  const notice =
    head.kind === "none"
      ? head.reason === "noCommits"
        ? " (the repository has no commits yet)"
        : " (no git repository in the workspace)"
      : head.detached
        ? " (detached HEAD)"
        : "";
  const picked = await vscode.window.showQuickPick(items, {
    title: `Start build: ${projectName}`,
    placeHolder: `What to build${notice}`,
  });
  if (!picked) return null;
  if (!picked.ask) return picked.sourceVersion;
  const typed = await vscode.window.showInputBox({
    title: `Start build: ${projectName}`,
    prompt: "Branch, tag, commit id, or a CodeBuild source version (e.g. refs/heads/main, pr/12)",
    validateInput: (v) => (v.trim() ? undefined : "Enter a source version, or press Escape."),
  });
  return typed === undefined ? null : typed.trim();
}
