import * as vscode from "vscode";
import { Disposable } from "../core/disposable";
import { relativeTime } from "../core/format";
import type { BranchContext, BranchContributor, BranchRow } from "../workbench/currentBranch";
import { lookIcon } from "../workbench/tree/themeIcon";
import type { PipelineHeadTracker } from "./headTracker";
import type { HeadExecution } from "./model/headRun";
import { executionRevision, pipelineStatusLook, WAITING_LOOK } from "./model/status";

/** Shaped as the pipelines tree's execution node, so the pipeline commands take it as one. */
interface RunRow extends BranchRow {
  readonly kind: "execution";
  readonly pipeline: string;
  readonly id: string;
  readonly folder: string;
}

/** The pipeline execution carrying HEAD, at the top of each repository in Current Branch. */
export class BranchPipelineRun extends Disposable implements BranchContributor {
  readonly id = "codepipeline";
  readonly order = 10;
  readonly onDidChange: vscode.Event<unknown>;

  constructor(private readonly tracker: PipelineHeadTracker) {
    super();
    this.onDidChange = tracker.onDidChange;
  }

  rows(_head: unknown, context: BranchContext): BranchRow[] {
    const run = this.tracker.runFor(context.folder);
    if (!run) return [];
    const row: RunRow = {
      contributor: this.id,
      kind: "execution",
      pipeline: run.pipeline,
      id: run.execution.id,
      folder: context.folder,
    };
    return [row];
  }

  item(row: BranchRow): vscode.TreeItem {
    const r = row as RunRow;
    const run = this.tracker.runFor(r.folder);
    return run ? pipelineRunItem(run, r.folder) : new vscode.TreeItem(r.pipeline);
  }

  children(): BranchRow[] {
    return [];
  }
}

function pipelineRunItem(run: HeadExecution, folder: string): vscode.TreeItem {
  const item = new vscode.TreeItem(run.pipeline, vscode.TreeItemCollapsibleState.None);
  item.id = `branch-pipeline:${folder}:${run.pipeline}:${run.execution.id}`;
  const look = run.waitingApproval ? WAITING_LOOK : pipelineStatusLook(run.execution.status);
  item.iconPath = lookIcon(look);
  item.description = [
    "pipeline",
    look.word,
    run.execution.status !== "InProgress"
      ? undefined
      : run.stage
        ? `at ${run.stage}`
        : run.queuedFor
          ? `queued for ${run.queuedFor}`
          : undefined,
    executionRevision(run.execution),
    run.execution.startTime ? relativeTime(run.execution.startTime, new Date()) : undefined,
  ]
    .filter(Boolean)
    .join(" · ");
  item.contextValue = [
    "pipeline",
    run.waitingApproval ? "approvable" : "",
    run.execution.status === "InProgress" ? "running" : "",
  ]
    .filter(Boolean)
    .join(" ");
  item.command = {
    command: "awsCicd.pipeline.showGraph",
    title: "Show Pipeline Graph",
    arguments: [{ kind: "pipeline", name: run.pipeline }],
  };
  return item;
}
