import type { TreeNode } from "../workbench/tree/section";

export const SECTION = "codedeploy";

export interface ServiceNode extends TreeNode {
  readonly kind: "service";
}
export interface ApplicationNode extends TreeNode {
  readonly kind: "application";
  readonly name: string;
}
export interface GroupNode extends TreeNode {
  readonly kind: "group";
  readonly application: string;
  readonly name: string;
}
export interface AlarmsNode extends TreeNode {
  readonly kind: "alarms";
  readonly application: string;
  readonly group: string;
}
export interface DeploymentNode extends TreeNode {
  readonly kind: "deployment";
  readonly id: string;
}
export interface TargetNode extends TreeNode {
  readonly kind: "target";
  readonly deploymentId: string;
  readonly targetId: string;
}
export interface EventNode extends TreeNode {
  readonly kind: "event";
  readonly deploymentId: string;
  readonly targetId: string;
  readonly index: number;
}
export type CodeDeployNode =
  ServiceNode | ApplicationNode | GroupNode | AlarmsNode | DeploymentNode | TargetNode | EventNode;

/** One node per identity, so a refresh of a node reaches the rendered row. */
export class CodeDeployNodes {
  readonly root: ServiceNode = { section: SECTION, kind: "service" };
  private readonly nodes = new Map<string, CodeDeployNode>();

  private get<T extends CodeDeployNode>(key: string, make: () => T): T {
    let node = this.nodes.get(key) as T | undefined;
    if (!node) this.nodes.set(key, (node = make()));
    return node;
  }

  application(name: string): ApplicationNode {
    return this.get(`a:${name}`, () => ({ section: SECTION, kind: "application", name }));
  }
  group(application: string, name: string): GroupNode {
    return this.get(`g:${application}/${name}`, () => ({
      section: SECTION,
      kind: "group",
      application,
      name,
    }));
  }
  alarms(application: string, group: string): AlarmsNode {
    return this.get(`al:${application}/${group}`, () => ({
      section: SECTION,
      kind: "alarms",
      application,
      group,
    }));
  }
  deployment(id: string): DeploymentNode {
    return this.get(`d:${id}`, () => ({ section: SECTION, kind: "deployment", id }));
  }
  target(deploymentId: string, targetId: string): TargetNode {
    return this.get(`t:${deploymentId}/${targetId}`, () => ({
      section: SECTION,
      kind: "target",
      deploymentId,
      targetId,
    }));
  }
  event(deploymentId: string, targetId: string, index: number): EventNode {
    return this.get(`e:${deploymentId}/${targetId}/${index}`, () => ({
      section: SECTION,
      kind: "event",
      deploymentId,
      targetId,
      index,
    }));
  }

  known(key: string): CodeDeployNode | undefined {
    return this.nodes.get(key);
  }

  knownApplication(name: string): ApplicationNode | undefined {
    return this.nodes.get(`a:${name}`) as ApplicationNode | undefined;
  }
  knownGroup(application: string, name: string): GroupNode | undefined {
    return this.nodes.get(`g:${application}/${name}`) as GroupNode | undefined;
  }
  knownDeployment(id: string): DeploymentNode | undefined {
    return this.nodes.get(`d:${id}`) as DeploymentNode | undefined;
  }

  clear(): void {
    this.nodes.clear();
  }
}
