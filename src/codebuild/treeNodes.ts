import type { TreeNode } from "../workbench/tree/section";

export const SECTION = "codebuild";

export interface ServiceNode extends TreeNode {
  readonly kind: "service";
}
export interface ProjectNode extends TreeNode {
  readonly kind: "project";
  readonly name: string;
}
export interface BuildNode extends TreeNode {
  readonly kind: "build";
  readonly id: string;
}
export interface PhaseNode extends TreeNode {
  readonly kind: "phase";
  readonly buildId: string;
  readonly index: number;
}
export type CodeBuildNode = ServiceNode | ProjectNode | BuildNode | PhaseNode;

/** One node per identity, so a refresh of a node reaches the rendered row. */
export class CodeBuildNodes {
  readonly root: ServiceNode = { section: SECTION, kind: "service" };
  private readonly projects = new Map<string, ProjectNode>();
  private readonly builds = new Map<string, BuildNode>();

  project(name: string): ProjectNode {
    let node = this.projects.get(name);
    if (!node) this.projects.set(name, (node = { section: SECTION, kind: "project", name }));
    return node;
  }

  build(id: string): BuildNode {
    let node = this.builds.get(id);
    if (!node) this.builds.set(id, (node = { section: SECTION, kind: "build", id }));
    return node;
  }

  phase(buildId: string, index: number): PhaseNode {
    return { section: SECTION, kind: "phase", buildId, index };
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
