import * as vscode from "vscode";
import type { ConnectionHealth } from "../workbench/connectionHealth";
import type { ConnectionManager } from "../workbench/connectionManager";
import { messageNode, noneInRegionNode, type TreeNode, type TreeSection } from "../workbench/tree/section";
import { SectionBase } from "../workbench/tree/sectionBase";
import type { LogGroupStore } from "./logGroupStore";
import { alarmsSummary, groupByState } from "./model/alarmGroups";
import type { AlarmStore } from "./store";
import type { LogTails } from "./tails";
import { CloudWatchNodes, SECTION, type CloudWatchNode } from "./treeNodes";
import { alarmItem, cloudWatchServiceItem, logGroupItem, logGroupsItem, stateGroupItem } from "./treeItems";

/**
 * The CloudWatch section of the pipeline tree: alarms grouped by state (ALARM first), and the
 * log groups (loaded when expanded), each with Tail and Search.
 */
export class CloudWatchSection extends SectionBase implements TreeSection {
  readonly id = SECTION;
  readonly nodes = new CloudWatchNodes();
  readonly root = this.nodes.root;

  constructor(
    private readonly alarms: AlarmStore,
    private readonly logGroups: LogGroupStore,
    private readonly tails: LogTails,
    private readonly connection: ConnectionManager,
    private readonly health: ConnectionHealth,
  ) {
    super();
    this.register(alarms.onDidChangeAlarms(() => this.changedAll()));
    this.register(
      alarms.onDidChangeAlarm((name) => {
        const node = this.nodes.knownAlarm(name);
        this.changed(node);
      }),
    );
    this.register(logGroups.onDidChange(() => this.changed(this.nodes.logGroups)));
    this.register(tails.onDidChange(() => this.changed(this.nodes.logGroups)));
  }

  load(): Promise<void> {
    return this.alarms.alarms ? Promise.resolve() : this.alarms.loadList().then(() => undefined);
  }

  reset(): void {
    this.nodes.clear();
  }

  item(treeNode: TreeNode, now: Date): vscode.TreeItem {
    const node = treeNode as CloudWatchNode;
    switch (node.kind) {
      case "service": {
        const alarms = this.alarms.alarms;
        return cloudWatchServiceItem(
          this.connection.current?.region,
          alarms ? alarmsSummary(alarms) : undefined,
        );
      }
      case "stateGroup":
        return stateGroupItem(
          node.state,
          (this.alarms.alarms ?? []).filter((a) => a.state === node.state).length,
        );
      case "alarm": {
        const alarm = this.alarms.alarm(node.name);
        return alarm ? alarmItem(alarm, now) : new vscode.TreeItem(node.name);
      }
      case "logGroups":
        return logGroupsItem(this.logGroups.groups?.length, this.logGroups.truncated);
      case "logGroup": {
        const group = this.logGroups.groups?.find((g) => g.name === node.name) ?? { name: node.name };
        return logGroupItem(group, this.tails.isTailing(node.name));
      }
    }
  }

  async children(treeNode: TreeNode): Promise<TreeNode[]> {
    const node = treeNode as CloudWatchNode;
    switch (node.kind) {
      case "service":
        return this.serviceChildren();
      case "stateGroup": {
        const group = groupByState(this.alarms.alarms ?? []).find((g) => g.state === node.state);
        return (group?.alarms ?? []).map((a) => this.nodes.alarm(a.name));
      }
      case "logGroups":
        return this.logGroupNodes();
      default:
        return [];
    }
  }

  parent(treeNode: TreeNode): TreeNode | undefined {
    const node = treeNode as CloudWatchNode;
    switch (node.kind) {
      case "stateGroup":
      case "logGroups":
        return this.root;
      case "alarm": {
        const alarm = this.alarms.alarm(node.name);
        return alarm ? this.nodes.stateGroup(alarm.state) : this.root;
      }
      case "logGroup":
        return this.nodes.logGroups;
      default:
        return undefined;
    }
  }

  private async serviceChildren(): Promise<TreeNode[]> {
    const prefix = this.alarms.prefix;
    let alarms;
    try {
      alarms = this.alarms.alarms ?? (await this.alarms.loadList().then(() => this.alarms.alarms ?? []));
    } catch (error) {
      const friendly = this.health.reportFor(error, "cloudwatch");
      return [
        messageNode(SECTION, `Could not list alarms: ${friendly.message}`, "warning"),
        this.nodes.logGroups,
      ];
    }
    if (alarms.length === 0) {
      const none = prefix
        ? messageNode(SECTION, `No alarms whose name starts with “${prefix}”`, "info")
        : noneInRegionNode(SECTION, "alarms");
      return [none, this.nodes.logGroups];
    }
    return [
      ...groupByState(alarms)
        .filter((g) => g.alarms.length > 0)
        .map((g) => this.nodes.stateGroup(g.state)),
      this.nodes.logGroups,
    ];
  }

  private async logGroupNodes(): Promise<TreeNode[]> {
    let groups;
    try {
      groups = this.logGroups.groups ?? (await this.logGroups.load());
    } catch (error) {
      const friendly = this.health.reportFor(error, "cloudwatch");
      return [messageNode("cw-logGroups", `Could not list log groups: ${friendly.message}`, "warning")];
    }
    if (groups.length === 0) return [noneInRegionNode("cw-logGroups", "log groups")];
    const nodes: TreeNode[] = groups.map((g) => this.nodes.logGroup(g.name));
    if (this.logGroups.truncated)
      nodes.push(
        messageNode("cw-logGroups", "More log groups: Tail Log Group… finds any of them", "info", {
          command: "awsCicd.logs.tail",
          title: "Tail Log Group…",
        }),
      );
    return nodes;
  }
}
