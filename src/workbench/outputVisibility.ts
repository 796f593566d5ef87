import * as vscode from "vscode";
import { Disposable } from "../core/disposable";
import { outputChannelName } from "../core/outputChannelName";

/**
 * Which of the extension's output channels are on screen. VS Code has no `isVisible` for an
 * output channel, but the Output panel's editor is among `window.visibleTextEditors`, with the
 * `output` scheme and the channel's id as its path: `extension-output-<extension>-#<n>-<name>`
 * (the way VS Code's maintainers point extensions to).
 */
export class OutputVisibility extends Disposable {
  private visible = new Set<string>();
  private readonly waiting = new Set<{ name: string; resolve: () => void }>();

  constructor() {
    super();
    this.update(vscode.window.visibleTextEditors);
    this.register(vscode.window.onDidChangeVisibleTextEditors((editors) => this.update(editors)));
  }

  isVisible(name: string): boolean {
    return this.visible.has(name);
  }

  /** Resolves when the channel named `name` comes on screen (or the signal aborts). */
  whenVisible(name: string, signal: AbortSignal): Promise<void> {
    if (this.visible.has(name) || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = {
        name,
        resolve: () => {
          this.waiting.delete(waiter);
          signal.removeEventListener("abort", waiter.resolve);
          resolve();
        },
      };
      this.waiting.add(waiter);
      signal.addEventListener("abort", waiter.resolve, { once: true });
    });
  }

  private update(editors: readonly vscode.TextEditor[]): void {
    const names = new Set<string>();
    for (const editor of editors) {
      const name = outputChannelName(editor.document.uri);
      if (name !== undefined) names.add(name);
    }
    this.visible = names;
    for (const waiter of [...this.waiting]) if (names.has(waiter.name)) waiter.resolve();
  }

  override dispose(): void {
    for (const waiter of [...this.waiting]) waiter.resolve();
    super.dispose();
  }
}
