import * as vscode from "vscode";
import type { ConnectionHealth } from "../workbench/connectionHealth";
import type { ConnectionManager } from "../workbench/connectionManager";
import { messageNode, noneInRegionNode, type TreeNode, type TreeSection } from "../workbench/tree/section";
import { SectionBase } from "../workbench/tree/sectionBase";
import { currentStage } from "./model/status";
import type { PipelineStore } from "./store";
import { CodePipelineNodes, SECTION, type CodePipelineNode } from "./treeNodes";
import {
  actionItem,
  executionItem,
  executionsItem,
  pipelineItem,
  pipelineServiceItem,
  stageItem,
} from "./treeItems";

/** The CodePipeline section of the pipeline tree: pipelines → stages → actions, and executions. */
export class PipelineSection extends SectionBase implements TreeSection {
  readonly id = SECTION;
  readonly nodes = new CodePipelineNodes();
  readonly root = this.nodes.root;

  constructor(
    private readonly store: PipelineStore,
    private readonly connection: ConnectionManager,
    private readonly health: ConnectionHealth,
  ) {
    super();
    this.register(store.onDidChangePipelines(() => this.changedAll()));
    this.register(
      store.onDidChangePipeline((name) => {
        const node = this.nodes.knownPipeline(name);
        this.changed(node);
      }),
    );
  }

  load(): Promise<void> {
    return this.store.pipelines ? Promise.resolve() : this.store.loadPipelines().then(() => undefined);
  }

  reset(): void {
    this.nodes.clear();
  }

  item(treeNode: TreeNode, now: Date): vscode.TreeItem {
    return (
      this.render(treeNode as CodePipelineNode, this.connection.current?.region, now) ??
      new vscode.TreeItem("")
    );
  }

  private render(node: CodePipelineNode, region: string | undefined, now: Date): vscode.TreeItem | undefined {
    switch (node.kind) {
      case "service":
        return pipelineServiceItem(region);
      case "pipeline": {
        const summary = this.store.pipelines?.find((p) => p.name === node.name) ?? { name: node.name };
        const state = this.store.state(node.name);
        if (!state)
          this.store.refreshState(node.name).catch((e: unknown) => this.health.reportFor(e, "pipelines"));
        return pipelineItem(summary, state, now);
      }
      case "stage": {
        const state = this.store.state(node.pipeline);
        const stage = state?.stages.find((s) => s.name === node.stage);
        return stage ? stageItem(node.pipeline, stage, currentStage(state)?.name === stage.name) : undefined;
      }
      case "action": {
        const stage = this.store.state(node.pipeline)?.stages.find((s) => s.name === node.stage);
        const action = stage?.actions.find((a) => a.name === node.action);
        const definition = this.store
          .definition(node.pipeline)
          ?.stages.find((s) => s.name === node.stage)
          ?.actions.find((a) => a.name === node.action);
        return action ? actionItem(node.pipeline, node.stage, action, definition, now) : undefined;
      }
      case "executions":
        return executionsItem(node.pipeline);
      case "execution": {
        const execution = this.store.executions(node.pipeline)?.find((e) => e.id === node.id);
        return execution ? executionItem(execution, now) : undefined;
      }
    }
  }

  async children(treeNode: TreeNode): Promise<TreeNode[]> {
    const node = treeNode as CodePipelineNode;
    switch (node.kind) {
      case "service":
        return this.pipelineNodes();
      case "pipeline":
        return this.stageNodes(node.name);
      case "stage": {
        const stage = this.store.state(node.pipeline)?.stages.find((s) => s.name === node.stage);
        return (stage?.actions ?? []).map((a) => this.nodes.action(node.pipeline, node.stage, a.name));
      }
      case "executions":
        return this.executionNodes(node.pipeline);
      default:
        return [];
    }
  }

  parent(treeNode: TreeNode): TreeNode | undefined {
    const node = treeNode as CodePipelineNode;
    switch (node.kind) {
      case "pipeline":
        return this.root;
      case "stage":
      case "executions":
        return this.nodes.pipeline(node.pipeline);
      case "action":
        return this.nodes.stage(node.pipeline, node.stage);
      case "execution":
        return this.nodes.executions(node.pipeline);
      default:
        return undefined;
    }
  }

  private async pipelineNodes(): Promise<TreeNode[]> {
    try {
      const pipelines = this.store.pipelines ?? (await this.store.loadPipelines());
      if (pipelines.length === 0) return [noneInRegionNode(SECTION, "pipelines")];
      return pipelines.map((p) => this.nodes.pipeline(p.name));
    } catch (error) {
      const friendly = this.health.reportFor(error, "pipelines");
      return [messageNode(SECTION, `Could not list pipelines: ${friendly.message}`, "warning")];
    }
  }

  /** Expanding a pipeline: its definition (providers) and state, then the stages. */
  private async stageNodes(name: string): Promise<TreeNode[]> {
    try {
      await Promise.all([
        this.store.loadDefinition(name),
        this.store.state(name) ? undefined : this.store.refreshState(name),
      ]);
    } catch (error) {
      const friendly = this.health.reportFor(error, "pipelines");
      return [messageNode(name, `Could not load the pipeline: ${friendly.message}`, "warning")];
    }
    const stages = this.store.state(name)?.stages ?? [];
    return [...stages.map((s) => this.nodes.stage(name, s.name)), this.nodes.executions(name)];
  }

  private async executionNodes(name: string): Promise<TreeNode[]> {
    try {
      if (!this.store.executions(name)) await this.store.refreshExecutions(name);
    } catch (error) {
      const friendly = this.health.reportFor(error, "pipelines");
      return [messageNode(`executions:${name}`, `Could not list executions: ${friendly.message}`, "warning")];
    }
    const executions = this.store.executions(name) ?? [];
    if (executions.length === 0) return [messageNode(`executions:${name}`, "No executions yet", "info")];
    return executions.map((e) => this.nodes.execution(name, e.id));
  }
}
