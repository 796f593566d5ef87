import * as vscode from "vscode";
import { classifyError } from "../aws/errors";
import { Disposable } from "../core/disposable";
import type { FollowedLogs } from "../logs/followedLogs";
import { RateMeter } from "../logs/rateMeter";
import { runTail, type TailMode } from "../logs/tail";
import type { TailApi, TailTarget } from "../logs/tailTypes";
import type { ConnectionManager } from "../workbench/connectionManager";
import { log } from "../workbench/logger";
import { tailKey, tailText, tailTitle } from "./model/tailSpec";
import { preferPolling } from "./settings";

/** A tail that runs. */
export interface RunningTail {
  readonly key: string;
  readonly title: string;
  readonly target: TailTarget;
  readonly meter: RateMeter;
  mode: TailMode | undefined;
}

const KEY_PREFIX = "tail:";

/**
 * The tails that run, one output channel each in the registry of followed logs ("Tail: …"): new
 * events of up to 10 log groups, through Live Tail or polling (see logs/tail.ts), each line
 * prefixed with its group/stream when there are several. Stopping a tail (status bar, command,
 * Output panel) aborts its requests; the channel stays and says so.
 */
export class LogTails extends Disposable {
  private readonly running = new Map<string, RunningTail>();
  private readonly onDidChangeEmitter = this.register(new vscode.EventEmitter<void>());
  /** A tail started, changed how it reads, or ended. */
  readonly onDidChange = this.onDidChangeEmitter.event;

  constructor(
    private readonly followed: FollowedLogs,
    private readonly api: TailApi,
    private readonly connection: ConnectionManager,
    /** Waited for before each background request (the idle gate, the call budget). */
    private readonly pace: (signal: AbortSignal) => Promise<void>,
  ) {
    super();
  }

  get tails(): readonly RunningTail[] {
    return [...this.running.values()];
  }

  isTailing(group: string): boolean {
    return this.tails.some((t) => t.target.groups.some((g) => g.name === group));
  }

  /** Starts a tail in its own channel (or shows the channel of the same tail if it runs). */
  start(target: TailTarget): void {
    const key = tailKey(target);
    const title = tailTitle(target);
    this.followed.follow(key, title, async ({ sink, signal }) => {
      const tail: RunningTail = { key, title, target, meter: new RateMeter(), mode: undefined };
      this.running.set(key, tail);
      this.onDidChangeEmitter.fire();
      const groups = target.groups.map((g) => g.name).join(", ");
      const what = [
        `Tailing ${groups}`,
        target.streamNames?.length ? `streams ${target.streamNames.join(", ")}` : undefined,
        target.streamPrefix ? `streams starting with ${target.streamPrefix}` : undefined,
        target.pattern ? `events matching ${target.pattern}` : "every event",
      ].filter(Boolean);
      sink.append(
        `──── ${what.join(" · ")} — stop it from the status bar or with “AWS CI/CD: Stop Tail” ────\n`,
      );
      try {
        const end = await runTail({
          api: this.api,
          target,
          signal,
          preferPolling: preferPolling(),
          pace: this.pace,
          onEvents: (events) => {
            sink.append(tailText(target, events));
            tail.meter.add(events.length);
          },
          onNotice: (text) => sink.append(`──── ${text} ────\n`),
          onMode: (mode) => {
            tail.mode = mode;
            this.onDidChangeEmitter.fire();
          },
        });
        sink.append(
          end === "ended"
            ? "──── No log group is left to tail: the tail ended ────\n"
            : "──── Tail stopped ────\n",
        );
        return "stopped";
      } catch (error) {
        const current = this.connection.current;
        const friendly = classifyError(error, { profile: current?.profile, endpoint: current?.endpoint });
        sink.append(`──── The tail stopped: ${friendly.message} ────\n`);
        log.warn("tail", `${title}: ${friendly.message}`);
        void vscode.window.showErrorMessage(`${title} stopped: ${friendly.message}`);
        return "failed";
      } finally {
        this.running.delete(key);
        this.onDidChangeEmitter.fire();
      }
    });
  }

  stop(key: string): void {
    this.followed.stop(key);
  }

  /** The tails whose channel is `channelName` (the Output panel's stop button). */
  byTitle(title: string): RunningTail | undefined {
    return this.tails.find((t) => t.title === title);
  }

  static isTailKey(key: string): boolean {
    return key.startsWith(KEY_PREFIX);
  }
}
