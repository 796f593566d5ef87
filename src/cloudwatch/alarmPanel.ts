import * as vscode from "vscode";
import { classifyError } from "../aws/errors";
import { abortError, isAbort } from "../core/abort";
import { Disposable, DisposableStore, toDisposable, type IDisposable } from "../core/disposable";
import type { Polling } from "../workbench/polling";
import type { ConnectionManager } from "../workbench/connectionManager";
import { alarmDetails, type AlarmDetails } from "./model/chart";
import { historyFrom, mergeHistory } from "./model/history";
import { ALARM_POLL } from "./model/pollPolicy";
import type { AlarmHistoryItem } from "./model/types";
import { chartHours } from "./settings";
import type { AlarmStore } from "./store";
import { webviewHtml } from "../workbench/webviewHtml";

const HOUR = 3_600_000;
/** The history list reaches back this far (the chart marks what falls in its range). */
const HISTORY_HOURS = 24;

interface PanelMessage {
  readonly command?: unknown;
}

/**
 * An alarm's details in a webview: its state and reason, what it watches, the metric over the
 * last hours as a chart with the threshold line and the state changes marked (GetMetricData),
 * and its history (DescribeAlarmHistory). Refreshed through the scheduler while visible. Strict
 * Content-Security-Policy: only our script (by nonce) and styles; the DOM is built from text.
 */
export class AlarmPanels extends Disposable {
  private readonly panels = new Map<string, { panel: vscode.WebviewPanel; load: () => Promise<boolean> }>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: AlarmStore,
    private readonly polling: Polling,
    private readonly connection: ConnectionManager,
  ) {
    super();
    this.register(
      toDisposable(() => {
        for (const { panel } of [...this.panels.values()]) panel.dispose();
        this.panels.clear();
      }),
    );
  }

  /** The names of the alarms whose details are open. */
  get open(): string[] {
    return [...this.panels.keys()];
  }

  async show(name: string): Promise<void> {
    const existing = this.panels.get(name);
    if (existing) {
      existing.panel.reveal();
      await existing.load();
      return;
    }
    const media = vscode.Uri.joinPath(this.extensionUri, "media", "webview");
    const panel = vscode.window.createWebviewPanel(
      "awsCicd.alarmDetails",
      `Alarm: ${name}`,
      vscode.ViewColumn.Active,
      {
        enableScripts: true,
        localResourceRoots: [media],
        retainContextWhenHidden: false,
      },
    );
    panel.webview.html = webviewHtml(panel.webview, media, "alarmChart", "Alarm");
    let last: AlarmDetails | undefined;
    let lastText = "";
    const post = () => {
      if (last) void panel.webview.postMessage({ type: "details", details: last });
    };
    const controller = new AbortController();
    // The history read so far: each refresh reads only what came since.
    const kept = { history: [] as AlarmHistoryItem[] };
    const load = async (signal: AbortSignal = controller.signal): Promise<boolean> => {
      const details = await this.details(name, signal, kept).catch((error: unknown) => {
        // Refresh or a new connection cancelled the store's reads, not this panel: read again.
        if (isAbort(error) && !signal.aborted) return this.details(name, signal, kept);
        throw error;
      });
      const text = JSON.stringify(details);
      if (text === lastText) return false;
      lastText = text;
      last = details;
      post();
      return true;
    };
    this.panels.set(name, { panel, load: () => load() });
    const job = (): IDisposable =>
      this.polling.add({ key: `alarmPanel:${name}`, ...ALARM_POLL.panel, run: (signal) => load(signal) });
    let watch: IDisposable | undefined = job();
    const parts = new DisposableStore();
    for (const part of [
      panel.onDidChangeViewState(({ webviewPanel }) => {
        if (webviewPanel.visible && !watch) {
          watch = job();
          void load().catch(() => undefined);
        } else if (!webviewPanel.visible) {
          watch?.dispose();
          watch = undefined;
        }
      }),
      toDisposable(() => watch?.dispose()),
      toDisposable(() => controller.abort()),
      panel.webview.onDidReceiveMessage((message: PanelMessage) => {
        if (message.command === "ready") return post();
        if (message.command === "openInConsole")
          return void vscode.commands.executeCommand("awsCicd.alarm.openInConsole", { kind: "alarm", name });
        if (message.command === "refresh") return void load().catch(() => undefined);
      }),
    ])
      parts.add(part);
    panel.onDidDispose(() => {
      this.panels.delete(name);
      parts.dispose();
    });
    await load();
  }

  /** Everything the panel shows; what could not be read is said in `problem`. */
  private async details(
    name: string,
    signal: AbortSignal,
    kept: { history: AlarmHistoryItem[] },
  ): Promise<AlarmDetails> {
    await this.store.refreshNames([name], signal);
    const alarm = this.store.alarm(name);
    const end = Date.now();
    const start = end - chartHours() * HOUR;
    if (!alarm)
      return {
        name,
        kind: "metric",
        state: "INSUFFICIENT_DATA",
        stateWord: "unknown",
        condition: "",
        facts: [],
        history: [],
        problem: `The alarm ${name} does not exist (any more) in this account and region.`,
      };
    const [series, history] = await Promise.allSettled([
      alarm.kind === "metric"
        ? this.store.metricData(alarm, new Date(start), new Date(end), signal)
        : undefined,
      this.store
        .history(name, new Date(historyFrom(kept.history, end - HISTORY_HOURS * HOUR)), signal)
        .then((fresh) => (kept.history = mergeHistory(kept.history, fresh, end - HISTORY_HOURS * HOUR))),
    ]);
    const failed = [series, history].filter((r): r is PromiseRejectedResult => r.status === "rejected");
    // Cancelled (the panel closed, or Refresh reset the store): not a problem to show.
    if (failed.some((r) => isAbort(r.reason))) throw abortError();
    const problems = failed.map((r) => {
      const current = this.connection.current;
      return classifyError(r.reason, { profile: current?.profile, endpoint: current?.endpoint }).message;
    });
    const details = alarmDetails(
      alarm,
      series.status === "fulfilled" ? series.value : undefined,
      history.status === "fulfilled" ? history.value : [],
      { start, end },
      (child) => this.store.alarm(child)?.state,
    );
    return problems.length
      ? { ...details, problem: `Could not read everything: ${[...new Set(problems)].join("; ")}` }
      : details;
  }
}
