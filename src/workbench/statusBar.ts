import * as vscode from "vscode";

/**
 * Where each item sits, left to right: the connection, then what the current branch is doing
 * (its build, its pipeline run, its deployment…).
 */
export const StatusPriority = {
  connection: 50,
  build: 49,
  pipeline: 48,
  deployment: 47,
  stack: 46,
  tail: 45,
} as const;

/** A status bar item of this extension (left side, with its id and a name for the status bar's menu). */
export function statusItem(id: string, name: string, priority: number): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem(`awsCicd.${id}`, vscode.StatusBarAlignment.Left, priority);
  item.name = name;
  return item;
}
