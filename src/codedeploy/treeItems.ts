import * as vscode from "vscode";
import { formatDuration, relativeTime } from "../core/format";
import { escapeMarkdown, markdownCode } from "../core/markdown";
import { icon } from "../workbench/tree/themeIcon";
import { alarmStateLook, alarmsPhrase, alarmsSummary, type GroupAlarmState } from "./model/groupAlarmStates";
import {
  continueWait,
  creatorLabel,
  currentEvent,
  deploymentDurationMs,
  deploymentLook,
  eventDurationMs,
  groupStyle,
  isActive,
  progressPercent,
  revisionLabel,
  shortConfig,
  lastDeploymentLook,
  statusLook,
} from "./model/status";
import type {
  Application,
  Deployment,
  DeploymentGroup,
  LastDeployment,
  DeploymentTarget,
  LifecycleEvent,
} from "./model/types";

const PLATFORM: Record<string, { icon: string; word: string }> = {
  Server: { icon: "server", word: "EC2/on-premises" },
  ECS: { icon: "server-process", word: "ECS" },
  Lambda: { icon: "symbol-function", word: "Lambda" },
};

export function deployServiceItem(region: string | undefined): vscode.TreeItem {
  const item = new vscode.TreeItem("CodeDeploy", vscode.TreeItemCollapsibleState.Expanded);
  item.id = "service:codedeploy";
  item.iconPath = icon("rocket");
  item.description = region;
  item.contextValue = "service codedeploy";
  return item;
}

export function applicationItem(app: Application): vscode.TreeItem {
  const item = new vscode.TreeItem(app.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `deployApplication:${app.name}`;
  const platform = PLATFORM[app.computePlatform] ?? { icon: "package", word: app.computePlatform };
  item.iconPath = icon(platform.icon);
  item.description = platform.word;
  item.tooltip = `${app.name} — CodeDeploy application (${platform.word})`;
  item.contextValue = "deployApplication";
  return item;
}

export function groupItem(g: DeploymentGroup, last: LastDeployment | undefined, now: Date): vscode.TreeItem {
  const item = new vscode.TreeItem(g.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `deployGroup:${g.application}/${g.name}`;
  const look = last ? lastDeploymentLook(last) : undefined;
  item.iconPath = look ? icon(look.icon, look.color) : icon("layers");
  const when = last?.endTime ?? last?.createTime;
  item.description = [
    look?.word ?? "never deployed",
    when ? relativeTime(when, now) : undefined,
    shortConfig(g.configName),
    groupStyle(g),
  ]
    .filter(Boolean)
    .join(" · ");
  const tooltip = new vscode.MarkdownString(`**${escapeMarkdown(`${g.application} / ${g.name}`)}**`);
  tooltip.appendMarkdown(`\n\n- Deployment configuration: ${markdownCode(g.configName ?? "default")}`);
  tooltip.appendMarkdown(
    `\n- Style: ${groupStyle(g)}${g.withTrafficControl ? " with a load balancer" : ""}${g.waitsForReroute ? ", waits for you to reroute traffic" : ""}`,
  );
  tooltip.appendMarkdown(
    `\n- Automatic rollback: ${g.autoRollback.enabled ? escapeMarkdown(g.autoRollback.events.map(rollbackEvent).join(", ") || "on") : "off"}`,
  );
  if (g.alarms.names.length > 0)
    tooltip.appendMarkdown(
      `\n- Alarms${g.alarms.enabled ? "" : " (monitoring off)"}: ${g.alarms.names.map(markdownCode).join(", ")}; rollback on alarm ${g.autoRollback.enabled && g.autoRollback.events.includes("DEPLOYMENT_STOP_ON_ALARM") ? "on" : "off"}`,
    );
  if (last) tooltip.appendMarkdown(`\n- Last deployment: ${markdownCode(last.id)} ${look?.word ?? ""}`);
  if (g.lastSuccessful && g.lastSuccessful.id !== last?.id)
    tooltip.appendMarkdown(`\n- Last successful: ${markdownCode(g.lastSuccessful.id)}`);
  item.tooltip = tooltip;
  item.contextValue = ["deployGroup", g.computePlatform.toLowerCase()].join(" ");
  return item;
}

function rollbackEvent(event: string): string {
  return event === "DEPLOYMENT_FAILURE"
    ? "on failure"
    : event === "DEPLOYMENT_STOP_ON_ALARM"
      ? "on alarm"
      : event === "DEPLOYMENT_STOP_ON_REQUEST"
        ? "on stop"
        : event;
}

/** The group's alarms; `states` (from CloudWatch) when known: a summary, and each alarm a row below. */
export function alarmsItem(
  g: DeploymentGroup,
  states?: ReadonlyMap<string, GroupAlarmState>,
): vscode.TreeItem {
  const names = g.alarms.names;
  const item = new vscode.TreeItem(`Alarms (${names.length})`, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `deployAlarms:${g.application}/${g.name}`;
  const summary = alarmsSummary(names, states);
  const firing = names.some((n) => states?.get(n)?.state === "ALARM");
  item.iconPath = firing ? icon("bell-dot", "testing.iconFailed") : icon("bell");
  const rollback = g.autoRollback.enabled && g.autoRollback.events.includes("DEPLOYMENT_STOP_ON_ALARM");
  item.description = [
    summary || names.join(", "),
    g.alarms.enabled ? undefined : "monitoring off",
    rollback ? "rollback on alarm" : "no rollback on alarm",
  ]
    .filter(Boolean)
    .join(" · ");
  item.tooltip = `CloudWatch alarms that stop a deployment of ${g.name}${g.alarms.enabled ? "" : " (alarm monitoring is off)"}:\n${names.join("\n")}\n\nRollback when one fires: ${rollback ? "on" : "off"}`;
  item.contextValue = "deployAlarms";
  return item;
}

/** One alarm of a group: its state as CloudWatch tells it; click for its details (CloudWatch). */
export function groupAlarmItem(
  g: DeploymentGroup,
  name: string,
  state: GroupAlarmState | undefined,
  now: Date,
): vscode.TreeItem {
  const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.None);
  item.id = `deployAlarm:${g.application}/${g.name}/${name}`;
  const look = alarmStateLook(state);
  item.iconPath = icon(look.icon, look.color);
  item.description = [look.word, state?.changed ? relativeTime(state.changed, now) : undefined]
    .filter(Boolean)
    .join(" · ");
  const tooltip = new vscode.MarkdownString(`**${escapeMarkdown(name)}** — ${escapeMarkdown(look.word)}`);
  if (state?.changed) tooltip.appendMarkdown(`\n\nSince ${escapeMarkdown(state.changed.toLocaleString())}`);
  if (state?.reason) tooltip.appendMarkdown(`\n\n${escapeMarkdown(state.reason)}`);
  tooltip.appendMarkdown(
    `\n\nWhen it goes into ALARM, CodeDeploy stops a deployment of ${escapeMarkdown(`${g.application} / ${g.name}`)}${g.alarms.enabled ? "" : " (alarm monitoring is off for this group)"}.`,
  );
  item.tooltip = tooltip;
  if (state?.state) {
    item.command = { command: "awsCicd.alarm.showDetails", title: "Show Alarm Details", arguments: [name] };
    // "alarm" first: the CloudWatch alarm menus (details, console, copy name) apply; the node has `name`.
    item.contextValue = "alarm deployAlarm";
  } else item.contextValue = "deployAlarm";
  return item;
}

/**
 * `stoppedBy`: the alarms that stopped it (see alarmsThatStopped: undefined when no alarm did,
 * [] when one did but which is unknown).
 */
export function deploymentItem(d: Deployment, now: Date, stoppedBy?: readonly string[]): vscode.TreeItem {
  const item = new vscode.TreeItem(d.id, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `deployment:${d.id}`;
  const look = deploymentLook(d);
  item.iconPath = icon(look.icon, look.color);
  const duration = deploymentDurationMs(d, now);
  const percent = isActive(d) ? progressPercent(d) : undefined;
  item.description = [
    look.word +
      (percent !== undefined && d.status === "InProgress" ? ` ${percent}%` : "") +
      (stoppedBy ? ` by ${alarmsPhrase(stoppedBy)}` : ""),
    creatorLabel(d),
    duration !== undefined ? formatDuration(duration) : undefined,
    d.createTime ? relativeTime(d.createTime, now) : undefined,
    revisionLabel(d.revision),
  ]
    .filter(Boolean)
    .join(" · ");
  const tooltip = new vscode.MarkdownString(
    `**${escapeMarkdown(`${d.id} to ${d.application} / ${d.group}`)}** — ${escapeMarkdown(look.word)}`,
  );
  tooltip.appendMarkdown(`\n\n- Revision: ${markdownCode(revisionLabel(d.revision))}`);
  if (d.description) tooltip.appendMarkdown(`\n- Description: ${escapeMarkdown(d.description)}`);
  if (d.creator) tooltip.appendMarkdown(`\n- Started by: ${escapeMarkdown(creatorLabel(d))}`);
  if (d.configName) tooltip.appendMarkdown(`\n- Configuration: ${markdownCode(d.configName)}`);
  if (d.overview)
    tooltip.appendMarkdown(
      `\n- Targets: ${d.overview.Succeeded} succeeded, ${d.overview.Failed} failed, ${d.overview.InProgress} in progress, ${d.overview.Pending} pending, ${d.overview.Skipped} skipped${d.overview.Ready ? `, ${d.overview.Ready} ready` : ""}`,
    );
  if (d.createTime) tooltip.appendMarkdown(`\n- Created: ${d.createTime.toLocaleString()}`);
  if (duration !== undefined) tooltip.appendMarkdown(`\n- Duration: ${formatDuration(duration)}`);
  if (stoppedBy)
    tooltip.appendMarkdown(
      `\n\n$(bell-dot) Stopped by ${stoppedBy.length ? `${stoppedBy.length === 1 ? "alarm" : "alarms"} ${stoppedBy.map(markdownCode).join(", ")}` : "an alarm of the group"}`,
    );
  if (d.error?.message)
    tooltip.appendMarkdown(
      `\n\n$(error) ${escapeMarkdown(`${d.error.code ? `${d.error.code}: ` : ""}${d.error.message}`)}`,
    );
  if (d.rollback?.rollbackDeploymentId)
    tooltip.appendMarkdown(`\n\n$(history) Rolled back by ${markdownCode(d.rollback.rollbackDeploymentId)}`);
  if (d.rollback?.triggeredBy)
    tooltip.appendMarkdown(`\n\n$(history) Rollback of ${markdownCode(d.rollback.triggeredBy)}`);
  else if (d.rollback?.message && !d.rollback.rollbackDeploymentId)
    tooltip.appendMarkdown(`\n\n${escapeMarkdown(d.rollback.message)}`);
  tooltip.supportThemeIcons = true;
  item.tooltip = tooltip;
  const wait = continueWait(d);
  item.contextValue = [
    "deployment",
    isActive(d) ? "running" : "completed",
    wait ? "continuable" : "",
    d.status === "Failed" ? "failed" : "",
    d.revision.kind !== "Unknown" ? "redeployable" : "",
  ]
    .filter(Boolean)
    .join(" ");
  return item;
}

export function targetItem(t: DeploymentTarget, now: Date): vscode.TreeItem {
  const item = new vscode.TreeItem(t.id, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `deployTarget:${t.deploymentId}/${t.id}`;
  const look = statusLook(t.status);
  item.iconPath = icon(look.icon, look.color);
  const event = currentEvent(t);
  item.description = [
    t.label ? `${t.label.toLowerCase()}` : undefined,
    look.word,
    t.status === "InProgress" || t.status === "Failed" ? event?.name : undefined,
    t.trafficPercent !== undefined ? `${t.trafficPercent}% traffic` : undefined,
    t.lastUpdatedAt ? relativeTime(t.lastUpdatedAt, now) : undefined,
  ]
    .filter(Boolean)
    .join(" · ");
  item.tooltip = [`${t.kind.replace(/Target$/, "")} ${t.id}: ${look.word}`, t.detail]
    .filter(Boolean)
    .join("\n");
  item.contextValue = ["deployTarget", t.status === "Failed" ? "failed" : ""].filter(Boolean).join(" ");
  return item;
}

export function eventItem(t: DeploymentTarget, e: LifecycleEvent, index: number, now: Date): vscode.TreeItem {
  const item = new vscode.TreeItem(e.name, vscode.TreeItemCollapsibleState.None);
  item.id = `deployEvent:${t.deploymentId}/${t.id}/${index}`;
  const look = statusLook(e.status);
  item.iconPath = icon(look.icon, look.color);
  const duration = eventDurationMs(e, now);
  item.description = [
    look.word,
    duration !== undefined ? formatDuration(duration) : undefined,
    e.diagnostics?.errorCode && e.status === "Failed" ? e.diagnostics.errorCode : undefined,
    e.diagnostics?.scriptName && e.status === "Failed" ? e.diagnostics.scriptName : undefined,
  ]
    .filter(Boolean)
    .join(" · ");
  if (e.diagnostics && e.status === "Failed") {
    const tooltip = new vscode.MarkdownString(`**${escapeMarkdown(`${e.name} failed on ${t.id}`)}**`);
    if (e.diagnostics.message) tooltip.appendMarkdown(`\n\n${escapeMarkdown(e.diagnostics.message)}`);
    if (e.diagnostics.logTail) tooltip.appendCodeblock(e.diagnostics.logTail.slice(-4000), "log");
    item.tooltip = tooltip;
    item.command = {
      command: "awsCicd.deploy.showFailure",
      title: "Show Failure",
      arguments: [{ kind: "deployment", id: t.deploymentId, target: t.id, event: e.name }],
    };
  }
  item.contextValue = ["deployEvent", e.status === "Failed" ? "failed" : ""].filter(Boolean).join(" ");
  return item;
}
