import * as vscode from "vscode";
import { Disposable, toDisposable, type IDisposable } from "../core/disposable";
import type { PollJob } from "../core/pollScheduler";
import { affects } from "../workbench/settings";
import type { Workbench } from "../workbench/workbench";
import { coveredByList, scopeQuery } from "./model/notifyScope";
import { ALARM_POLL } from "./model/pollPolicy";
import { CloudWatchSetting, notifySettings } from "./settings";
import type { AlarmStore } from "./store";
import type { WorkspaceAlarms } from "./workspaceAlarms";

export const ALARMS_JOB = "alarms";

/**
 * What CloudWatch polls, through the one scheduler: the alarm list while the tree is visible
 * (every 30 s, up to 5 min while nothing changes); while it is hidden, only the alarms
 * notifications watch (their scope), or nothing when notifications are off.
 */
export class AlarmPolling extends Disposable {
  private job: IDisposable | undefined;
  private mode: "visible" | "notifications" | "off" | undefined;

  constructor(
    private readonly workbench: Workbench,
    private readonly store: AlarmStore,
    private readonly workspace: WorkspaceAlarms,
  ) {
    super();
    this.register(workbench.tree.onDidChangeVisibility(() => this.sync()));
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e, CloudWatchSetting.notifications) || affects(e, CloudWatchSetting.notificationPrefix)) {
          this.sync();
          workbench.polling.poke(ALARMS_JOB);
        }
      }),
    );
    this.register(workbench.git.onDidChange(() => workspace.invalidate()));
    this.register(toDisposable(() => this.job?.dispose()));
    this.sync();
  }

  /** Polls now (a setting or the connection changed). */
  poke(): void {
    this.workbench.polling.poke(ALARMS_JOB);
  }

  private sync(): void {
    const mode = this.workbench.tree.visible
      ? "visible"
      : notifySettings().scope !== "none"
        ? "notifications"
        : "off";
    if (mode === this.mode) return;
    this.mode = mode;
    this.job?.dispose();
    this.job = mode === "off" ? undefined : this.workbench.polling.add(this.jobFor(mode));
  }

  private jobFor(mode: "visible" | "notifications"): PollJob {
    return {
      key: ALARMS_JOB,
      ...(mode === "visible" ? ALARM_POLL.visible : ALARM_POLL.notifications),
      // Notifications compare with what was seen: the first look is their baseline.
      immediate: mode === "notifications",
      run: (signal) => (mode === "visible" ? this.pollVisible(signal) : this.pollScope(signal)),
    };
  }

  /** The tree's list, and the notifications' scope if the list does not hold it. */
  private async pollVisible(signal: AbortSignal): Promise<boolean> {
    // The tree reads the list when it first shows it; polls keep what it shows up to date.
    if (!this.store.alarms) return false;
    const changed = await this.workbench.health.answered(this.store.loadList(signal));
    const query = scopeQuery(notifySettings(), await this.workspace.names());
    if (coveredByList(this.store.prefix, query)) return changed;
    return (await this.pollQuery(query, signal)) || changed;
  }

  private async pollScope(signal: AbortSignal): Promise<boolean> {
    return this.pollQuery(scopeQuery(notifySettings(), await this.workspace.names()), signal);
  }

  private pollQuery(query: ReturnType<typeof scopeQuery>, signal: AbortSignal): Promise<boolean> {
    switch (query.kind) {
      case "none":
        return Promise.resolve(false);
      case "all":
        return this.workbench.health.answered(this.store.refresh({ prefix: "" }, signal));
      case "prefix":
        return this.workbench.health.answered(this.store.refresh({ prefix: query.prefix }, signal));
      case "names":
        return this.workbench.health.answered(this.store.refreshNames(query.names, signal));
    }
  }
}
