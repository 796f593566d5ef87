import * as vscode from "vscode";
import { isThrottling } from "../aws/errors";
import { ActivityGate } from "../core/activityGate";
import { inBackground, type CallBudget } from "../core/callBudget";
import { Disposable, toDisposable, type IDisposable } from "../core/disposable";
import { PollScheduler, type PollJob } from "../core/pollScheduler";
import type { ConnectionHealth } from "./connectionHealth";
import { log } from "./logger";
import type { RootTree } from "./tree/rootTree";
import type { TreeNode } from "./tree/section";

/**
 * The extension's one polling scheduler, shared by every service: it starts after activation
 * (`start()`), waits longer while the window is not focused, and reports failures to the
 * connection's health (never as notifications).
 */
export class Polling extends Disposable {
  private readonly scheduler: PollScheduler;
  /** Open while background work may run: after activation, and while the window is not idle. */
  readonly gate = this.register(new ActivityGate());
  /** What every poll and every log read waits for: the gate, then room in the call budget. */
  readonly pace = async (signal: AbortSignal): Promise<void> => {
    await this.gate.whenOpen(signal);
    await this.budget.whenRoom(signal);
  };

  constructor(
    health: ConnectionHealth,
    /** A job starts when there is room in the extension's call budget; its requests are recorded in it. */
    private readonly budget: CallBudget,
  ) {
    super();
    this.scheduler = this.register(
      new PollScheduler({
        onError: (key, error) => health.report(error, `poll ${key}`),
        isThrottling,
        pace: this.pace,
      }),
    );
    this.gate.hold("activation");
    const focus = (focused: boolean, atStart = false) => {
      this.scheduler.setFocused(focused);
      this.gate.setFocused(focused, atStart);
    };
    focus(vscode.window.state.focused, true);
    log.info("polling", `window ${vscode.window.state.focused ? "focused" : "not focused"} at start`);
    this.register(this.gate.onDidHold((reason) => log.info("polling", `paused (${reason})`)));
    this.register(
      vscode.window.onDidChangeWindowState((state) =>
        log.info("polling", `window ${state.focused ? "focused" : "not focused"}`),
      ),
    );
    this.register(vscode.window.onDidChangeWindowState((state) => focus(state.focused)));
    // Back from an idle spell: everything shown is brought up to date at once.
    this.register(
      this.gate.onDidOpen(() => {
        log.info("polling", "resumed: everything shown is brought up to date");
        this.scheduler.pokeAll();
      }),
    );
  }

  /** Lets the jobs run: after activation, once the connection is resolved. */
  start(): void {
    this.gate.release("activation");
  }

  add(job: PollJob): IDisposable {
    return this.scheduler.add({ ...job, run: (signal) => job.run(inBackground(this.budget, signal)) });
  }

  /** Runs a job now (after its poll in flight, if any). */
  poke(key: string): void {
    this.scheduler.poke(key);
  }
}

/**
 * Polls what the user expanded in the pipeline tree, only while the tree is visible, plus
 * what something else asks to keep polled (an open panel): one job per key.
 */
export class ExpandedPolls extends Disposable {
  private readonly expanded = new Set<string>();
  private readonly watched = new Map<string, number>();
  private readonly jobs = new Map<string, IDisposable>();

  constructor(
    private readonly tree: RootTree,
    private readonly polling: Polling,
    /** The poll key of a node of this service, if expanding it should poll something. */
    private readonly keyOf: (node: TreeNode) => string | undefined,
    private readonly jobFor: (key: string) => PollJob,
  ) {
    super();
    this.register(
      tree.onDidExpand(({ element }) => {
        const key = keyOf(element);
        if (key) this.expanded.add(key);
        if (key) this.sync();
      }),
    );
    this.register(
      tree.onDidCollapse(({ element }) => {
        const key = keyOf(element);
        if (key) this.expanded.delete(key);
        if (key) this.sync();
      }),
    );
    this.register(tree.onDidChangeVisibility(() => this.sync()));
    this.register(toDisposable(() => this.jobs.forEach((job) => job.dispose())));
  }

  isExpanded(key: string): boolean {
    return this.expanded.has(key);
  }

  /** Keeps `key` polled until the returned disposable is disposed. */
  watch(key: string): IDisposable {
    this.watched.set(key, (this.watched.get(key) ?? 0) + 1);
    this.sync();
    return toDisposable(() => {
      const left = (this.watched.get(key) ?? 1) - 1;
      if (left > 0) this.watched.set(key, left);
      else this.watched.delete(key);
      this.sync();
    });
  }

  /** Forgets the expansions (the nodes were replaced). */
  clear(): void {
    this.expanded.clear();
    this.sync();
  }

  private sync(): void {
    const wanted = new Set([...(this.tree.visible ? this.expanded : []), ...this.watched.keys()]);
    for (const [key, job] of this.jobs) {
      if (wanted.has(key)) continue;
      job.dispose();
      this.jobs.delete(key);
    }
    for (const key of wanted) {
      if (!this.jobs.has(key)) this.jobs.set(key, this.polling.add(this.jobFor(key)));
    }
  }
}
