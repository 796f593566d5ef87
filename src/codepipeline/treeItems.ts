import * as vscode from "vscode";
import { isSafeLink } from "../core/links";
import { escapeMarkdown, markdownLink } from "../core/markdown";
import { icon } from "../workbench/tree/themeIcon";
import { formatDuration, relativeTime } from "../core/format";
import type {
  ActionDefinition,
  ActionState,
  PipelineExecution,
  PipelineState,
  PipelineSummary,
  StageState,
} from "./model/types";
import {
  currentStage,
  executionRevision,
  pipelineStatus,
  pipelineStatusLook,
  waitingApprovals,
  WAITING_LOOK,
} from "./model/status";

export function pipelineServiceItem(region: string | undefined): vscode.TreeItem {
  const item = new vscode.TreeItem("CodePipeline", vscode.TreeItemCollapsibleState.Expanded);
  item.id = "service:codepipeline";
  item.iconPath = icon("git-merge");
  item.description = region;
  item.contextValue = "service codepipeline";
  return item;
}

export function pipelineItem(
  summary: PipelineSummary,
  state: PipelineState | undefined,
  now: Date,
): vscode.TreeItem {
  const item = new vscode.TreeItem(summary.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `pipeline:${summary.name}`;
  const status = pipelineStatus(state);
  const approvals = waitingApprovals(state);
  const look = approvals.length ? WAITING_LOOK : pipelineStatusLook(status);
  item.iconPath = state ? icon(look.icon, look.color) : icon("git-merge");
  const stage = currentStage(state);
  const changed = stage?.actions
    .map((a) => a.latest?.lastStatusChange)
    .filter((d): d is Date => !!d)
    .sort((a, b) => b.getTime() - a.getTime())[0];
  item.description = state
    ? [look.word, stage ? `at ${stage.name}` : undefined, changed ? relativeTime(changed, now) : undefined]
        .filter(Boolean)
        .join(" · ")
    : summary.pipelineType;
  item.tooltip = `${summary.name}${summary.pipelineType ? ` (${summary.pipelineType})` : ""}${summary.updated ? `\nUpdated ${summary.updated.toLocaleString()}` : ""}`;
  item.contextValue = [
    "pipeline",
    approvals.length ? "approvable" : "",
    status === "InProgress" ? "running" : "",
  ]
    .filter(Boolean)
    .join(" ");
  return item;
}

export function stageItem(pipeline: string, stage: StageState, isCurrent: boolean): vscode.TreeItem {
  const item = new vscode.TreeItem(stage.name, vscode.TreeItemCollapsibleState.Expanded);
  item.id = `stage:${pipeline}:${stage.name}`;
  const approval = stage.actions.some((a) => a.latest?.status === "InProgress" && a.latest.token);
  const look = approval ? WAITING_LOOK : pipelineStatusLook(stage.latestExecution?.status);
  item.iconPath = icon(look.icon, look.color);
  item.description = [
    isCurrent ? "◀ current" : undefined,
    look.word,
    stage.transitionEnabled ? undefined : "transition disabled",
  ]
    .filter(Boolean)
    .join(" · ");
  item.tooltip = `${stage.name}: ${look.word}${stage.transitionEnabled ? "" : `\nInbound transition disabled${stage.disabledReason ? `: ${stage.disabledReason}` : ""}`}`;
  item.contextValue = [
    "stage",
    stage.latestExecution?.status === "Failed" ? "retryable" : "",
    stage.transitionEnabled ? "transitionEnabled" : "transitionDisabled",
  ]
    .filter(Boolean)
    .join(" ");
  return item;
}

export function actionItem(
  pipeline: string,
  stage: string,
  action: ActionState,
  definition: ActionDefinition | undefined,
  now: Date,
): vscode.TreeItem {
  const item = new vscode.TreeItem(action.name, vscode.TreeItemCollapsibleState.None);
  item.id = `action:${pipeline}:${stage}:${action.name}`;
  const run = action.latest;
  const approval = run?.status === "InProgress" && !!run.token;
  const look = approval ? WAITING_LOOK : pipelineStatusLook(run?.status);
  item.iconPath = icon(look.icon, look.color);
  item.description = [
    definition?.provider,
    look.word,
    run?.summary,
    run?.lastStatusChange ? relativeTime(run.lastStatusChange, now) : undefined,
  ]
    .filter(Boolean)
    .join(" · ");
  const tooltip = new vscode.MarkdownString(
    `**${escapeMarkdown(action.name)}** (${escapeMarkdown(`${definition?.category ?? ""} · ${definition?.provider ?? ""}`)}) — ${look.word}`,
  );
  if (run?.summary) tooltip.appendMarkdown(`\n\n${escapeMarkdown(run.summary)}`);
  if (run?.errorMessage) tooltip.appendMarkdown(`\n\n$(error) ${escapeMarkdown(run.errorMessage)}`);
  // Only an https link is a link; anything else is shown as text.
  if (isSafeLink(run?.externalExecutionUrl))
    tooltip.appendMarkdown(`\n\n${markdownLink("Open", run.externalExecutionUrl)}`);
  tooltip.supportThemeIcons = true;
  item.tooltip = tooltip;
  const codebuild = definition?.provider === "CodeBuild" && !!run?.externalExecutionId;
  item.contextValue = ["action", approval ? "approval" : "", codebuild ? "codebuild" : ""]
    .filter(Boolean)
    .join(" ");
  if (codebuild) {
    item.command = {
      command: "awsCicd.pipeline.showActionLog",
      title: "Show Action Log",
      arguments: [{ kind: "action", pipeline, stage, action: action.name }],
    };
  } else if (definition?.provider.startsWith("CodeDeploy") && run?.externalExecutionId) {
    // A CodeDeploy action's external id is its deployment: CodeDeploy shows it.
    item.command = {
      command: "awsCicd.deploy.showDeployment",
      title: "Show Deployment",
      arguments: [{ kind: "deployment", id: run.externalExecutionId }],
    };
  }
  // A CloudFormation action leads to its stack; one that creates a change set, to that change set.
  const stack = definition?.provider === "CloudFormation" ? definition.configuration.StackName : undefined;
  if (stack) {
    const changeSet =
      definition?.configuration.ActionMode === "CHANGE_SET_REPLACE"
        ? definition.configuration.ChangeSetName
        : undefined;
    item.description = `stack ${stack} · ${String(item.description)}`;
    item.command = changeSet
      ? {
          command: "awsCicd.changeSet.show",
          title: "Show Change Set",
          arguments: [{ kind: "changeSet", stack, name: changeSet }],
        }
      : { command: "awsCicd.stack.show", title: "Show Stack", arguments: [{ kind: "stack", name: stack }] };
  }
  return item;
}

export function executionsItem(pipeline: string): vscode.TreeItem {
  const item = new vscode.TreeItem("Executions", vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `executions:${pipeline}`;
  item.iconPath = icon("history");
  item.contextValue = "executions";
  return item;
}

export function executionItem(execution: PipelineExecution, now: Date): vscode.TreeItem {
  const item = new vscode.TreeItem(execution.id.slice(0, 8), vscode.TreeItemCollapsibleState.None);
  item.id = `execution:${execution.pipelineName}:${execution.id}`;
  const look = pipelineStatusLook(execution.status);
  item.iconPath = icon(look.icon, look.color);
  const end = execution.status === "InProgress" ? now : execution.lastUpdateTime;
  const duration =
    execution.startTime && end ? formatDuration(end.getTime() - execution.startTime.getTime()) : undefined;
  item.description = [
    look.word,
    executionRevision(execution),
    execution.trigger?.type,
    duration,
    execution.startTime ? relativeTime(execution.startTime, now) : undefined,
  ]
    .filter(Boolean)
    .join(" · ");
  const rev = execution.sourceRevisions[0];
  item.tooltip = `Execution ${execution.id}\n${execution.status}${execution.trigger ? `\nTrigger: ${execution.trigger.type ?? ""} ${execution.trigger.detail ?? ""}` : ""}${rev?.revisionId ? `\nCommit ${rev.revisionId}` : ""}${rev?.revisionSummary ? `\n${rev.revisionSummary}` : ""}`;
  item.contextValue = ["execution", execution.status === "InProgress" ? "running" : ""]
    .filter(Boolean)
    .join(" ");
  return item;
}
