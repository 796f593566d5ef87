import * as vscode from "vscode";
import { relativeTime } from "../core/format";
import { escapeMarkdown, markdownCode } from "../core/markdown";
import { icon, lookIcon } from "../workbench/tree/themeIcon";
import { driftLook, isInProgress, stackStatusLook } from "./model/status";
import type {
  ChangeSetSummary,
  PropertyDifference,
  StackEvent,
  StackOutput,
  StackParameter,
  StackResource,
  StackSummary,
} from "./model/types";
import type { GroupKind } from "./treeNodes";

export function serviceItem(region: string | undefined, showingDeleted: boolean): vscode.TreeItem {
  const item = new vscode.TreeItem("CloudFormation", vscode.TreeItemCollapsibleState.Expanded);
  item.id = "service:cloudformation";
  item.iconPath = icon("layers");
  item.description = [region, showingDeleted ? "with deleted stacks" : undefined].filter(Boolean).join(" · ");
  item.contextValue = `service cloudformation ${showingDeleted ? "showingDeleted" : "hidingDeleted"}`;
  return item;
}

function when(date: Date | undefined, now: Date): string | undefined {
  return date ? relativeTime(date, now) : undefined;
}

export function stackItem(stack: StackSummary, now: Date): vscode.TreeItem {
  const deleted = stack.status === "DELETE_COMPLETE";
  const item = new vscode.TreeItem(
    stack.name,
    deleted ? vscode.TreeItemCollapsibleState.None : vscode.TreeItemCollapsibleState.Collapsed,
  );
  item.id = `stack:${stack.id}`;
  const look = stackStatusLook(stack.status);
  item.iconPath = lookIcon(look);
  const drift = stack.drift === "DRIFTED" ? "drifted" : undefined;
  item.description = [
    look.word,
    drift,
    deleted ? when(stack.deleted, now) : when(stack.updated ?? stack.created, now),
  ]
    .filter(Boolean)
    .join(" · ");
  const tooltip = new vscode.MarkdownString(
    `**${escapeMarkdown(stack.name)}** — ${escapeMarkdown(stack.status)}`,
  );
  if (stack.statusReason) tooltip.appendMarkdown(`\n\n${escapeMarkdown(stack.statusReason)}`);
  if (stack.description) tooltip.appendMarkdown(`\n\n${escapeMarkdown(stack.description)}`);
  tooltip.appendMarkdown(`\n\nCreated ${escapeMarkdown(stack.created.toLocaleString())}`);
  if (stack.updated) tooltip.appendMarkdown(`  \nUpdated ${escapeMarkdown(stack.updated.toLocaleString())}`);
  if (stack.deleted) tooltip.appendMarkdown(`  \nDeleted ${escapeMarkdown(stack.deleted.toLocaleString())}`);
  const driftWord = driftLook(stack.drift)?.word;
  if (driftWord)
    tooltip.appendMarkdown(
      `  \nDrift: ${driftWord}${stack.driftCheckedAt ? ` (checked ${escapeMarkdown(relativeTime(stack.driftCheckedAt, now))})` : ""}`,
    );
  if (stack.parentId)
    tooltip.appendMarkdown(`  \nNested in ${markdownCode(stack.parentId.split("/")[1] ?? stack.parentId)}`);
  item.tooltip = tooltip;
  item.contextValue = [
    "stack",
    deleted ? "deleted" : "live",
    isInProgress(stack.status) ? "running" : "settled",
    stack.status === "UPDATE_IN_PROGRESS" ? "cancellable" : "",
    stack.parentId ? "nested" : !deleted && !isInProgress(stack.status) ? "deletable" : "",
  ]
    .filter(Boolean)
    .join(" ");
  return item;
}

const GROUPS: Readonly<Record<GroupKind, { label: string; icon: string }>> = {
  resources: { label: "Resources", icon: "symbol-class" },
  outputs: { label: "Outputs", icon: "output" },
  parameters: { label: "Parameters", icon: "symbol-parameter" },
  events: { label: "Events", icon: "history" },
  changeSets: { label: "Change Sets", icon: "diff" },
};

export function groupItem(stack: string, group: GroupKind, count: number | undefined): vscode.TreeItem {
  const g = GROUPS[group];
  const item = new vscode.TreeItem(g.label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `group:${stack}:${group}`;
  item.iconPath = icon(g.icon);
  if (count !== undefined) item.description = String(count);
  item.contextValue = `cfnGroup ${group}`;
  return item;
}

function shortPhysical(id: string | undefined): string | undefined {
  if (!id) return undefined;
  if (id.length <= 48) return id;
  const tail = id.split(/[/:]/).filter(Boolean).pop() ?? id;
  return tail.length <= 48 ? `…${tail}` : `…${tail.slice(-46)}`;
}

export function resourceItem(
  stack: string,
  r: StackResource,
  now: Date,
  differences: number,
): vscode.TreeItem {
  const item = new vscode.TreeItem(
    r.logicalId,
    differences > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
  );
  item.id = `resource:${stack}:${r.logicalId}`;
  const look = stackStatusLook(r.status);
  const drift = driftLook(r.drift);
  item.iconPath = drift && r.drift !== "IN_SYNC" ? lookIcon(drift) : lookIcon(look);
  item.description = [
    r.type,
    shortPhysical(r.physicalId),
    r.status.endsWith("_COMPLETE") && !r.status.includes("ROLLBACK") ? undefined : look.word,
    drift && r.drift !== "IN_SYNC" ? drift.word : undefined,
  ]
    .filter(Boolean)
    .join(" · ");
  const tooltip = new vscode.MarkdownString(`**${escapeMarkdown(r.logicalId)}** ${markdownCode(r.type)}`);
  if (r.physicalId) tooltip.appendMarkdown(`\n\nPhysical ID: ${markdownCode(r.physicalId)}`);
  tooltip.appendMarkdown(`\n\n${escapeMarkdown(r.status)} · ${escapeMarkdown(relativeTime(r.updated, now))}`);
  if (r.statusReason) tooltip.appendMarkdown(`\n\n${escapeMarkdown(r.statusReason)}`);
  if (drift) tooltip.appendMarkdown(`\n\nDrift: ${drift.word}`);
  item.tooltip = tooltip;
  item.contextValue = ["resource", r.physicalId ? "hasPhysicalId" : ""].filter(Boolean).join(" ");
  return item;
}

export function differenceItem(d: PropertyDifference): vscode.TreeItem {
  const item = new vscode.TreeItem(d.path.replace(/^\//, ""), vscode.TreeItemCollapsibleState.None);
  item.iconPath = icon(
    d.type === "REMOVE" ? "diff-removed" : d.type === "ADD" ? "diff-added" : "diff-modified",
    "charts.orange",
  );
  item.description = `expected ${d.expected || "(none)"} · actual ${d.actual || "(none)"}`;
  item.tooltip = `${d.path}\nExpected (template): ${d.expected}\nActual (AWS): ${d.actual}\n${d.type}`;
  item.contextValue = "driftDifference";
  return item;
}

export function outputItem(stack: string, o: StackOutput): vscode.TreeItem {
  const item = new vscode.TreeItem(o.key, vscode.TreeItemCollapsibleState.None);
  item.id = `output:${stack}:${o.key}`;
  item.iconPath = icon("symbol-constant");
  item.description = [o.value, o.exportName ? `export ${o.exportName}` : undefined]
    .filter(Boolean)
    .join(" · ");
  const tooltip = new vscode.MarkdownString(`**${escapeMarkdown(o.key)}**\n\n${markdownCode(o.value)}`);
  if (o.description) tooltip.appendMarkdown(`\n\n${escapeMarkdown(o.description)}`);
  if (o.exportName) tooltip.appendMarkdown(`\n\nExported as ${markdownCode(o.exportName)}`);
  item.tooltip = tooltip;
  item.contextValue = ["output", o.exportName ? "exported" : ""].filter(Boolean).join(" ");
  return item;
}

export function parameterItem(stack: string, p: StackParameter): vscode.TreeItem {
  const item = new vscode.TreeItem(p.key, vscode.TreeItemCollapsibleState.None);
  item.id = `parameter:${stack}:${p.key}`;
  item.iconPath = icon("symbol-parameter");
  item.description = p.resolvedValue ? `${p.value} → ${p.resolvedValue}` : p.value;
  item.tooltip =
    p.value === "****"
      ? `${p.key}: NoEcho (CloudFormation does not return its value)`
      : `${p.key} = ${p.value}`;
  item.contextValue = "parameter";
  return item;
}

export function eventItem(stack: string, e: StackEvent, now: Date): vscode.TreeItem {
  const item = new vscode.TreeItem(e.logicalId, vscode.TreeItemCollapsibleState.None);
  item.id = `event:${stack}:${e.id}`;
  item.iconPath = lookIcon(stackStatusLook(e.status));
  item.description = [e.status, relativeTime(e.timestamp, now), e.reason].filter(Boolean).join(" · ");
  const tooltip = new vscode.MarkdownString(
    `**${escapeMarkdown(e.logicalId)}** ${markdownCode(e.type)}\n\n${escapeMarkdown(e.status)} · ${escapeMarkdown(e.timestamp.toLocaleString())}`,
  );
  if (e.physicalId) tooltip.appendMarkdown(`\n\nPhysical ID: ${markdownCode(e.physicalId)}`);
  if (e.reason) tooltip.appendMarkdown(`\n\n${escapeMarkdown(e.reason)}`);
  item.tooltip = tooltip;
  item.contextValue = "stackEvent";
  return item;
}

export function changeSetItem(stack: string, cs: ChangeSetSummary, now: Date): vscode.TreeItem {
  const item = new vscode.TreeItem(cs.name, vscode.TreeItemCollapsibleState.None);
  item.id = `changeSet:${stack}:${cs.id}`;
  const executable = cs.status === "CREATE_COMPLETE" && cs.executionStatus === "AVAILABLE";
  item.iconPath = icon(
    executable ? "diff" : cs.status === "FAILED" ? "error" : "loading~spin",
    cs.status === "FAILED" ? "testing.iconFailed" : undefined,
  );
  item.description = [
    executable ? "ready to execute" : cs.status.toLowerCase().replace(/_/g, " "),
    cs.created ? relativeTime(cs.created, now) : undefined,
    cs.statusReason,
  ]
    .filter(Boolean)
    .join(" · ");
  item.tooltip = [cs.name, cs.description, `${cs.status} / ${cs.executionStatus}`, cs.statusReason]
    .filter(Boolean)
    .join("\n");
  item.contextValue = ["changeSet", executable ? "executable" : ""].filter(Boolean).join(" ");
  item.command = {
    command: "awsCicd.changeSet.show",
    title: "Show Change Set",
    arguments: [{ kind: "changeSet", stack, id: cs.id, name: cs.name }],
  };
  return item;
}
