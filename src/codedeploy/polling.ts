import { Disposable } from "../core/disposable";
import type { PollJob } from "../core/pollScheduler";
import { ExpandedPolls } from "../workbench/polling";
import type { TreeNode } from "../workbench/tree/section";
import type { Workbench } from "../workbench/workbench";
import { DEPLOY_POLL } from "./model/pollPolicy";
import { isActive } from "./model/status";
import type { DeployStore } from "./store";
import { SECTION, type CodeDeployNode } from "./treeNodes";

/**
 * What CodeDeploy polls: the groups of expanded applications, the deployments of expanded
 * groups and the targets of expanded running deployments, while the tree is visible; and the
 * running deployments someone watches (expanded, or started by the user), all in one
 * BatchGetDeployments. A finished deployment's targets are read once more, then never again.
 */
export class DeployPolling extends Disposable {
  private readonly expanded: ExpandedPolls;
  /** Deployments the user started (or opened): polled while they run, whatever is expanded. */
  private readonly followed = new Set<string>();
  /** Finished deployments whose final targets were read. */
  private readonly settled = new Set<string>();

  constructor(
    private readonly workbench: Workbench,
    private readonly store: DeployStore,
  ) {
    super();
    const { polling, tree } = workbench;
    this.expanded = this.register(new ExpandedPolls(tree, polling, pollKey, (key) => this.jobFor(key)));
    this.register(
      store.onDidChangeApplications(() => {
        if (!store.applications) {
          this.expanded.clear();
          this.settled.clear();
        }
      }),
    );
    this.register(
      store.onDidFinishDeployment((d) => {
        // The end: the last state of its targets, its group's last deployment, a rollback that follows.
        if (store.targetsOf(d.id)) store.loadTargets(d.id).catch(() => undefined);
        if (store.groupsOf(d.application)) store.loadGroups(d.application).catch(() => undefined);
        if (store.deploymentsOf(d.application, d.group))
          store.loadDeployments(d.application, d.group).catch(() => undefined);
        if (d.rollback?.rollbackDeploymentId) this.follow(d.rollback.rollbackDeploymentId);
      }),
    );
    this.register(
      polling.add({
        key: "deploy:running",
        ...DEPLOY_POLL.running,
        run: (signal) => this.pollRunning(signal),
      }),
    );
  }

  /** Keeps a deployment polled while it runs (the user started it, or the status bar shows it). */
  follow(id: string): void {
    this.followed.add(id);
    this.workbench.polling.poke("deploy:running");
  }

  pokeRunning(): void {
    this.workbench.polling.poke("deploy:running");
  }

  private watchedRunning(): string[] {
    const visible = this.workbench.tree.visible;
    return this.store
      .activeDeployments()
      .filter(
        (d) =>
          this.followed.has(d.id) ||
          (visible &&
            (this.expanded.isExpanded(`group:${d.application}/${d.group}`) ||
              this.expanded.isExpanded(`targets:${d.id}`))),
      )
      .map((d) => d.id);
  }

  private async pollRunning(signal: AbortSignal): Promise<boolean> {
    const ids = [
      ...new Set([
        ...this.watchedRunning(),
        ...[...this.followed].filter((id) => !this.store.deployment(id)),
      ]),
    ];
    if (ids.length === 0) return false;
    let changed = await this.store.refreshDeployments(ids, signal);
    // The deployments the user follows show the event their targets are at (the status bar).
    for (const id of this.followed) {
      const d = this.store.deployment(id);
      if (d && isActive(d)) changed = (await this.store.loadTargets(id, signal)) || changed;
    }
    this.workbench.health.ok();
    for (const id of this.followed) {
      const d = this.store.deployment(id);
      if (d && !isActive(d)) this.followed.delete(id);
    }
    return changed;
  }

  private jobFor(key: string): PollJob {
    const { health } = this.workbench;
    const [kind, ...rest] = key.split(":");
    const name = rest.join(":");
    const run = async (poll: () => Promise<boolean>) => {
      const changed = await poll();
      health.ok();
      return changed;
    };
    if (kind === "app")
      return {
        key,
        ...DEPLOY_POLL.applicationGroups,
        run: (signal) =>
          run(async () => {
            const changed = await this.store.loadGroups(name, signal);
            // Its failure (a policy without BatchGetDeployments) leaves the rows as they are.
            let described = false;
            try {
              described = await this.store.describeLastDeployments(name, signal);
            } catch (error) {
              if (signal.aborted) throw error;
            }
            return described || changed;
          }),
      };
    if (kind === "group") {
      const slash = name.indexOf("/");
      const [application, group] = [name.slice(0, slash), name.slice(slash + 1)];
      return {
        key,
        ...DEPLOY_POLL.groupDeployments,
        run: (signal) => run(() => this.store.loadDeployments(application, group, signal)),
      };
    }
    return {
      key,
      ...DEPLOY_POLL.targets,
      run: (signal) =>
        run(async () => {
          const d = this.store.deployment(name);
          if (d && !isActive(d)) {
            if (this.settled.has(name) && this.store.targetsOf(name)) return false;
            this.settled.add(name);
          }
          const changed = await this.store.loadTargets(name, signal);
          // While it runs, every poll counts as a change: the wait stays short.
          return changed || (d !== undefined && isActive(d));
        }),
    };
  }
}

/** What an expanded node polls: `app:NAME`, `group:APP/GROUP` or `targets:ID`. */
function pollKey(node: TreeNode): string | undefined {
  if (node.section !== SECTION) return undefined;
  const n = node as CodeDeployNode;
  if (n.kind === "application") return `app:${n.name}`;
  if (n.kind === "group") return `group:${n.application}/${n.name}`;
  if (n.kind === "deployment") return `targets:${n.id}`;
  return undefined;
}
