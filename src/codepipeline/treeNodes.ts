import type { TreeNode } from "../workbench/tree/section";

export const SECTION = "codepipeline";

export type CodePipelineNode =
  | (TreeNode & { readonly kind: "service" })
  | (TreeNode & { readonly kind: "pipeline"; readonly name: string })
  | (TreeNode & { readonly kind: "stage"; readonly pipeline: string; readonly stage: string })
  | (TreeNode & {
      readonly kind: "action";
      readonly pipeline: string;
      readonly stage: string;
      readonly action: string;
    })
  | (TreeNode & { readonly kind: "executions"; readonly pipeline: string })
  | (TreeNode & { readonly kind: "execution"; readonly pipeline: string; readonly id: string });

type Of<K extends CodePipelineNode["kind"]> = Extract<CodePipelineNode, { kind: K }>;

/** One node per identity, so a refresh of a node reaches the rendered row. */
export class CodePipelineNodes {
  readonly root: Of<"service"> = { section: SECTION, kind: "service" };
  private readonly nodes = new Map<string, CodePipelineNode>();

  pipeline(name: string): Of<"pipeline"> {
    return this.intern(`pipeline:${name}`, () => ({ section: SECTION, kind: "pipeline", name }));
  }

  knownPipeline(name: string): Of<"pipeline"> | undefined {
    return this.nodes.get(`pipeline:${name}`) as Of<"pipeline"> | undefined;
  }

  stage(pipeline: string, stage: string): Of<"stage"> {
    return this.intern(`stage:${pipeline}:${stage}`, () => ({
      section: SECTION,
      kind: "stage",
      pipeline,
      stage,
    }));
  }

  action(pipeline: string, stage: string, action: string): Of<"action"> {
    return this.intern(`action:${pipeline}:${stage}:${action}`, () => ({
      section: SECTION,
      kind: "action",
      pipeline,
      stage,
      action,
    }));
  }

  executions(pipeline: string): Of<"executions"> {
    return this.intern(`executions:${pipeline}`, () => ({ section: SECTION, kind: "executions", pipeline }));
  }

  execution(pipeline: string, id: string): Of<"execution"> {
    return this.intern(`execution:${pipeline}:${id}`, () => ({
      section: SECTION,
      kind: "execution",
      pipeline,
      id,
    }));
  }

  clear(): void {
    this.nodes.clear();
  }

  private intern<T extends CodePipelineNode>(key: string, make: () => T): T {
    let node = this.nodes.get(key) as T | undefined;
    if (!node) this.nodes.set(key, (node = make()));
    return node;
  }
}
