import type { TreeNode } from "../workbench/tree/section";
import type { AlarmState } from "./model/types";

export const SECTION = "cloudwatch";

export type CloudWatchNode =
  | (TreeNode & { readonly kind: "service" })
  | (TreeNode & { readonly kind: "stateGroup"; readonly state: AlarmState })
  | (TreeNode & { readonly kind: "alarm"; readonly name: string })
  | (TreeNode & { readonly kind: "logGroups" })
  | (TreeNode & { readonly kind: "logGroup"; readonly name: string });

type Of<K extends CloudWatchNode["kind"]> = Extract<CloudWatchNode, { kind: K }>;

/** One node per identity, so a refresh of a node reaches the rendered row. */
export class CloudWatchNodes {
  readonly root: Of<"service"> = { section: SECTION, kind: "service" };
  readonly logGroups: Of<"logGroups"> = { section: SECTION, kind: "logGroups" };
  private readonly nodes = new Map<string, CloudWatchNode>();

  stateGroup(state: AlarmState): Of<"stateGroup"> {
    return this.intern(`state:${state}`, () => ({ section: SECTION, kind: "stateGroup", state }));
  }

  alarm(name: string): Of<"alarm"> {
    return this.intern(`alarm:${name}`, () => ({ section: SECTION, kind: "alarm", name }));
  }

  knownAlarm(name: string): Of<"alarm"> | undefined {
    return this.nodes.get(`alarm:${name}`) as Of<"alarm"> | undefined;
  }

  logGroup(name: string): Of<"logGroup"> {
    return this.intern(`logGroup:${name}`, () => ({ section: SECTION, kind: "logGroup", name }));
  }

  clear(): void {
    this.nodes.clear();
  }

  private intern<T extends CloudWatchNode>(key: string, make: () => T): T {
    let node = this.nodes.get(key) as T | undefined;
    if (!node) this.nodes.set(key, (node = make()));
    return node;
  }
}
