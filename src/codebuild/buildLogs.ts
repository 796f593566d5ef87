import * as vscode from "vscode";
import { buildLabel, summaryLine } from "./model/buildStatus";
import type { BuildStore } from "./store";
import { followBuildLog } from "./followBuild";
import type { Build, LogEvent, LogsApi } from "./model/types";
import type { ConnectionHealth } from "../workbench/connectionHealth";
import { log } from "../workbench/logger";

/** Where followed lines go; the output channel in the extension, a recorder in benchmarks. */
export interface LineSink {
  append(text: string): void;
  show(): void;
  dispose(): void;
}

interface Followed {
  readonly build: Build;
  readonly sink: LineSink;
  /** Every line read, for the problem matchers (bounded). */
  readonly lines: string[];
  stop?: AbortController;
  done: boolean;
}

const MAX_CHANNELS = 8;
const MAX_KEPT_LINES = 200_000;

/**
 * One output channel per build ("Build: web-app #5"), filled by a log follower while the
 * build runs and drained when it completes, then closed with a summary line.
 */
export class BuildLogs implements vscode.Disposable {
  private readonly followed = new Map<string, Followed>();
  private readonly onDidChangeEmitter = new vscode.EventEmitter<string>();
  /** A build started or stopped being followed. */
  readonly onDidChange = this.onDidChangeEmitter.event;
  private readonly onDidReadLogEmitter = new vscode.EventEmitter<{
    build: Build;
    lines: readonly string[];
  }>();
  /** A completed build's whole log has been read. */
  readonly onDidReadLog = this.onDidReadLogEmitter.event;

  constructor(
    private readonly store: BuildStore,
    private readonly logs: LogsApi,
    private readonly health: ConnectionHealth,
    private readonly createSink: (name: string) => LineSink = (name) =>
      vscode.window.createOutputChannel(name),
    /** Called with each delivered batch (benchmarks measure latency with it). */
    private readonly onDelivered?: (events: readonly LogEvent[]) => void,
  ) {}

  isFollowing(buildId: string): boolean {
    const entry = this.followed.get(buildId);
    return !!entry && !entry.done;
  }

  /** Ids of the builds whose logs are being followed (the poller keeps their status fresh). */
  followedIds(): string[] {
    return [...this.followed.values()].filter((f) => !f.done).map((f) => f.build.id);
  }

  /** Shows a build's log, following it live if it runs; a second call just reveals the channel. */
  show(build: Build, reveal = true): void {
    let entry = this.followed.get(build.id);
    if (!entry) {
      entry = {
        build,
        sink: this.createSink(`Build: ${build.projectName} ${buildLabel(build)}`),
        lines: [],
        done: false,
      };
      this.followed.set(build.id, entry);
      this.trim();
      void this.follow(entry);
    }
    if (reveal) entry.sink.show();
  }

  /** The lines read so far of a build whose log was shown. */
  linesOf(buildId: string): readonly string[] | undefined {
    return this.followed.get(buildId)?.lines;
  }

  stopFollowing(buildId: string): void {
    const entry = this.followed.get(buildId);
    if (!entry || entry.done) return;
    entry.stop?.abort();
  }

  /** Stops every follower (the connection changed: those builds belong to another account or region). */
  stopAll(reason: string): void {
    for (const entry of this.followed.values()) {
      if (!entry.done) {
        entry.sink.append(`──── ${reason} ────\n`);
        entry.stop?.abort();
      }
    }
  }

  private async follow(entry: Followed): Promise<void> {
    const id = entry.build.id;
    const stop = new AbortController();
    entry.stop = stop;
    this.onDidChangeEmitter.fire(id);
    log.info("logs", `following ${id}`);
    try {
      const result = await followBuildLog({
        store: this.store,
        logs: this.logs,
        build: entry.build,
        signal: stop.signal,
        onLines: (lines, events) => {
          entry.sink.append(lines.join("\n") + "\n");
          if (entry.lines.length < MAX_KEPT_LINES) entry.lines.push(...lines);
          this.onDelivered?.(events);
        },
        onError: (error) => {
          const friendly = this.health.report(error, "logs");
          entry.sink.append(`[AWS CI/CD] Reading the log failed, retrying: ${friendly.message}\n`);
        },
      });
      if (result === "completed") {
        const build = this.store.build(id) ?? entry.build;
        entry.sink.append(summaryLine(build, new Date()) + "\n");
        this.onDidReadLogEmitter.fire({ build, lines: entry.lines });
      } else {
        entry.sink.append("──── Stopped following this log ────\n");
      }
      log.info("logs", `${result} following ${id}`);
    } catch (error) {
      log.error("logs", `following ${id} failed`, error);
    } finally {
      entry.done = true;
      this.onDidChangeEmitter.fire(id);
    }
  }

  /** Keeps at most MAX_CHANNELS channels: closes the oldest finished ones. */
  private trim(): void {
    for (const [id, entry] of this.followed) {
      if (this.followed.size <= MAX_CHANNELS) break;
      if (!entry.done) continue;
      entry.sink.dispose();
      this.followed.delete(id);
    }
  }

  /** Forgets a finished build's channel so the next Show Log reads the log afresh. */
  forget(buildId: string): void {
    const entry = this.followed.get(buildId);
    if (!entry || !entry.done) return;
    entry.sink.dispose();
    this.followed.delete(buildId);
  }

  dispose(): void {
    for (const entry of this.followed.values()) {
      entry.stop?.abort();
      entry.sink.dispose();
    }
    this.followed.clear();
    this.onDidChangeEmitter.dispose();
    this.onDidReadLogEmitter.dispose();
  }
}
