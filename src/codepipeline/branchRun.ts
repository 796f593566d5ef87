import * as vscode from "vscode";
import { Disposable } from "../core/disposable";
import { relativeTime } from "../core/format";
import type { BranchContext, BranchContributor, BranchRow } from "../workbench/currentBranch";
import { lookIcon } from "../workbench/tree/themeIcon";
import type { PipelineHeadTracker } from "./headTracker";
import type { HeadExecution } from "./model/headRun";
import { executionRevision, pipelineStatusLook, WAITING_LOOK } from "./model/status";

interface RunRow extends BranchRow {
  readonly pipeline: string;
}

/** The pipeline execution carrying HEAD, at the top of the first repository in Current Branch. */
export class BranchPipelineRun extends Disposable implements BranchContributor {
  readonly id = "codepipeline";
  readonly order = 10;
  readonly onDidChange: vscode.Event<unknown>;

  constructor(private readonly tracker: PipelineHeadTracker) {
    super();
    this.onDidChange = tracker.onDidChange;
  }

  rows(_head: unknown, context: BranchContext): BranchRow[] {
    const run = this.tracker.current;
    if (!run || !context.first) return [];
    const row: RunRow = { contributor: this.id, pipeline: run.pipeline };
    return [row];
  }

  item(row: BranchRow): vscode.TreeItem {
    const run = this.tracker.current;
    return run ? pipelineRunItem(run) : new vscode.TreeItem((row as RunRow).pipeline);
  }

  children(): BranchRow[] {
    return [];
  }
}

function pipelineRunItem(run: HeadExecution): vscode.TreeItem {
  const item = new vscode.TreeItem(run.pipeline, vscode.TreeItemCollapsibleState.None);
  item.id = `branch-pipeline:${run.pipeline}:${run.execution.id}`;
  const look = run.waitingApproval ? WAITING_LOOK : pipelineStatusLook(run.execution.status);
  item.iconPath = lookIcon(look);
  item.description = [
    "pipeline",
    look.word,
    run.stage && run.execution.status === "InProgress" ? `at ${run.stage}` : undefined,
    executionRevision(run.execution),
    run.execution.startTime ? relativeTime(run.execution.startTime, new Date()) : undefined,
  ]
    .filter(Boolean)
    .join(" · ");
  item.contextValue = run.waitingApproval ? "pipeline approvable" : "pipeline";
  item.command = {
    command: "awsCicd.pipeline.showGraph",
    title: "Show Pipeline Graph",
    arguments: [{ kind: "pipeline", name: run.pipeline }],
  };
  return item;
}
