import * as vscode from "vscode";
import { Disposable, DisposableStore, toDisposable, type IDisposable } from "../core/disposable";
import { log } from "../workbench/logger";
import { changeSetView, isBeingCreated } from "./model/changeSetView";
import type { CloudFormationPolling } from "./polling";
import type { StackStore } from "./store";
import { webviewHtml } from "../workbench/webviewHtml";

interface PanelMessage {
  readonly command?: unknown;
}

interface PanelState {
  readonly panel: vscode.WebviewPanel;
  readonly stack: string;
  /** The workspace template it was created from, for View Template Diff. */
  templateUri?: vscode.Uri;
  /** What is happening, shown above the table. */
  note?: string;
  executed: boolean;
}

/**
 * A change set shown before anything happens, in a webview: its changes as a table (action,
 * logical id, type, physical id, Replacement in red or amber) with each changed property's
 * before and after value and why; Execute, Delete Change Set and View Template Diff. Updated
 * while the change set is being created. Strict CSP; the page builds its DOM with textContent.
 */
export class ChangeSetPanels extends Disposable {
  private readonly panels = new Map<string, PanelState>();
  /**
   * The NoEcho values typed in Deploy… for a change set, masked wherever they show, also when its
   * panel is opened again; in memory only, forgotten on a connection change.
   */
  private readonly secretValues = new Map<string, readonly string[]>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: StackStore,
    private readonly polling: CloudFormationPolling,
  ) {
    super();
    this.register(
      toDisposable(() => {
        for (const state of [...this.panels.values()]) state.panel.dispose();
        this.panels.clear();
      }),
    );
  }

  /** Closes every change set: they are of the connection (profile, region) that changed. */
  closeAll(): void {
    for (const state of [...this.panels.values()]) state.panel.dispose();
    this.secretValues.clear();
  }

  isOpen(id: string): boolean {
    return this.panels.has(id);
  }

  /** The change set was executed: the panel says so and offers the timeline. */
  markExecuted(id: string): void {
    const state = this.panels.get(id);
    if (!state) return;
    state.executed = true;
    state.note = "Executing: the timeline and the Stack output channel show its progress.";
    this.post(id);
  }

  close(id: string): void {
    this.panels.get(id)?.panel.dispose();
  }

  async show(
    id: string,
    stack: string,
    options: { templateUri?: vscode.Uri; column?: vscode.ViewColumn; secretValues?: readonly string[] } = {},
  ): Promise<void> {
    if (options.secretValues?.length) this.secretValues.set(id, options.secretValues);
    const existing = this.panels.get(id);
    if (existing) {
      if (options.templateUri) existing.templateUri = options.templateUri;
      return existing.panel.reveal();
    }
    const media = vscode.Uri.joinPath(this.extensionUri, "media", "webview");
    const name = this.store.changeSet(id)?.name ?? id.split("/")[1] ?? "change set";
    const panel = vscode.window.createWebviewPanel(
      "awsCicd.changeSet",
      `Change set: ${stack}`,
      options.column ?? vscode.ViewColumn.Active,
      {
        enableScripts: true,
        localResourceRoots: [media],
        retainContextWhenHidden: false,
      },
    );
    const state: PanelState = {
      panel,
      stack,
      executed: false,
      ...(options.templateUri ? { templateUri: options.templateUri } : {}),
    };
    this.panels.set(id, state);
    panel.webview.html = webviewHtml(panel.webview, media, "changeSet", `Change set ${name}`);
    // Polled only while it is being created and the panel is visible.
    let watch: IDisposable | undefined;
    const sync = () => {
      const creating = !this.store.changeSet(id) || isBeingCreated(this.store.changeSet(id)!);
      if (panel.visible && creating && !watch) watch = this.polling.watch(`changeSet:${id}`);
      else if ((!panel.visible || !creating) && watch) {
        watch.dispose();
        watch = undefined;
      }
    };
    const parts = new DisposableStore();
    for (const part of [
      this.store.onDidChangeStack((changed) => {
        if (changed !== stack) return;
        sync();
        this.post(id);
      }),
      this.store.onDidChangePart((changed) => {
        if (changed.stack !== stack || changed.part === "resources") return;
        sync();
        this.post(id);
      }),
      panel.onDidChangeViewState(() => {
        sync();
        if (panel.visible) this.post(id);
      }),
      toDisposable(() => watch?.dispose()),
      panel.webview.onDidReceiveMessage((message: PanelMessage) => this.act(id, message)),
    ])
      parts.add(part);
    panel.onDidDispose(() => {
      this.panels.delete(id);
      parts.dispose();
    });
    try {
      if (!this.store.changeSet(id)) await this.store.loadChangeSet(id);
    } catch (error) {
      state.note = `Could not read the change set: ${error instanceof Error ? error.message : String(error)}`;
      log.warn("cloudformation", state.note);
    }
    sync();
    this.post(id);
  }

  private post(id: string): void {
    const state = this.panels.get(id);
    const cs = this.store.changeSet(id);
    if (!state) return;
    const secret = new Set((cs?.parameters ?? []).filter((p) => p.value === "****").map((p) => p.key));
    void state.panel.webview.postMessage({
      type: "changeSet",
      view: cs ? changeSetView(cs, secret, this.secretValues.get(id)) : undefined,
      note: state.note,
      executed: state.executed,
      hasTemplate: state.templateUri !== undefined,
    });
  }

  private act(id: string, message: PanelMessage): void {
    const state = this.panels.get(id);
    if (!state) return;
    const arg = {
      kind: "changeSet",
      id,
      stack: state.stack,
      name: this.store.changeSet(id)?.name,
      templateUri: state.templateUri?.toString(),
    };
    switch (message.command) {
      case "ready":
        return this.post(id);
      case "execute":
        return void vscode.commands.executeCommand("awsCicd.changeSet.execute", arg);
      case "delete":
        return void vscode.commands.executeCommand("awsCicd.changeSet.delete", arg);
      case "diff":
        return void vscode.commands.executeCommand("awsCicd.changeSet.viewTemplateDiff", arg);
      case "timeline":
        return void vscode.commands.executeCommand("awsCicd.stack.showTimeline", {
          kind: "stack",
          name: state.stack,
        });
      case "events":
        return void vscode.commands.executeCommand("awsCicd.stack.showEvents", {
          kind: "stack",
          name: state.stack,
        });
    }
  }
}
