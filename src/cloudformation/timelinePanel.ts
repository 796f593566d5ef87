import * as vscode from "vscode";
import { Disposable, DisposableStore, toDisposable, type IDisposable } from "../core/disposable";
import { buildTimeline } from "./model/timeline";
import type { CloudFormationPolling } from "./polling";
import type { StackStore } from "./store";
import { webviewHtml } from "../workbench/webviewHtml";

/**
 * A stack's latest operation drawn as a timeline in a webview: each resource's in-progress →
 * complete / failed span on a time axis, live while it runs, the slowest resources and the first
 * failure marked. The stack's events are polled while the panel is visible and the stack runs
 * (a followed operation's arrive through its follower).
 */
export class TimelinePanels extends Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: StackStore,
    private readonly polling: CloudFormationPolling,
  ) {
    super();
    this.register(
      toDisposable(() => {
        for (const panel of [...this.panels.values()]) panel.dispose();
        this.panels.clear();
      }),
    );
  }

  /** Closes every timeline: another connection (profile, region) has other stacks of those names. */
  closeAll(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
  }

  async show(stack: string, column?: vscode.ViewColumn): Promise<void> {
    const existing = this.panels.get(stack);
    if (existing) return existing.reveal(column);
    const media = vscode.Uri.joinPath(this.extensionUri, "media", "webview");
    const panel = vscode.window.createWebviewPanel(
      "awsCicd.stackTimeline",
      `Timeline: ${stack}`,
      column ?? vscode.ViewColumn.Active,
      {
        enableScripts: true,
        localResourceRoots: [media],
        retainContextWhenHidden: false,
      },
    );
    this.panels.set(stack, panel);
    panel.webview.html = webviewHtml(panel.webview, media, "stackTimeline", `Timeline ${stack}`);
    const post = () => {
      void panel.webview.postMessage({
        type: "timeline",
        timeline: buildTimeline(stack, this.store.events(stack) ?? [], Date.now()) ?? null,
        stack,
        status: this.store.stack(stack)?.status,
      });
    };
    let watch: IDisposable | undefined;
    const sync = () => {
      const running = this.store.isInProgress(stack);
      if (panel.visible && running && !watch) {
        watch = this.polling.watch(`events:${stack}`);
        this.polling.poke(`events:${stack}`);
      } else if ((!panel.visible || !running) && watch) {
        watch.dispose();
        watch = undefined;
      }
    };
    const parts = new DisposableStore();
    for (const part of [
      this.store.onDidChangeEvents((changed) => changed === stack && post()),
      this.store.onDidChangeStack((changed) => {
        if (changed !== stack) return;
        sync();
        post();
      }),
      panel.onDidChangeViewState(() => {
        sync();
        if (panel.visible) post();
      }),
      toDisposable(() => watch?.dispose()),
      panel.webview.onDidReceiveMessage((message: { command?: unknown }) => {
        if (message.command === "ready") post();
        if (message.command === "events")
          void vscode.commands.executeCommand("awsCicd.stack.showEvents", { kind: "stack", name: stack });
      }),
    ])
      parts.add(part);
    panel.onDidDispose(() => {
      this.panels.delete(stack);
      parts.dispose();
    });
    if (!this.store.events(stack)) await this.store.loadEvents(stack).catch(() => []);
    sync();
    post();
  }
}
