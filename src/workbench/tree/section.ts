import type * as vscode from "vscode";

/**
 * A node of the pipeline tree. Nodes are identities (one object per thing, kept by the section
 * that owns them); their TreeItems are rendered from the stores each time, so a node refreshes
 * alone when its data changes.
 */
export interface TreeNode {
  /** The id of the section that renders it. */
  readonly section: string;
}

/** A line of text in the tree: "No pipelines in this region", a load failure, a hint with a command. */
export interface MessageNode extends TreeNode {
  readonly section: "message";
  readonly parentKey: string;
  readonly text: string;
  readonly icon?: string;
  readonly command?: { readonly command: string; readonly title: string; readonly arguments?: unknown[] };
}

export function messageNode(
  parentKey: string,
  text: string,
  icon?: string,
  command?: MessageNode["command"],
): MessageNode {
  return { section: "message", parentKey, text, icon, command };
}

/**
 * "No pipelines — switch region": a service with nothing in the region (which its row above
 * names), and the way to look in another (the region picker).
 */
export function noneInRegionNode(parentKey: string, things: string): MessageNode {
  return messageNode(parentKey, `No ${things} — switch region`, "info", {
    command: "awsCicd.connection.selectRegion",
    title: "Select Region…",
  });
}

/**
 * One AWS service's part of the pipeline tree. The root tree asks each section for its root
 * node, the items and the children of its nodes; the section tells it which nodes changed.
 */
export interface TreeSection {
  readonly id: string;
  /** The service's node at the top of the tree ("CodeBuild"). */
  readonly root: TreeNode;
  /** Nodes whose rendering changed; `undefined` means the whole section. */
  readonly onDidChange: vscode.Event<readonly TreeNode[] | undefined>;
  /**
   * Loads what the root shows (the project list, the pipeline list). Rejects when AWS does
   * not answer; when every section rejects, the tree is empty and its welcome view explains.
   */
  load(): Promise<void>;
  item(node: TreeNode, now: Date): vscode.TreeItem;
  children(node: TreeNode): Promise<TreeNode[]>;
  parent(node: TreeNode): TreeNode | undefined;
  /** Forgets its nodes (the connection changed or the user refreshed). */
  reset(): void;
}
