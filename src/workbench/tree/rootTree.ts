import * as vscode from "vscode";
import type { BuildStore } from "../../codebuild/store";
import type { PipelineStore } from "../../codepipeline/store";
import type { ConnectionManager } from "../connectionManager";
import type { ConnectionHealth } from "../connectionHealth";
import { NodeCache, type MessageNode, type Node } from "./nodes";
import { PipelineSection } from "../../codepipeline/treeSection";
import { buildItem, messageItem, phaseItem, projectItem, serviceItem } from "../../codebuild/treeItems";

/**
 * The pipeline tree's CodeBuild part: projects → recent builds → phases. It renders from the
 * store and asks the store to load what the user expands; store events refresh single nodes.
 */
export class BuildTreeProvider implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly onDidChangeTreeDataEmitter = new vscode.EventEmitter<Node | Node[] | undefined>();
  readonly onDidChangeTreeData = this.onDidChangeTreeDataEmitter.event;
  readonly nodes = new NodeCache();
  private readonly disposables: vscode.Disposable[] = [this.onDidChangeTreeDataEmitter];
  /** Refreshes are gathered for a moment and fired together: a parent and its child refreshed
   *  separately in one tick make VS Code register the child twice. */
  private pending: Set<Node> | "all" | undefined;
  private flushTimer: NodeJS.Timeout | undefined;

  private readonly pipelines: PipelineSection;
  private empty = false;

  constructor(
    private readonly store: BuildStore,
    pipelineStore: PipelineStore,
    private readonly connection: ConnectionManager,
    private readonly health: ConnectionHealth,
    private readonly isFollowed: (buildId: string) => boolean,
  ) {
    this.pipelines = new PipelineSection(pipelineStore, this.nodes, health, (key, text, icon) =>
      this.message(key, text, icon),
    );
    this.disposables.push(
      pipelineStore.onDidChangePipelines(() => this.enqueue(this.nodes.codepipeline)),
      pipelineStore.onDidChangePipeline((name) => {
        const node = this.nodes.knownPipeline(name);
        if (node) this.enqueue(node);
      }),
      store.onDidChangeProjects(() => this.refresh()),
      store.onDidChangeProjectBuilds((name) => this.refreshProject(name)),
      store.onDidChangeBuild((build) => {
        this.refreshBuild(build.id);
        // The project's description shows its latest build.
        if (this.store.buildsOf(build.projectName)?.[0]?.id === build.id)
          this.refreshProject(build.projectName);
      }),
      { dispose: () => clearTimeout(this.flushTimer) },
    );
  }

  refresh(): void {
    this.pending = "all";
    this.scheduleFlush();
  }

  refreshBuild(id: string): void {
    const node = this.nodes.knownBuild(id);
    if (node) this.enqueue(node);
  }

  private refreshProject(name: string): void {
    const node = this.nodes.knownProject(name);
    if (node) this.enqueue(node);
  }

  private enqueue(node: Node): void {
    if (this.pending === "all") return;
    const pending = this.pending ?? new Set<Node>();
    pending.add(node);
    this.pending = pending;
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    this.flushTimer ??= setTimeout(() => this.flush(), 30);
  }

  private flush(): void {
    this.flushTimer = undefined;
    const pending = this.pending;
    this.pending = undefined;
    if (pending === "all") return this.onDidChangeTreeDataEmitter.fire(undefined);
    if (!pending) return;
    // A refreshed project re-renders its builds: drop those builds from the batch.
    const projects = new Set([...pending].flatMap((n) => (n.kind === "project" ? [n.name] : [])));
    const nodes = [...pending].filter(
      (n) => n.kind !== "build" || !projects.has(this.store.build(n.id)?.projectName ?? ""),
    );
    this.onDidChangeTreeDataEmitter.fire(nodes);
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const now = new Date();
    switch (node.kind) {
      case "service":
        if (node.service === "codebuild") return serviceItem(this.connection.current?.region);
        break;
      case "project": {
        const project = this.store.projects?.find((p) => p.name === node.name);
        return project
          ? projectItem(project, this.store.buildsOf(node.name)?.[0], now)
          : new vscode.TreeItem(node.name);
      }
      case "build": {
        const build = this.store.build(node.id);
        return build ? buildItem(build, this.isFollowed(build.id), now) : new vscode.TreeItem(node.id);
      }
      case "phase": {
        const build = this.store.build(node.buildId);
        return build ? phaseItem(node, build) : new vscode.TreeItem("");
      }
      case "message":
        return messageItem(node);
    }
    return this.pipelines.item(node, this.connection.current?.region, now) ?? new vscode.TreeItem("");
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) return this.roots();
    switch (node.kind) {
      case "service":
        if (node.service === "codebuild") return this.projectNodes();
        return (await this.pipelines.children(node)) ?? [];
      case "project":
        return this.buildNodes(node.name);
      case "build": {
        const build = this.store.build(node.id);
        return build ? build.phases.map((_, index) => ({ kind: "phase", buildId: build.id, index })) : [];
      }
      default:
        return (await this.pipelines.children(node)) ?? [];
    }
  }

  getParent(node: Node): Node | undefined {
    switch (node.kind) {
      case "project":
        return this.nodes.codebuild;
      case "build": {
        const build = this.store.build(node.id);
        return build ? this.nodes.project(build.projectName) : undefined;
      }
      case "phase":
        return this.nodes.build(node.buildId);
      default:
        return this.pipelines.parent(node);
    }
  }

  private async roots(): Promise<Node[]> {
    if (!this.store.projects) {
      try {
        await this.store.loadProjects();
        this.health.ok();
      } catch (error) {
        // Empty: the welcome view for the problem shows instead.
        this.empty = true;
        this.health.report(error, "tree");
        return [];
      }
    }
    this.empty = false;
    return [this.nodes.codebuild, this.nodes.codepipeline];
  }

  /** Whether the tree shows nothing (a welcome view explains why). */
  get isEmpty(): boolean {
    return this.empty;
  }

  private projectNodes(): Node[] {
    const projects = this.store.projects ?? [];
    if (projects.length === 0) {
      return [
        this.message(
          "codebuild",
          `No CodeBuild projects in ${this.connection.current?.region ?? "this region"}`,
          "info",
        ),
      ];
    }
    return projects.map((p) => this.nodes.project(p.name));
  }

  private async buildNodes(projectName: string): Promise<Node[]> {
    if (!this.store.buildsOf(projectName)) {
      try {
        await this.store.loadBuilds(projectName);
        this.health.ok();
      } catch (error) {
        const friendly = this.health.report(error, "tree");
        return [this.message(projectName, `Could not load builds: ${friendly.message}`, "warning")];
      }
    }
    const builds = this.store.buildsOf(projectName) ?? [];
    if (builds.length === 0) {
      return [
        this.message(projectName, "No builds yet — start one", "play", {
          command: "awsCicd.build.start",
          title: "Start Build",
          arguments: [this.nodes.project(projectName)],
        }),
      ];
    }
    return builds.map((b) => this.nodes.build(b.id));
  }

  private message(
    parentKey: string,
    text: string,
    icon?: string,
    command?: MessageNode["command"],
  ): MessageNode {
    return { kind: "message", parentKey, text, icon, command };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
