import * as vscode from "vscode";
import type { ConnectionManager } from "../workbench/connectionManager";
import type { ConnectionHealth } from "../workbench/connectionHealth";
import { messageNode, noneInRegionNode, type TreeNode, type TreeSection } from "../workbench/tree/section";
import { SectionBase } from "../workbench/tree/sectionBase";
import type { BuildLogs } from "./buildLogs";
import type { BuildStore } from "./store";
import { buildItem, buildWatch, phaseItem, projectItem, serviceItem } from "./treeItems";
import { CodeBuildNodes, SECTION, type CodeBuildNode } from "./treeNodes";

/**
 * The pipeline tree's CodeBuild section: projects → recent builds → phases. It renders from
 * the store, asks the store to load what the user expands, and refreshes single nodes on the
 * store's events.
 */
export class CodeBuildSection extends SectionBase implements TreeSection {
  readonly id = SECTION;
  readonly nodes = new CodeBuildNodes();
  readonly root = this.nodes.root;
  /** The project rows VS Code was given (their names), since the last reset. */
  private drawnNames: readonly string[] | undefined;

  constructor(
    private readonly store: BuildStore,
    private readonly logs: BuildLogs,
    private readonly connection: ConnectionManager,
    private readonly health: ConnectionHealth,
  ) {
    super();
    this.register(store.onDidChangeProjects(() => this.projectsChanged()));
    this.register(store.onDidChangeProjectBuilds((name) => this.changed(this.nodes.knownProject(name))));
    this.register(
      store.onDidChangeBuild((build) => {
        // The project's description shows its latest build.
        const latest = store.buildsOf(build.projectName)?.[0]?.id === build.id;
        this.changed(
          this.nodes.knownBuild(build.id),
          latest ? this.nodes.knownProject(build.projectName) : undefined,
        );
      }),
    );
    this.register(logs.onDidChangeFollowing((id) => this.changed(this.nodes.knownBuild(id))));
  }

  load(): Promise<void> {
    return this.store.projects ? Promise.resolve() : this.store.loadProjects().then(() => undefined);
  }

  reset(): void {
    this.nodes.clear();
    this.drawnNames = undefined;
  }

  /**
   * The same projects as the rows drawn (described after they were drawn from their names, or
   * reloaded): those rows are redrawn, not the list, which would re-render every row (a click
   * in between loses its row). A different list replaces the section's rows.
   */
  private projectsChanged(): void {
    const names = this.store.projects?.map((p) => p.name);
    const drawn = this.drawnNames;
    if (names && drawn && names.length === drawn.length && names.every((n, i) => n === drawn[i]))
      this.changed(...names.map((n) => this.nodes.knownProject(n)));
    else this.changedAll();
  }

  item(node: TreeNode, now: Date): vscode.TreeItem {
    const n = node as CodeBuildNode;
    switch (n.kind) {
      case "service":
        return serviceItem(this.connection.current?.region);
      case "project": {
        const project = this.store.projects?.find((p) => p.name === n.name);
        return projectItem(n.name, project, this.store.buildsOf(n.name)?.[0], now);
      }
      case "build": {
        const build = this.store.build(n.id);
        return build
          ? buildItem(build, buildWatch(this.store, this.logs, build.id), now)
          : new vscode.TreeItem(n.id);
      }
      case "phase": {
        const build = this.store.build(n.buildId);
        return build ? phaseItem(n, build) : new vscode.TreeItem("");
      }
    }
  }

  async children(node: TreeNode): Promise<TreeNode[]> {
    const n = node as CodeBuildNode;
    switch (n.kind) {
      case "service":
        return this.projectNodes();
      case "project":
        return this.buildNodes(n.name);
      case "build": {
        const build = this.store.build(n.id);
        return build ? build.phases.map((_, index) => this.nodes.phase(build.id, index)) : [];
      }
      case "phase":
        return [];
    }
  }

  parent(node: TreeNode): TreeNode | undefined {
    const n = node as CodeBuildNode;
    switch (n.kind) {
      case "service":
        return undefined;
      case "project":
        return this.root;
      case "build": {
        const build = this.store.build(n.id);
        return build ? this.nodes.project(build.projectName) : undefined;
      }
      case "phase":
        return this.nodes.build(n.buildId);
    }
  }

  private async projectNodes(): Promise<TreeNode[]> {
    // The rows as soon as the projects are listed; their descriptions follow (`projectsChanged`).
    let names: readonly string[];
    try {
      names = await this.store.loadProjectNames();
    } catch (error) {
      const friendly = this.health.reportFor(error, "codebuild");
      return [messageNode(SECTION, `Could not list projects: ${friendly.message}`, "warning")];
    }
    this.drawnNames = names;
    if (names.length === 0) {
      return [noneInRegionNode(SECTION, "projects")];
    }
    return names.map((name) => this.nodes.project(name));
  }

  private async buildNodes(projectName: string): Promise<TreeNode[]> {
    if (!this.store.buildsOf(projectName)) {
      try {
        await this.store.loadBuilds(projectName);
        this.health.ok();
      } catch (error) {
        const friendly = this.health.report(error, "tree");
        return [messageNode(projectName, `Could not load builds: ${friendly.message}`, "warning")];
      }
    }
    const builds = this.store.buildsOf(projectName) ?? [];
    if (builds.length === 0) {
      return [
        messageNode(projectName, "No builds yet — start one", "play", {
          command: "awsCicd.build.start",
          title: "Start Build",
          arguments: [this.nodes.project(projectName)],
        }),
      ];
    }
    return builds.map((b) => this.nodes.build(b.id));
  }
}
