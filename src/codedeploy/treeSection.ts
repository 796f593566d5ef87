import * as vscode from "vscode";
import type { ConnectionHealth } from "../workbench/connectionHealth";
import type { ConnectionManager } from "../workbench/connectionManager";
import { messageNode, noneInRegionNode, type TreeNode, type TreeSection } from "../workbench/tree/section";
import { SectionBase } from "../workbench/tree/sectionBase";
import type { GroupAlarmStates } from "./alarmStates";
import { alarmsThatStopped } from "./model/groupAlarmStates";
import type { Deployment } from "./model/types";
import { groupKey, type DeployStore } from "./store";
import {
  alarmsItem,
  groupAlarmItem,
  applicationItem,
  deployServiceItem,
  deploymentItem,
  eventItem,
  groupItem,
  targetItem,
} from "./treeItems";
import { CodeDeployNodes, SECTION, type CodeDeployNode } from "./treeNodes";

/**
 * The pipeline tree's CodeDeploy section: applications → deployment groups → recent
 * deployments → targets → lifecycle events. It renders from the store, asks the store to load
 * only what the user expands, and refreshes single nodes on the store's events.
 */
export class CodeDeploySection extends SectionBase implements TreeSection {
  readonly id = SECTION;
  readonly nodes = new CodeDeployNodes();
  readonly root = this.nodes.root;

  constructor(
    private readonly store: DeployStore,
    private readonly connection: ConnectionManager,
    private readonly health: ConnectionHealth,
    private readonly alarmStates: GroupAlarmStates,
  ) {
    super();
    this.register(store.onDidChangeApplications(() => this.changedAll()));
    this.register(store.onDidChangeGroups((app) => this.changed(this.nodes.knownApplication(app))));
    this.register(
      store.onDidChangeGroupDeployments((key) => {
        const [app = "", ...rest] = key.split("/");
        this.changed(this.nodes.knownGroup(app, rest.join("/")));
      }),
    );
    // A deployment's status is also its group's description (its last deployment).
    this.register(
      store.onDidChangeDeployment((d) =>
        this.changed(this.nodes.knownDeployment(d.id), this.nodes.knownGroup(d.application, d.group)),
      ),
    );
    this.register(store.onDidChangeTargets((id) => this.changed(this.nodes.knownDeployment(id))));
    // CloudWatch told new states: the Alarms rows, the alarm rows and alarm-stopped deployments.
    this.register(
      alarmStates.onDidChange((names) => {
        const nodes: (TreeNode | undefined)[] = [];
        for (const g of this.store.allGroups()) {
          const mine = g.alarms.names.filter((n) => names.includes(n));
          if (mine.length === 0) continue;
          nodes.push(this.nodes.knownAlarms(g.application, g.name));
          for (const n of mine) nodes.push(this.nodes.knownAlarm(g.application, g.name, n));
          for (const d of this.store.deploymentsOf(g.application, g.name) ?? [])
            if (d.error?.code === "ALARM_ACTIVE") nodes.push(this.nodes.knownDeployment(d.id));
        }
        this.changed(...nodes);
      }),
    );
  }

  load(): Promise<void> {
    return this.store.applications ? Promise.resolve() : this.store.loadApplications().then(() => undefined);
  }

  reset(): void {
    this.nodes.clear();
    this.alarmStates.reset();
  }

  /** The alarms that stopped `d` (undefined when none did), in the words of its error and CloudWatch. */
  stoppedBy(d: Deployment): string[] | undefined {
    if (d.error?.code !== "ALARM_ACTIVE") return undefined;
    const names = this.store.group(d.application, d.group)?.alarms.names ?? [];
    const found = alarmsThatStopped(d, names, this.alarmStates.snapshot(names));
    // The message named none: CloudWatch's states say which were in ALARM (asked once, then redrawn).
    if (found?.length === 0 && names.length > 0) void this.alarmStates.refresh(names);
    return found;
  }

  item(node: TreeNode, now: Date): vscode.TreeItem {
    const n = node as CodeDeployNode;
    switch (n.kind) {
      case "service":
        return deployServiceItem(this.connection.current?.region);
      case "application": {
        const app = this.store.application(n.name);
        return app ? applicationItem(app) : new vscode.TreeItem(n.name);
      }
      case "group": {
        const g = this.store.group(n.application, n.name);
        return g ? groupItem(g, this.store.lastDeployment(g), now) : new vscode.TreeItem(n.name);
      }
      case "alarms": {
        const g = this.store.group(n.application, n.group);
        if (!g) return new vscode.TreeItem("Alarms");
        // Drawn with what is known; CloudWatch is asked (at most every 15 s) and the row redrawn.
        void this.alarmStates.refresh(g.alarms.names);
        return alarmsItem(g, this.alarmStates.snapshot(g.alarms.names));
      }
      case "alarm": {
        const g = this.store.group(n.application, n.group);
        return g ? groupAlarmItem(g, n.name, this.alarmStates.get(n.name), now) : new vscode.TreeItem(n.name);
      }
      case "deployment": {
        const d = this.store.deployment(n.id);
        return d ? deploymentItem(d, now, this.stoppedBy(d)) : new vscode.TreeItem(n.id);
      }
      case "target": {
        const t = this.store.targetsOf(n.deploymentId)?.find((x) => x.id === n.targetId);
        return t ? targetItem(t, now) : new vscode.TreeItem(n.targetId);
      }
      case "event": {
        const t = this.store.targetsOf(n.deploymentId)?.find((x) => x.id === n.targetId);
        const e = t?.events[n.index];
        return t && e ? eventItem(t, e, n.index, now) : new vscode.TreeItem("");
      }
    }
  }

  async children(node: TreeNode): Promise<TreeNode[]> {
    const n = node as CodeDeployNode;
    switch (n.kind) {
      case "service":
        return this.applicationNodes();
      case "application":
        return this.groupNodes(n.name);
      case "group":
        return this.deploymentNodes(n.application, n.name);
      case "alarms": {
        const names = this.store.group(n.application, n.group)?.alarms.names ?? [];
        await this.alarmStates.refresh(names);
        return names.map((name) => this.nodes.alarm(n.application, n.group, name));
      }
      case "deployment":
        return this.targetNodes(n.id);
      case "target": {
        const t = this.store.targetsOf(n.deploymentId)?.find((x) => x.id === n.targetId);
        return (t?.events ?? []).map((_, i) => this.nodes.event(n.deploymentId, n.targetId, i));
      }
      default:
        return [];
    }
  }

  parent(node: TreeNode): TreeNode | undefined {
    const n = node as CodeDeployNode;
    switch (n.kind) {
      case "service":
        return undefined;
      case "application":
        return this.root;
      case "group":
        return this.nodes.application(n.application);
      case "alarms":
        return this.nodes.group(n.application, n.group);
      case "alarm":
        return this.nodes.alarms(n.application, n.group);
      case "deployment": {
        const d = this.store.deployment(n.id);
        return d ? this.nodes.group(d.application, d.group) : undefined;
      }
      case "target":
        return this.nodes.deployment(n.deploymentId);
      case "event":
        return this.nodes.target(n.deploymentId, n.targetId);
    }
  }

  private async applicationNodes(): Promise<TreeNode[]> {
    try {
      await this.load();
    } catch (error) {
      const friendly = this.health.reportFor(error, "codedeploy");
      return [messageNode(SECTION, `Could not list applications: ${friendly.message}`, "warning")];
    }
    const apps = this.store.applications ?? [];
    if (apps.length === 0) {
      return [noneInRegionNode(SECTION, "applications")];
    }
    return apps.map((a) => this.nodes.application(a.name));
  }

  private async groupNodes(application: string): Promise<TreeNode[]> {
    if (!this.store.groupsOf(application)) {
      try {
        await this.store.loadGroups(application);
        this.health.ok();
      } catch (error) {
        const friendly = this.health.reportFor(error, "codedeploy");
        return [
          messageNode(
            `deploy:${application}`,
            `Could not list deployment groups: ${friendly.message}`,
            "warning",
          ),
        ];
      }
    }
    const groups = this.store.groupsOf(application) ?? [];
    if (groups.length === 0) return [messageNode(`deploy:${application}`, "No deployment groups", "info")];
    // Rows show now; a rollback's "rolled back" follows when its deployment is described.
    this.store.describeLastDeployments(application).catch(() => undefined);
    return groups.map((g) => this.nodes.group(application, g.name));
  }

  private async deploymentNodes(application: string, group: string): Promise<TreeNode[]> {
    if (!this.store.deploymentsOf(application, group)) {
      try {
        await this.store.loadDeployments(application, group);
        this.health.ok();
      } catch (error) {
        const friendly = this.health.reportFor(error, "codedeploy");
        return [
          messageNode(
            groupKey(application, group),
            `Could not list deployments: ${friendly.message}`,
            "warning",
          ),
        ];
      }
    }
    const g = this.store.group(application, group);
    const alarms = g && g.alarms.names.length > 0 ? [this.nodes.alarms(application, group)] : [];
    const deployments = this.store.deploymentsOf(application, group) ?? [];
    if (deployments.length === 0)
      return [
        ...alarms,
        messageNode(groupKey(application, group), "No deployments yet — deploy one", "rocket", {
          command: "awsCicd.deploy.deploy",
          title: "Deploy…",
          arguments: [{ kind: "group", application, name: group }],
        }),
      ];
    return [...alarms, ...deployments.map((d) => this.nodes.deployment(d.id))];
  }

  private async targetNodes(id: string): Promise<TreeNode[]> {
    if (!this.store.targetsOf(id)) {
      try {
        await this.store.loadTargets(id);
        this.health.ok();
      } catch (error) {
        const friendly = this.health.reportFor(error, "codedeploy");
        return [messageNode(`deployment:${id}`, `Could not list targets: ${friendly.message}`, "warning")];
      }
    }
    const targets = this.store.targetsOf(id) ?? [];
    if (targets.length === 0) return [messageNode(`deployment:${id}`, "No targets (yet)", "info")];
    return targets.map((t) => this.nodes.target(id, t.id));
  }
}
