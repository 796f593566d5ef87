import * as vscode from "vscode";
import { Disposable } from "../../core/disposable";
import type { TreeNode } from "./section";

/**
 * What every section of the pipeline tree shares: the change event the root tree listens to,
 * fired for some rows (those the section has drawn) or for the whole section.
 */
export abstract class SectionBase extends Disposable {
  private readonly onDidChangeEmitter = this.register(
    new vscode.EventEmitter<readonly TreeNode[] | undefined>(),
  );
  readonly onDidChange = this.onDidChangeEmitter.event;

  /** Redraws these rows; rows not drawn yet (undefined) are left out, and nothing fires for none. */
  protected changed(...nodes: readonly (TreeNode | undefined)[]): void {
    const known = nodes.filter((n): n is TreeNode => !!n);
    if (known.length) this.onDidChangeEmitter.fire(known);
  }

  /** Redraws the whole section (its list was replaced), if VS Code has been given its rows. */
  protected changedAll(): void {
    this.onDidChangeEmitter.fire(undefined);
  }
}
