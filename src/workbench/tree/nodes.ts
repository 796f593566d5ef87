/**
 * Tree nodes are identities; their TreeItems are rendered from the store each time, so a
 * node refreshes alone when its data changes.
 */
export type Node =
  | ServiceNode
  | ProjectNode
  | BuildNode
  | PhaseNode
  | MessageNode
  | PipelineNode
  | StageNode
  | ActionNode
  | ExecutionsNode
  | ExecutionNode;

export interface ServiceNode {
  readonly kind: "service";
  readonly service: "codebuild" | "codepipeline";
}
export interface PipelineNode {
  readonly kind: "pipeline";
  readonly name: string;
}
export interface StageNode {
  readonly kind: "stage";
  readonly pipeline: string;
  readonly stage: string;
}
export interface ActionNode {
  readonly kind: "action";
  readonly pipeline: string;
  readonly stage: string;
  readonly action: string;
}
export interface ExecutionsNode {
  readonly kind: "executions";
  readonly pipeline: string;
}
export interface ExecutionNode {
  readonly kind: "execution";
  readonly pipeline: string;
  readonly id: string;
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
  private readonly others = new Map<string, Node>();
  readonly codebuild: ServiceNode = { kind: "service", service: "codebuild" };
  readonly codepipeline: ServiceNode = { kind: "service", service: "codepipeline" };

  pipeline(name: string): PipelineNode {
    return this.intern(`pipeline:${name}`, () => ({ kind: "pipeline", name }));
  }

  knownPipeline(name: string): PipelineNode | undefined {
    return this.others.get(`pipeline:${name}`) as PipelineNode | undefined;
  }

  stage(pipeline: string, stage: string): StageNode {
    return this.intern(`stage:${pipeline}:${stage}`, () => ({ kind: "stage", pipeline, stage }));
  }

  action(pipeline: string, stage: string, action: string): ActionNode {
    return this.intern(`action:${pipeline}:${stage}:${action}`, () => ({
      kind: "action",
      pipeline,
      stage,
      action,
    }));
  }

  executions(pipeline: string): ExecutionsNode {
    return this.intern(`executions:${pipeline}`, () => ({ kind: "executions", pipeline }));
  }

  execution(pipeline: string, id: string): ExecutionNode {
    return this.intern(`execution:${pipeline}:${id}`, () => ({ kind: "execution", pipeline, id }));
  }

  private intern<T extends Node>(key: string, make: () => T): T {
    let node = this.others.get(key) as T | undefined;
    if (!node) this.others.set(key, (node = make()));
    return node;
  }

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
    this.others.clear();
  }
}
