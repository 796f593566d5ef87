import * as vscode from "vscode";
import type { MessageNode } from "./section";
import { icon } from "./themeIcon";

export function messageItem(node: MessageNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
  item.id = `message:${node.parentKey}:${node.text}`;
  if (node.icon) item.iconPath = icon(node.icon);
  if (node.command) item.command = { ...node.command };
  item.contextValue = "message";
  return item;
}
