import * as vscode from "vscode";
import { Disposable } from "../core/disposable";
import { StatusPriority, statusItem } from "../workbench/statusBar";
import { operationStatusBarLook } from "./model/statusBarText";
import type { StackOperations } from "./operations";
import type { StackStore } from "./store";

/** The stack operation the user started or follows: spinning while it runs, ✓ or ✗ when it ends. */
export class StackStatusBar extends Disposable {
  private readonly item = this.register(statusItem("stack", "AWS CI/CD Stack", StatusPriority.stack));

  constructor(
    private readonly store: StackStore,
    private readonly operations: StackOperations,
  ) {
    super();
    this.register(operations.onDidChangeFollowed(() => this.render()));
    this.register(store.onDidChangeStack((name) => name === operations.current && this.render()));
    this.register(store.onDidChangeEvents((name) => name === operations.current && this.render()));
    this.register(store.onDidChangeStacks(() => this.render()));
  }

  render(): void {
    const name = this.operations.current;
    const stack = name ? this.store.stack(name) : undefined;
    if (!name || !stack) {
      this.item.hide();
      return;
    }
    const look = operationStatusBarLook(name, stack.status, this.store.operationEvents(name));
    this.item.text = look.text;
    this.item.tooltip = look.tooltip;
    this.item.backgroundColor = look.failed
      ? new vscode.ThemeColor("statusBarItem.errorBackground")
      : undefined;
    this.item.command = {
      command: "awsCicd.stack.showTimeline",
      title: "Show Stack Timeline",
      arguments: [{ kind: "stack", name }],
    };
    this.item.show();
  }
}
