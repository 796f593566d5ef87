import { paced } from "../core/paced";
import { Disposable, type IDisposable } from "../core/disposable";
import type { PollJob } from "../core/pollScheduler";
import { ExpandedPolls } from "../workbench/polling";
import type { TreeNode } from "../workbench/tree/section";
import type { Workbench } from "../workbench/workbench";
import { isBeingCreated } from "./model/changeSetView";
import { CFN_POLL } from "./model/pollPolicy";
import type { StackStore } from "./store";
import { SECTION, type CloudFormationNode } from "./treeNodes";

/**
 * What CloudFormation polls, through the one scheduler: an expanded stack's details, and its
 * expanded Resources, Events and Change Sets (often while it runs, rarely when idle), while the
 * tree is visible; the listed stacks that are in an operation; what an open panel watches (a
 * change set being created, a running stack's events). Followed operations read their events
 * through the followed-logs registry, not here.
 */
export class CloudFormationPolling extends Disposable {
  private readonly expanded: ExpandedPolls;

  constructor(
    private readonly workbench: Workbench,
    private readonly store: StackStore,
    /** Stacks whose events a follower reads already. */
    private readonly followed: (name: string) => boolean,
  ) {
    super();
    const { polling, tree } = workbench;
    this.expanded = this.register(new ExpandedPolls(tree, polling, pollKey, (key) => this.jobFor(key)));
    this.register(store.onDidChangeStacks(() => store.stacks || this.expanded.clear()));
    this.register(
      store.onDidChangeStack((name) => {
        // A stack that starts moving is polled at the base interval again.
        if (store.isInProgress(name))
          for (const kind of ["stack", "resources", "events"]) polling.poke(`${kind}:${name}`);
      }),
    );
    this.register(
      store.onDidFinishOperation(({ stack }) => {
        // The operation may have created or removed nested stacks: the list again.
        void store.loadStacks().catch(() => undefined);
        for (const kind of ["stack", "resources", "events", "changeSets"]) polling.poke(`${kind}:${stack}`);
      }),
    );
    this.register(
      polling.add({
        key: "cloudformation:active",
        ...CFN_POLL.active,
        run: (signal) => this.pollActive(signal),
      }),
    );
  }

  /** Keeps `key` polled (`changeSet:ID`, `events:NAME`) while a panel shows it. */
  watch(key: string): IDisposable {
    return this.expanded.watch(key);
  }

  poke(key: string): void {
    this.workbench.polling.poke(key);
  }

  /** The listed stacks in an operation, not expanded nor followed: one DescribeStacks each. */
  private async pollActive(signal: AbortSignal): Promise<boolean> {
    if (!this.workbench.tree.visible) return false;
    const names = this.store
      .inProgress()
      .filter((n) => !this.followed(n) && !this.expanded.isExpanded(`stack:${n}`));
    if (names.length === 0) return false;
    // One DescribeStacks each, every one paced by the call budget; all of them end before the
    // poll does (a failure of one does not leave the others queued behind the next poll).
    const lifetime = this.store.lifetime;
    const results = await Promise.allSettled(
      names.map((n) => paced(signal, () => this.store.loadDetail(n, signal), lifetime)),
    );
    const failed = results.find((r) => r.status === "rejected");
    if (failed) throw failed.reason;
    this.workbench.health.ok();
    return results.some((r) => r.status === "fulfilled" && r.value) || this.store.inProgress().length > 0;
  }

  private jobFor(key: string): PollJob {
    const { health } = this.workbench;
    const store = this.store;
    const colon = key.indexOf(":");
    const kind = key.slice(0, colon);
    const name = key.slice(colon + 1);
    switch (kind) {
      case "resources":
        return {
          key,
          ...CFN_POLL.resources,
          run: async (signal) =>
            (await health.answered(store.loadResources(name, signal))) || store.isInProgress(name),
        };
      case "events":
        return {
          key,
          ...CFN_POLL.events,
          run: async (signal) => {
            // A followed stack's events come from its follower.
            if (this.followed(name)) return store.isInProgress(name);
            return (
              (await health.answered(store.loadEvents(name, signal))).length > 0 || store.isInProgress(name)
            );
          },
        };
      case "changeSets":
        return {
          key,
          ...CFN_POLL.changeSets,
          run: (signal) => health.answered(store.loadChangeSets(name, signal)),
        };
      case "changeSet":
        return {
          key,
          ...CFN_POLL.changeSet,
          run: async (signal) => {
            const cs = store.changeSet(name);
            if (cs && !isBeingCreated(cs)) return false;
            return (await health.answered(store.loadChangeSet(name, signal))) || true;
          },
        };
      default:
        return {
          key,
          ...CFN_POLL.stack,
          run: async (signal) =>
            (await health.answered(store.loadDetail(name, signal))) || store.isInProgress(name),
        };
    }
  }
}

/** What an expanded node polls: `stack:NAME`, `resources:NAME`, `events:NAME`, `changeSets:NAME`. */
function pollKey(node: TreeNode): string | undefined {
  if (node.section !== SECTION) return undefined;
  const n = node as CloudFormationNode;
  if (n.kind === "stack") return `stack:${n.name}`;
  if (n.kind === "group" && (n.group === "resources" || n.group === "events" || n.group === "changeSets"))
    return `${n.group}:${n.stack}`;
  return undefined;
}
