import * as vscode from "vscode";
import { formatBytes, relativeTime } from "../core/format";
import { escapeMarkdown, markdownCode } from "../core/markdown";
import type { LogGroupSummary } from "../logs/tailTypes";
import { icon } from "../workbench/tree/themeIcon";
import { STATE_LOOKS } from "./model/alarmGroups";
import { conditionText, dimensionsText, evaluationText } from "./model/alarmText";
import type { Alarm, AlarmState } from "./model/types";

export function cloudWatchServiceItem(
  region: string | undefined,
  summary: string | undefined,
): vscode.TreeItem {
  const item = new vscode.TreeItem("CloudWatch", vscode.TreeItemCollapsibleState.Expanded);
  item.id = "service:cloudwatch";
  item.iconPath = icon("pulse");
  item.description = [summary, region].filter(Boolean).join(" · ");
  item.contextValue = "service cloudwatch";
  return item;
}

export function stateGroupItem(state: AlarmState, count: number): vscode.TreeItem {
  const look = STATE_LOOKS[state];
  const item = new vscode.TreeItem(
    look.group,
    state === "ALARM" ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed,
  );
  item.id = `cw-state:${state}`;
  item.iconPath = icon(look.icon, count > 0 ? look.color : undefined);
  item.description = String(count);
  item.contextValue = "alarmStateGroup";
  return item;
}

export function alarmItem(alarm: Alarm, now: Date): vscode.TreeItem {
  const item = new vscode.TreeItem(alarm.name, vscode.TreeItemCollapsibleState.None);
  item.id = `alarm:${alarm.name}`;
  const look = STATE_LOOKS[alarm.state];
  item.iconPath = icon(alarm.kind === "composite" && alarm.state === "OK" ? "layers" : look.icon, look.color);
  item.description = [
    alarm.kind === "composite" ? "composite" : undefined,
    conditionText(alarm),
    alarm.stateChanged ? relativeTime(alarm.stateChanged, now) : undefined,
    alarm.actionsEnabled ? undefined : "actions disabled",
  ]
    .filter(Boolean)
    .join(" · ");
  const tooltip = new vscode.MarkdownString(
    `**${escapeMarkdown(alarm.name)}** — ${look.word}${alarm.kind === "composite" ? " (composite alarm)" : ""}`,
  );
  if (alarm.description) tooltip.appendMarkdown(`\n\n${escapeMarkdown(alarm.description)}`);
  if (alarm.kind === "metric") {
    tooltip.appendMarkdown(
      `\n\n${markdownCode(conditionText(alarm))} ${escapeMarkdown(evaluationText(alarm))}`,
    );
    if (alarm.metric)
      tooltip.appendMarkdown(
        `\n\n${escapeMarkdown(alarm.metric.namespace)}${dimensionsText(alarm) ? ` · ${escapeMarkdown(dimensionsText(alarm))}` : ""}`,
      );
  } else {
    tooltip.appendMarkdown(`\n\nRule: ${markdownCode(alarm.rule)}`);
  }
  if (alarm.stateReason) tooltip.appendMarkdown(`\n\n${escapeMarkdown(alarm.stateReason)}`);
  if (alarm.stateChanged)
    tooltip.appendMarkdown(`\n\nState since ${escapeMarkdown(alarm.stateChanged.toLocaleString())}`);
  tooltip.appendMarkdown(`\n\nActions ${alarm.actionsEnabled ? "enabled" : "disabled"}`);
  item.tooltip = tooltip;
  item.contextValue = ["alarm", alarm.kind, alarm.state === "ALARM" ? "inAlarm" : ""]
    .filter(Boolean)
    .join(" ");
  item.command = {
    command: "awsCicd.alarm.showDetails",
    title: "Show Alarm Details",
    arguments: [{ kind: "alarm", name: alarm.name }],
  };
  return item;
}

export function logGroupsItem(count: number | undefined, truncated: boolean): vscode.TreeItem {
  const item = new vscode.TreeItem("Log groups", vscode.TreeItemCollapsibleState.Collapsed);
  item.id = "cw-logGroups";
  item.iconPath = icon("output");
  if (count !== undefined) item.description = truncated ? `first ${count}` : String(count);
  item.contextValue = "logGroups";
  return item;
}

export function logGroupItem(group: LogGroupSummary, tailing: boolean): vscode.TreeItem {
  const item = new vscode.TreeItem(group.name, vscode.TreeItemCollapsibleState.None);
  item.id = `logGroup:${group.name}`;
  item.iconPath = icon(tailing ? "eye" : "list-flat");
  item.description = [
    tailing ? "tailing" : undefined,
    group.storedBytes !== undefined ? formatBytes(group.storedBytes) : undefined,
    group.retentionDays ? `${group.retentionDays} d retention` : undefined,
  ]
    .filter(Boolean)
    .join(" · ");
  item.tooltip = `${group.name}${group.created ? `\nCreated ${new Date(group.created).toLocaleString()}` : ""}`;
  item.contextValue = ["logGroup", tailing ? "tailing" : ""].filter(Boolean).join(" ");
  return item;
}
