import * as path from "node:path";
import * as vscode from "vscode";
import { remoteUrlsOf } from "../git/sourceMatch";
import type { GitHeadWatcher } from "../workbench/gitHeadWatcher";
import { repositoryName } from "./model/workspaceApps";

/**
 * The names this workspace's CodeDeploy applications may have (see `workspaceApplications`):
 * each folder's name and the repository names of its remotes; for a file (an appspec), the
 * folder holding it first, then its own workspace folder's names only.
 */
export async function applicationNames(git: GitHeadWatcher, file?: vscode.Uri): Promise<string[]> {
  const own = file && (await git.readFolderOf(file));
  const folders = own ? [own] : await git.readAll();
  const names = [
    ...(file ? [path.basename(path.dirname(file.fsPath))] : []),
    ...folders.flatMap(({ folder, head }) => [
      folder.name,
      path.basename(folder.uri.fsPath),
      ...(head.kind === "repository" ? remoteUrlsOf(head).flatMap((u) => repositoryName(u) ?? []) : []),
    ]),
  ];
  return [...new Set(names)];
}
