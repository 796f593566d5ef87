import * as vscode from "vscode";
import { escapeMarkdown, markdownCode } from "../core/markdown";
import { icon } from "../workbench/tree/themeIcon";
import { buildDurationMs, buildLabel, phaseLook, phaseName, statusLook } from "./model/buildStatus";
import { formatDuration, relativeTime, shortInitiator, shortSourceVersion } from "../core/format";
import type { Build, Project } from "./model/types";
import type { PhaseNode } from "./treeNodes";
import type { BuildLogs } from "./buildLogs";
import type { BuildStore } from "./store";

export function serviceItem(region: string | undefined): vscode.TreeItem {
  const item = new vscode.TreeItem("CodeBuild", vscode.TreeItemCollapsibleState.Expanded);
  item.id = "service:codebuild";
  item.iconPath = icon("tools");
  item.description = region;
  item.contextValue = "service codebuild";
  return item;
}

/** A project's row; `project` is undefined while it is listed but not described yet. */
export function projectItem(
  name: string,
  project: Project | undefined,
  latest: Build | undefined,
  now: Date,
): vscode.TreeItem {
  const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `project:${name}`;
  const look = latest ? statusLook(latest.status) : undefined;
  item.iconPath = look ? icon(look.icon, look.color) : icon("package");
  item.description = latest
    ? `${buildLabel(latest)} ${latest.complete ? look?.word : phaseName(latest.currentPhase ?? "SUBMITTED")}${latest.startTime ? ` · ${relativeTime(latest.startTime, now)}` : ""}`
    : project?.description;
  const tooltip = new vscode.MarkdownString(`**${escapeMarkdown(name)}**`);
  if (project?.description) tooltip.appendMarkdown(`\n\n${escapeMarkdown(project.description)}`);
  if (project?.sourceType)
    tooltip.appendMarkdown(
      `\n\nSource: ${escapeMarkdown(`${project.sourceType} ${project.sourceLocation ?? ""}`)}`,
    );
  item.tooltip = tooltip;
  item.contextValue = "project";
  return item;
}

/** How this window stands to the build: following its log, asked it to stop. */
export interface BuildWatch {
  readonly followed: boolean;
  readonly stopping: boolean;
}

export function buildWatch(
  store: Pick<BuildStore, "isStopping">,
  logs: Pick<BuildLogs, "isFollowing">,
  id: string,
): BuildWatch {
  return { followed: logs.isFollowing(id), stopping: store.isStopping(id) };
}

export function buildItem(build: Build, { followed, stopping }: BuildWatch, now: Date): vscode.TreeItem {
  const hasPhases = build.phases.length > 0;
  const item = new vscode.TreeItem(
    buildLabel(build),
    hasPhases ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
  );
  item.id = `build:${build.id}`;
  const look = statusLook(build.status);
  item.iconPath = icon(look.icon, look.color);
  const duration = buildDurationMs(build, now);
  const parts = [
    build.complete ? look.word : stopping ? "stopping" : phaseName(build.currentPhase ?? "SUBMITTED"),
    shortSourceVersion(build.sourceVersion),
    shortInitiator(build.initiator),
    duration !== undefined ? formatDuration(duration) : undefined,
    build.startTime ? relativeTime(build.startTime, now) : undefined,
  ];
  item.description = parts.filter(Boolean).join(" · ");
  const tooltip = new vscode.MarkdownString(
    `**${escapeMarkdown(`${build.projectName} ${buildLabel(build)}`)}** — ${statusLook(build.status).word}`,
  );
  tooltip.appendMarkdown(`\n\n- Source version: ${markdownCode(build.sourceVersion ?? "project default")}`);
  if (build.resolvedSourceVersion)
    tooltip.appendMarkdown(`\n- Commit: ${markdownCode(build.resolvedSourceVersion)}`);
  if (build.initiator) tooltip.appendMarkdown(`\n- Started by: ${escapeMarkdown(build.initiator)}`);
  if (build.startTime) tooltip.appendMarkdown(`\n- Started: ${build.startTime.toLocaleString()}`);
  if (duration !== undefined) tooltip.appendMarkdown(`\n- Duration: ${formatDuration(duration)}`);
  if (followed) tooltip.appendMarkdown(`\n\n$(output) Following the log`);
  tooltip.supportThemeIcons = true;
  item.tooltip = tooltip;
  item.contextValue = ["build", build.complete ? "completed" : "running", followed ? "followed" : ""]
    .join(" ")
    .trim();
  item.command = {
    command: "awsCicd.build.showLog",
    title: "Show Build Log",
    arguments: [{ kind: "build", id: build.id }],
  };
  return item;
}

export function phaseItem(node: PhaseNode, build: Build): vscode.TreeItem {
  const phase = build.phases[node.index];
  const item = new vscode.TreeItem(phase ? phaseName(phase.type) : "?", vscode.TreeItemCollapsibleState.None);
  item.id = `phase:${build.id}:${node.index}`;
  if (!phase) return item;
  const look = phaseLook(phase, build.complete, build.status);
  item.iconPath = icon(look.icon, look.color);
  const seconds =
    phase.durationSeconds ??
    (phase.startTime && !build.complete
      ? Math.round((Date.now() - phase.startTime.getTime()) / 1000)
      : undefined);
  item.description = [
    phase.status || (phase.type === "COMPLETED" && build.complete) ? look.word : undefined,
    seconds !== undefined ? formatDuration(seconds * 1000) : undefined,
  ]
    .filter(Boolean)
    .join(" · ");
  if (phase.contexts.length > 0) item.tooltip = phase.contexts.join("\n");
  item.contextValue = "phase";
  return item;
}
