import type { TreeNode } from "../workbench/tree/section";

export const SECTION = "cloudformation";

export type GroupKind = "resources" | "outputs" | "parameters" | "events" | "changeSets";

export type CloudFormationNode =
  | (TreeNode & { readonly kind: "service" })
  | (TreeNode & { readonly kind: "stack"; readonly name: string; readonly id: string })
  | (TreeNode & { readonly kind: "group"; readonly stack: string; readonly group: GroupKind })
  | (TreeNode & { readonly kind: "resource"; readonly stack: string; readonly logicalId: string })
  | (TreeNode & {
      readonly kind: "difference";
      readonly stack: string;
      readonly logicalId: string;
      readonly index: number;
    })
  | (TreeNode & { readonly kind: "output"; readonly stack: string; readonly key: string })
  | (TreeNode & { readonly kind: "parameter"; readonly stack: string; readonly key: string })
  | (TreeNode & { readonly kind: "event"; readonly stack: string; readonly id: string })
  | (TreeNode & { readonly kind: "changeSet"; readonly stack: string; readonly id: string });

type Of<K extends CloudFormationNode["kind"]> = Extract<CloudFormationNode, { kind: K }>;

/** One node per identity, so a refresh of a node reaches the rendered row. */
export class CloudFormationNodes {
  readonly root: Of<"service"> = { section: SECTION, kind: "service" };
  private readonly nodes = new Map<string, CloudFormationNode>();

  /** A stack by id: a deleted stack and a new one of the same name are two rows. */
  stack(name: string, id: string): Of<"stack"> {
    return this.intern(`stack:${id}`, () => ({ section: SECTION, kind: "stack", name, id }));
  }

  /** The rendered node of a live stack, by name. */
  knownStacks(name: string): Of<"stack">[] {
    return [...this.nodes.values()].filter((n): n is Of<"stack"> => n.kind === "stack" && n.name === name);
  }

  group(stack: string, group: GroupKind): Of<"group"> {
    return this.intern(`group:${stack}:${group}`, () => ({ section: SECTION, kind: "group", stack, group }));
  }

  knownGroup(stack: string, group: GroupKind): Of<"group"> | undefined {
    return this.nodes.get(`group:${stack}:${group}`) as Of<"group"> | undefined;
  }

  resource(stack: string, logicalId: string): Of<"resource"> {
    return this.intern(`resource:${stack}:${logicalId}`, () => ({
      section: SECTION,
      kind: "resource",
      stack,
      logicalId,
    }));
  }

  difference(stack: string, logicalId: string, index: number): Of<"difference"> {
    return this.intern(`difference:${stack}:${logicalId}:${index}`, () => ({
      section: SECTION,
      kind: "difference",
      stack,
      logicalId,
      index,
    }));
  }

  output(stack: string, key: string): Of<"output"> {
    return this.intern(`output:${stack}:${key}`, () => ({ section: SECTION, kind: "output", stack, key }));
  }

  parameter(stack: string, key: string): Of<"parameter"> {
    return this.intern(`parameter:${stack}:${key}`, () => ({
      section: SECTION,
      kind: "parameter",
      stack,
      key,
    }));
  }

  event(stack: string, id: string): Of<"event"> {
    return this.intern(`event:${stack}:${id}`, () => ({ section: SECTION, kind: "event", stack, id }));
  }

  changeSet(stack: string, id: string): Of<"changeSet"> {
    return this.intern(`changeSet:${stack}:${id}`, () => ({
      section: SECTION,
      kind: "changeSet",
      stack,
      id,
    }));
  }

  clear(): void {
    this.nodes.clear();
  }

  private intern<T extends CloudFormationNode>(key: string, make: () => T): T {
    let node = this.nodes.get(key) as T | undefined;
    if (!node) this.nodes.set(key, (node = make()));
    return node;
  }
}
