import * as vscode from "vscode";
import { Disposable, DisposableStore, toDisposable, type IDisposable } from "../core/disposable";
import type { PipelinePolling } from "./polling";
import { pipelineGraph } from "./model/graph";
import type { PipelineStore } from "./store";
import { webviewHtml } from "../workbench/webviewHtml";

interface GraphMessage {
  readonly command?: unknown;
  readonly stage?: unknown;
  readonly action?: unknown;
}

/**
 * A pipeline drawn as the console draws it, in a webview: stages and actions coloured by
 * status, updated live, with retry, approve, log and transition buttons that run the same
 * commands as the tree. Strict Content-Security-Policy: only our script (by nonce) and styles.
 */
export class PipelineGraphPanels extends Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: PipelineStore,
    /** Keeps a pipeline polled while its graph is visible. */
    private readonly polling: PipelinePolling,
  ) {
    super();
    this.register(
      toDisposable(() => {
        for (const panel of [...this.panels.values()]) panel.dispose();
        this.panels.clear();
      }),
    );
  }

  /** Closes every graph: another connection (profile, region) has other pipelines of those names. */
  closeAll(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
  }

  async show(name: string): Promise<void> {
    const existing = this.panels.get(name);
    if (existing) return existing.reveal();
    const media = vscode.Uri.joinPath(this.extensionUri, "media", "webview");
    const panel = vscode.window.createWebviewPanel(
      "awsCicd.pipelineGraph",
      `Pipeline: ${name}`,
      vscode.ViewColumn.Active,
      {
        enableScripts: true,
        localResourceRoots: [media],
        retainContextWhenHidden: false,
      },
    );
    this.panels.set(name, panel);
    panel.webview.html = webviewHtml(panel.webview, media, "pipelineGraph", "Pipeline");
    const post = () => {
      void panel.webview.postMessage({
        type: "graph",
        graph: pipelineGraph(name, this.store.definition(name), this.store.state(name)),
      });
    };
    // Polled only while the graph is visible; a graph shown again is brought up to date at once.
    let watch: IDisposable | undefined = this.polling.watchPipeline(name);
    const parts = new DisposableStore();
    for (const part of [
      this.store.onDidChangePipeline((changed) => {
        if (changed === name) post();
      }),
      panel.onDidChangeViewState(({ webviewPanel }) => {
        if (webviewPanel.visible && !watch) {
          watch = this.polling.watchPipeline(name);
          this.polling.pokePipeline(name);
        } else if (!webviewPanel.visible) {
          watch?.dispose();
          watch = undefined;
        }
      }),
      toDisposable(() => watch?.dispose()),
      panel.webview.onDidReceiveMessage((message: GraphMessage) => {
        if (message.command === "ready") return post();
        this.act(name, message);
      }),
    ])
      parts.add(part);
    panel.onDidDispose(() => {
      this.panels.delete(name);
      parts.dispose();
    });
    await Promise.all([this.store.loadDefinition(name), this.store.refreshState(name)]);
    post();
  }

  private act(pipeline: string, message: GraphMessage): void {
    const stage = typeof message.stage === "string" ? message.stage : undefined;
    const action = typeof message.action === "string" ? message.action : undefined;
    if (!stage) return;
    switch (message.command) {
      case "retry":
        return void vscode.commands.executeCommand("awsCicd.pipeline.retryStage", {
          kind: "stage",
          pipeline,
          stage,
        });
      case "approve":
        return void vscode.commands.executeCommand("awsCicd.pipeline.approve", {
          kind: "action",
          pipeline,
          stage,
          action,
        });
      case "showLog":
        return void vscode.commands.executeCommand("awsCicd.pipeline.showActionLog", {
          kind: "action",
          pipeline,
          stage,
          action,
        });
      case "toggleTransition": {
        const enabled =
          this.store.state(pipeline)?.stages.find((s) => s.name === stage)?.transitionEnabled ?? true;
        return void vscode.commands.executeCommand(
          enabled ? "awsCicd.pipeline.disableTransition" : "awsCicd.pipeline.enableTransition",
          { kind: "stage", pipeline, stage },
        );
      }
    }
  }
}
