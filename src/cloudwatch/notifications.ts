import * as vscode from "vscode";
import { Disposable } from "../core/disposable";
import { log } from "../workbench/logger";
import { inScope } from "./model/notifyScope";
import { transitionKey, type Transition } from "./model/transitions";
import { notifyOnOk, notifySettings } from "./settings";
import type { AlarmStore } from "./store";
import type { WorkspaceAlarms } from "./workspaceAlarms";

/** More alarms than this moving at once make one notification, not one each. */
const AT_ONCE = 3;
/** The reason shown in a notification is cut here. */
const REASON_CHARS = 160;

function short(text: string | undefined): string {
  if (!text) return "";
  return text.length > REASON_CHARS ? `${text.slice(0, REASON_CHARS - 1)}…` : text;
}

/**
 * A notification when an alarm in the user's scope moves into ALARM (and back to OK when asked),
 * with "Show Alarm": at most one per alarm per state change (keyed by the change's time), and
 * one for many alarms that move together.
 */
export class AlarmNotifications extends Disposable {
  private readonly notified = new Set<string>();

  constructor(
    store: AlarmStore,
    private readonly workspace: WorkspaceAlarms,
  ) {
    super();
    this.register(
      store.onDidTransition((moved) => {
        this.notify(moved).catch((error: unknown) =>
          log.warn(
            "cloudwatch",
            `notifying failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
      }),
    );
  }

  private async notify(moved: readonly Transition[]): Promise<void> {
    const settings = notifySettings();
    if (settings.scope === "none") return;
    const names = settings.scope === "workspace" ? await this.workspace.names() : new Set<string>();
    const fresh = moved.filter(
      (t) => inScope(t.alarm.name, settings, names) && !this.notified.has(transitionKey(t.alarm)),
    );
    const intoAlarm = fresh.filter((t) => t.alarm.state === "ALARM");
    const backToOk = notifyOnOk() ? fresh.filter((t) => t.alarm.state === "OK" && t.from === "ALARM") : [];
    for (const t of [...intoAlarm, ...backToOk]) this.notified.add(transitionKey(t.alarm));

    if (intoAlarm.length > AT_ONCE) {
      const listed = intoAlarm
        .slice(0, AT_ONCE)
        .map((t) => t.alarm.name)
        .join(", ");
      const choice = await vscode.window.showWarningMessage(
        `${intoAlarm.length} alarms went into ALARM: ${listed} and ${intoAlarm.length - AT_ONCE} more.`,
        "Show Alarms",
      );
      if (choice) await vscode.commands.executeCommand("awsCicd.alarm.focusTree");
    } else {
      await Promise.all(intoAlarm.map((t) => this.show(t, "warning")));
    }
    await Promise.all(backToOk.map((t) => this.show(t, "info")));
  }

  private async show(t: Transition, level: "warning" | "info"): Promise<void> {
    const groups = await this.workspace.groupsOf(t.alarm.name);
    const guards = groups.length ? ` (deployment group ${groups.join(", ")})` : "";
    const message =
      level === "warning"
        ? `Alarm ${t.alarm.name}${guards} is in ALARM: ${short(t.alarm.stateReason)}`
        : `Alarm ${t.alarm.name}${guards} is OK again.`;
    const choice =
      level === "warning"
        ? await vscode.window.showWarningMessage(message, "Show Alarm")
        : await vscode.window.showInformationMessage(message, "Show Alarm");
    if (choice)
      await vscode.commands.executeCommand("awsCicd.alarm.showDetails", {
        kind: "alarm",
        name: t.alarm.name,
      });
  }
}
