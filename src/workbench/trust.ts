import * as vscode from "vscode";
import { UserError } from "./commands";

/**
 * In Restricted Mode nothing that reads the workspace's files to act on AWS runs (a buildspec
 * override, a bundle to deploy, a template): the views stay, read-only.
 */
export function requireTrustedWorkspace(what: string): void {
  if (vscode.workspace.isTrusted) return;
  throw new UserError(
    `Restricted Mode: ${what} reads this workspace's files to act on AWS, so it needs a trusted workspace. Trust the folder (Manage Workspace Trust) and try again.`,
  );
}
