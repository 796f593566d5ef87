/**
 * Tree nodes are identities; their TreeItems are rendered from the store each time, so a
 * node refreshes alone when its data changes.
 */
export type Node = ServiceNode | ProjectNode | BuildNode | PhaseNode | MessageNode;

export interface ServiceNode {
  readonly kind: "service";
  readonly service: "codebuild";
}
export interface ProjectNode {
  readonly kind: "project";
  readonly name: string;
}
export interface BuildNode {
  readonly kind: "build";
  readonly id: string;
}
export interface PhaseNode {
  readonly kind: "phase";
  readonly buildId: string;
  readonly index: number;
}
export interface MessageNode {
  readonly kind: "message";
  readonly parentKey: string;
  readonly text: string;
  readonly icon?: string;
  readonly command?: { readonly command: string; readonly title: string; readonly arguments?: unknown[] };
}

/** One instance per identity, so `onDidChangeTreeData.fire(node)` reaches the rendered node. */
export class NodeCache {
  private readonly projects = new Map<string, ProjectNode>();
  private readonly builds = new Map<string, BuildNode>();
  readonly codebuild: ServiceNode = { kind: "service", service: "codebuild" };

  project(name: string): ProjectNode {
    let node = this.projects.get(name);
    if (!node) this.projects.set(name, (node = { kind: "project", name }));
    return node;
  }

  build(id: string): BuildNode {
    let node = this.builds.get(id);
    if (!node) this.builds.set(id, (node = { kind: "build", id }));
    return node;
  }

  knownProject(name: string): ProjectNode | undefined {
    return this.projects.get(name);
  }

  knownBuild(id: string): BuildNode | undefined {
    return this.builds.get(id);
  }

  clear(): void {
    this.projects.clear();
    this.builds.clear();
  }
}
