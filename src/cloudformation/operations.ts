import * as vscode from "vscode";
import { Disposable } from "../core/disposable";
import { formatDuration } from "../core/format";
import type { FollowedLogs } from "../logs/followedLogs";
import { followOperation } from "./followOperation";
import { eventLine, operationState, plainReason, rootCause } from "./model/operation";
import { isFailed, isRolledBack, isSuccess } from "./model/status";
import type { StackEvent } from "./model/types";
import type { FinishedOperation, StackStore } from "./store";

const KEY = "stack:";

export function stackLogKey(name: string): string {
  return `${KEY}${name}`;
}

/**
 * Stack operations as they happen: a stack's events streamed into its output channel ("Stack:
 * name") until the operation ends, with a summary line; one notification when an operation the
 * user started or follows ends — a failure leads with its root cause.
 */
export class StackOperations extends Disposable {
  /** Stacks whose operation the user started here (told when it ends). */
  private readonly started = new Set<string>();
  private readonly onDidChangeFollowedEmitter = this.register(new vscode.EventEmitter<string>());
  /** The stack whose operation the status bar shows changed. */
  readonly onDidChangeFollowed = this.onDidChangeFollowedEmitter.event;
  private shown: string | undefined;

  constructor(
    private readonly store: StackStore,
    private readonly followed: FollowedLogs,
    private readonly reportError: (error: unknown) => string,
  ) {
    super();
    this.register(store.onDidFinishOperation((op) => void this.notify(op)));
  }

  /** The stack the status bar shows: the last one the user operated on or followed. */
  get current(): string | undefined {
    return this.shown;
  }

  isFollowing(name: string): boolean {
    return this.followed.isFollowing(stackLogKey(name));
  }

  /** The user started an operation on the stack now: follow it to its end, and tell how it ended. */
  startedByUser(name: string): void {
    this.started.add(name);
    this.follow(name, new Date(), true);
  }

  /**
   * Shows a stack's events in its channel: the latest operation's so far, then new ones until it
   * ends. `startedAt`: an operation the user just started (followed to its own end).
   */
  follow(name: string, startedAt?: Date, reveal = true): void {
    const key = stackLogKey(name);
    // A new operation reads in a fresh channel; a finished follow is closed first.
    if (startedAt && this.followed.endOf(key) !== undefined) this.followed.forget(key);
    this.shown = name;
    this.onDidChangeFollowedEmitter.fire(name);
    this.followed.follow(
      key,
      `Stack: ${name}`,
      async ({ sink, signal }) => {
        sink.append(
          `──── ${name}: events${startedAt ? ` from ${startedAt.toLocaleTimeString()}` : " of its latest operation"} ────\n`,
        );
        const write = (events: readonly StackEvent[]) => {
          if (events.length) sink.append(events.map(eventLine).join("\n") + "\n");
        };
        const end = await followOperation({
          refresh: () => this.store.loadEvents(name),
          events: () => this.store.events(name) ?? [],
          running: () => this.store.isInProgress(name),
          onEvents: write,
          onError: (error) =>
            sink.append(`[AWS CI/CD] Reading the events failed, retrying: ${this.reportError(error)}\n`),
          signal,
          ...(startedAt ? { startedAt } : {}),
        });
        if (end === "stopped") {
          sink.append("──── Stopped following this stack ────\n");
          return "stopped";
        }
        sink.append(`${this.summary(name)}\n`);
        this.onDidChangeFollowedEmitter.fire(name);
        return "completed";
      },
      reveal,
    );
  }

  /** The closing line of a followed operation. */
  private summary(name: string): string {
    const operation = this.store.operationEvents(name);
    const state = operationState(operation);
    if (!state) return `──── ${name}: ${this.store.stack(name)?.status ?? "no operation"} ────`;
    const took = state.ended ? ` in ${formatDuration(state.ended.getTime() - state.started.getTime())}` : "";
    const cause = rootCause(operation);
    const failed = isFailed(state.status) || isRolledBack(state.status);
    return failed && cause
      ? `──── ${state.status}${took}. First failure: ${cause.logicalId} (${cause.type}): ${cause.reason} ────`
      : `──── ${state.status}${took} ────`;
  }

  private async notify(op: FinishedOperation): Promise<void> {
    const name = op.stack;
    if (!this.started.delete(name) && !this.isFollowing(name)) return;
    let events = op.events;
    if (events.length === 0) {
      await this.store.loadEvents(name).catch(() => []);
      events = this.store.operationEvents(name);
    }
    const state = operationState(events);
    const took = state?.ended ? ` in ${formatDuration(state.ended.getTime() - state.started.getTime())}` : "";
    const kind = (state?.kind ?? "operation").toLowerCase();
    const actions = ["Show Events", "Show Timeline"] as const;
    const args = { kind: "stack", name };
    let choice: string | undefined;
    if (isSuccess(op.status)) {
      choice = await vscode.window.showInformationMessage(`Stack ${name}: ${op.status}${took}.`, ...actions);
    } else {
      const cause = rootCause(events);
      const lead = cause
        ? `${cause.logicalId}: ${plainReason(cause.reason)}`
        : (this.store.stack(name)?.statusReason ?? op.status);
      const rolled = isRolledBack(op.status) ? `rolled back (${op.status})` : op.status;
      choice = await vscode.window.showErrorMessage(
        `Stack ${name} ${kind} failed — ${lead} — ${rolled}${took}.`,
        ...actions,
      );
    }
    if (choice === "Show Events") await vscode.commands.executeCommand("awsCicd.stack.showEvents", args);
    if (choice === "Show Timeline") await vscode.commands.executeCommand("awsCicd.stack.showTimeline", args);
  }
}
