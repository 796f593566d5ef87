import { config } from "../workbench/settings";
import type { NotifyScope, ScopeSettings } from "./model/notifyScope";

export const CloudWatchSetting = {
  alarmNamePrefix: "cloudwatch.alarmNamePrefix",
  notifications: "cloudwatch.notifications",
  notificationPrefix: "cloudwatch.notificationPrefix",
  notifyOnOk: "cloudwatch.notifyOnOk",
  preferPolling: "cloudwatch.tail.preferPolling",
  chartHours: "cloudwatch.chartHours",
} as const;

/** The tree lists the alarms whose name starts with this ("": every alarm). */
export function alarmNamePrefix(): string {
  return config().get<string>(CloudWatchSetting.alarmNamePrefix, "").trim();
}

export function notifySettings(): ScopeSettings {
  const scope = config().get<NotifyScope>(CloudWatchSetting.notifications, "workspace");
  return {
    scope: ["none", "workspace", "prefix", "all"].includes(scope) ? scope : "workspace",
    prefix: config().get<string>(CloudWatchSetting.notificationPrefix, "").trim(),
  };
}

export function notifyOnOk(): boolean {
  return config().get<boolean>(CloudWatchSetting.notifyOnOk, false);
}

/** Tail by polling FilterLogEvents even where Live Tail works (Live Tail is billed per minute). */
export function preferPolling(): boolean {
  return config().get<boolean>(CloudWatchSetting.preferPolling, false);
}

/** Hours of metric data in an alarm's chart (1–24). */
export function chartHours(): number {
  return Math.min(24, Math.max(1, config().get<number>(CloudWatchSetting.chartHours, 3)));
}
