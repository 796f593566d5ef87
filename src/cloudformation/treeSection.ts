import * as vscode from "vscode";
import type { ConnectionHealth } from "../workbench/connectionHealth";
import type { ConnectionManager } from "../workbench/connectionManager";
import { messageNode, noneInRegionNode, type TreeNode, type TreeSection } from "../workbench/tree/section";
import { SectionBase } from "../workbench/tree/sectionBase";
import type { StackStore } from "./store";
import { CloudFormationNodes, SECTION, type CloudFormationNode, type GroupKind } from "./treeNodes";
import {
  changeSetItem,
  differenceItem,
  eventItem,
  groupItem,
  outputItem,
  parameterItem,
  resourceItem,
  serviceItem,
  stackItem,
} from "./treeItems";

/**
 * The CloudFormation section of the pipeline tree: stacks (status, drift, when) → nested stacks,
 * Resources, Outputs, Parameters, recent Events and open Change Sets. A stack's details load only
 * when it is expanded, each group only when it is.
 */
export class CloudFormationSection extends SectionBase implements TreeSection {
  readonly id = SECTION;
  readonly nodes = new CloudFormationNodes();
  readonly root = this.nodes.root;

  constructor(
    private readonly store: StackStore,
    private readonly connection: ConnectionManager,
    private readonly health: ConnectionHealth,
    private readonly recentEvents: () => number,
  ) {
    super();
    this.register(store.onDidChangeStacks(() => this.changedAll()));
    this.register(
      store.onDidChangeStack((name) => {
        const nodes = this.nodes.knownStacks(name);
        this.changed(...nodes);
      }),
    );
    this.register(
      store.onDidChangePart(({ stack, part }) => {
        if (part === "changeSet") return;
        const group = this.nodes.knownGroup(stack, part);
        this.changed(group);
      }),
    );
    this.register(
      store.onDidChangeEvents((name) => {
        const group = this.nodes.knownGroup(name, "events");
        this.changed(group);
      }),
    );
  }

  load(): Promise<void> {
    return this.store.stacks ? Promise.resolve() : this.store.loadStacks().then(() => undefined);
  }

  reset(): void {
    this.nodes.clear();
  }

  item(treeNode: TreeNode, now: Date): vscode.TreeItem {
    return this.render(treeNode as CloudFormationNode, now) ?? new vscode.TreeItem("");
  }

  private render(node: CloudFormationNode, now: Date): vscode.TreeItem | undefined {
    const store = this.store;
    switch (node.kind) {
      case "service":
        return serviceItem(this.connection.current?.region, store.includesDeleted);
      case "stack": {
        const summary = store.stacks?.find((s) => s.id === node.id) ?? store.stack(node.name);
        return summary ? stackItem(summary, now) : undefined;
      }
      case "group":
        return groupItem(node.stack, node.group, this.count(node.stack, node.group));
      case "resource": {
        const r = store.resources(node.stack)?.find((x) => x.logicalId === node.logicalId);
        const differences =
          store.resourceDrifts(node.stack)?.find((d) => d.logicalId === node.logicalId)?.differences.length ??
          0;
        return r ? resourceItem(node.stack, r, now, differences) : undefined;
      }
      case "difference": {
        const d = store.resourceDrifts(node.stack)?.find((x) => x.logicalId === node.logicalId)?.differences[
          node.index
        ];
        return d ? differenceItem(d) : undefined;
      }
      case "output": {
        const o = store.detail(node.stack)?.outputs.find((x) => x.key === node.key);
        return o ? outputItem(node.stack, o) : undefined;
      }
      case "parameter": {
        const p = store.detail(node.stack)?.parameters.find((x) => x.key === node.key);
        return p ? parameterItem(node.stack, p) : undefined;
      }
      case "event": {
        const e = store.events(node.stack)?.find((x) => x.id === node.id);
        return e ? eventItem(node.stack, e, now) : undefined;
      }
      case "changeSet": {
        const cs = store.openChangeSets(node.stack)?.find((x) => x.id === node.id);
        return cs ? changeSetItem(node.stack, cs, now) : undefined;
      }
    }
  }

  private count(stack: string, group: GroupKind): number | undefined {
    const s = this.store;
    switch (group) {
      case "resources":
        return s.resources(stack)?.length;
      case "outputs":
        return s.detail(stack)?.outputs.length;
      case "parameters":
        return s.detail(stack)?.parameters.length;
      case "changeSets":
        return s.openChangeSets(stack)?.length;
      case "events":
        return undefined;
    }
  }

  async children(treeNode: TreeNode): Promise<TreeNode[]> {
    const node = treeNode as CloudFormationNode;
    switch (node.kind) {
      case "service":
        return this.stackNodes();
      case "stack":
        return this.stackChildren(node.name, node.id);
      case "group":
        return this.groupChildren(node.stack, node.group);
      case "resource": {
        const d = this.store.resourceDrifts(node.stack)?.find((x) => x.logicalId === node.logicalId);
        return (d?.differences ?? []).map((_, i) => this.nodes.difference(node.stack, node.logicalId, i));
      }
      default:
        return [];
    }
  }

  parent(treeNode: TreeNode): TreeNode | undefined {
    const node = treeNode as CloudFormationNode;
    switch (node.kind) {
      case "service":
        return undefined;
      case "stack": {
        const parentId = this.store.stacks?.find((s) => s.id === node.id)?.parentId;
        const parent = parentId ? this.store.stacks?.find((s) => s.id === parentId) : undefined;
        return parent ? this.nodes.stack(parent.name, parent.id) : this.root;
      }
      case "group": {
        const s = this.store.stack(node.stack);
        return s ? this.nodes.stack(s.name, s.id) : this.root;
      }
      case "resource":
        return this.nodes.group(node.stack, "resources");
      case "difference":
        return this.nodes.resource(node.stack, node.logicalId);
      case "output":
        return this.nodes.group(node.stack, "outputs");
      case "parameter":
        return this.nodes.group(node.stack, "parameters");
      case "event":
        return this.nodes.group(node.stack, "events");
      case "changeSet":
        return this.nodes.group(node.stack, "changeSets");
    }
  }

  private failure(parentKey: string, what: string, error: unknown): TreeNode[] {
    const friendly = this.health.reportFor(error, "cloudformation");
    return [messageNode(parentKey, `Could not ${what}: ${friendly.message}`, "warning")];
  }

  private async stackNodes(): Promise<TreeNode[]> {
    try {
      if (!this.store.stacks) await this.store.loadStacks();
    } catch (error) {
      return this.failure(SECTION, "list stacks", error);
    }
    const stacks = this.store.topLevel();
    if (stacks.length === 0) return [noneInRegionNode(SECTION, "stacks")];
    const live = stacks
      .filter((s) => s.status !== "DELETE_COMPLETE")
      .sort((a, b) => a.name.localeCompare(b.name));
    const deleted = stacks.filter((s) => s.status === "DELETE_COMPLETE");
    return [...live, ...deleted].map((s) => this.nodes.stack(s.name, s.id));
  }

  /** Expanding a stack: its details (one DescribeStacks), its nested stacks, its groups. */
  private async stackChildren(name: string, id: string): Promise<TreeNode[]> {
    try {
      if (!this.store.detail(name)) await this.store.loadDetail(name);
    } catch (error) {
      return this.failure(`stack:${name}`, "describe the stack", error);
    }
    const nested = this.store.nestedIn(id).filter((s) => s.status !== "DELETE_COMPLETE");
    const review = this.store.stack(name)?.status === "REVIEW_IN_PROGRESS";
    const groups: GroupKind[] = review
      ? ["events", "changeSets"]
      : ["resources", "outputs", "parameters", "events", "changeSets"];
    return [
      ...nested.map((s) => this.nodes.stack(s.name, s.id)),
      ...groups.map((g) => this.nodes.group(name, g)),
    ];
  }

  private async groupChildren(stack: string, group: GroupKind): Promise<TreeNode[]> {
    const store = this.store;
    const key = `${group}:${stack}`;
    try {
      switch (group) {
        case "resources": {
          if (!store.resources(stack)) await store.loadResources(stack);
          const list = store.resources(stack) ?? [];
          return list.length
            ? list.map((r) => this.nodes.resource(stack, r.logicalId))
            : [messageNode(key, "No resources", "info")];
        }
        case "outputs": {
          if (!store.detail(stack)) await store.loadDetail(stack);
          const list = store.detail(stack)?.outputs ?? [];
          return list.length
            ? list.map((o) => this.nodes.output(stack, o.key))
            : [messageNode(key, "No outputs", "info")];
        }
        case "parameters": {
          if (!store.detail(stack)) await store.loadDetail(stack);
          const list = store.detail(stack)?.parameters ?? [];
          return list.length
            ? list.map((p) => this.nodes.parameter(stack, p.key))
            : [messageNode(key, "No parameters", "info")];
        }
        case "events": {
          if (!store.events(stack)) await store.loadEvents(stack);
          const list = [...(store.events(stack) ?? [])].reverse().slice(0, this.recentEvents());
          return list.length
            ? list.map((e) => this.nodes.event(stack, e.id))
            : [messageNode(key, "No events", "info")];
        }
        case "changeSets": {
          if (!store.openChangeSets(stack)) await store.loadChangeSets(stack);
          const list = store.openChangeSets(stack) ?? [];
          return list.length
            ? list.map((c) => this.nodes.changeSet(stack, c.id))
            : [messageNode(key, "No change sets waiting", "info")];
        }
      }
    } catch (error) {
      return this.failure(key, `load the ${group === "changeSets" ? "change sets" : group}`, error);
    }
  }
}
