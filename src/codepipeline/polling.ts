import { errorName } from "../aws/errors";
import { paced } from "../core/paced";
import { Disposable, type IDisposable } from "../core/disposable";
import type { PollJob } from "../core/pollScheduler";
import { ExpandedPolls } from "../workbench/polling";
import type { TreeNode } from "../workbench/tree/section";
import type { Workbench } from "../workbench/workbench";
import type { PipelineHeadTracker } from "./headTracker";
import { PIPELINE_POLL } from "./model/pollPolicy";
import type { PipelineStore } from "./store";
import { SECTION, type CodePipelineNode } from "./treeNodes";

/**
 * What CodePipeline polls: the state of each expanded pipeline (or one whose graph is visible)
 * and the executions of each expanded Executions node, while the tree is visible; the listed
 * pipelines that move, folded, for their rows; and the execution carrying HEAD, for the status
 * bar.
 */
export class PipelinePolling extends Disposable {
  private readonly expanded: ExpandedPolls;

  constructor(
    private readonly workbench: Workbench,
    store: PipelineStore,
    headPipelines: PipelineHeadTracker,
  ) {
    super();
    const { polling, tree, git } = workbench;
    this.expanded = this.register(
      new ExpandedPolls(tree, polling, pollKey, (key) => this.jobFor(store, key)),
    );
    /** The pipelines seen moving: a pipeline that starts to is polled at the base interval again. */
    const moving = new Set<string>();
    this.register(
      store.onDidChangePipeline((name) => {
        if (!store.isActive(name)) {
          moving.delete(name);
          return;
        }
        polling.poke(`pipeline:${name}`);
        if (!moving.has(name)) {
          moving.add(name);
          polling.poke("pipelines:active");
        }
      }),
    );
    this.register(tree.onDidChangeVisibility(() => tree.visible && polling.poke("pipelines:active")));
    // A pipeline folded while it moves is handed to the folded ones' poll at once.
    this.register(
      tree.onDidCollapse(({ element }) => {
        const key = pollKey(element);
        if (key?.startsWith("pipeline:") && store.isActive(key.slice("pipeline:".length)))
          polling.poke("pipelines:active");
      }),
    );
    this.register(
      store.onDidChangePipelines(() => {
        // The pipeline list was dropped (Refresh, another connection): its expansions with it.
        if (!store.pipelines) this.expanded.clear();
      }),
    );
    this.register(
      polling.add({
        key: "pipelines:active",
        ...PIPELINE_POLL.activePipelines,
        run: async (signal) => {
          if (!tree.visible) return false;
          const names = store.activeNames().filter((n) => !this.expanded.isExpanded(`pipeline:${n}`));
          if (names.length === 0) return false;
          // One GetPipelineState each, every one paced by the call budget.
          const results = await Promise.allSettled(
            names.map((n) => paced(signal, () => store.refreshState(n, signal), store.lifetime)),
          );
          const failures: unknown[] = [];
          results.forEach((r, i) => {
            if (r.status === "fulfilled") return;
            // Deleted while it ran: its row goes with the next list; it is not asked again.
            if (errorName(r.reason) === "PipelineNotFoundException") store.forgetState(names[i]!);
            else failures.push(r.reason);
          });
          if (failures.length === results.length) throw failures[0];
          workbench.health.ok();
          // Not kept at the base interval while they move: one may wait hours for an approval.
          return results.some((r) => r.status === "fulfilled" && r.value);
        },
      }),
    );
    this.register(polling.add(headPipelines.job()));
    this.register(git.onDidChange(() => polling.poke("headPipelines")));
  }

  /** Keeps a pipeline's state polled (its graph is visible) until the returned disposable is disposed. */
  watchPipeline(name: string): IDisposable {
    return this.expanded.watch(`pipeline:${name}`);
  }

  /** Finds the execution carrying each folder's HEAD now. */
  pokeHead(): void {
    this.workbench.polling.poke("headPipelines");
  }

  pokePipeline(name: string): void {
    this.workbench.polling.poke(`pipeline:${name}`);
  }

  private jobFor(store: PipelineStore, key: string): PollJob {
    const { health } = this.workbench;
    const [kind, ...rest] = key.split(":");
    const name = rest.join(":");
    const run = async (poll: () => Promise<boolean>) => {
      const changed = await poll();
      health.ok();
      return changed;
    };
    if (kind === "executions")
      return {
        key,
        ...PIPELINE_POLL.pipelineExecutions,
        run: (signal) => run(() => store.refreshExecutions(name, 10, signal)),
      };
    return {
      key,
      ...PIPELINE_POLL.pipelineState,
      // While the pipeline moves, every poll counts as a change: the wait stays short.
      run: (signal) => run(async () => (await store.refreshState(name, signal)) || store.isActive(name)),
    };
  }
}

/** What an expanded node polls: `pipeline:NAME` or `executions:NAME`. */
function pollKey(node: TreeNode): string | undefined {
  if (node.section !== SECTION) return undefined;
  const n = node as CodePipelineNode;
  if (n.kind === "pipeline") return `pipeline:${n.name}`;
  if (n.kind === "executions") return `executions:${n.pipeline}`;
  return undefined;
}
