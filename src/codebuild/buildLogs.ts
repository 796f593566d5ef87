import { Disposable } from "../core/disposable";
import { channelLine } from "../core/format";
import { Emitter, type Event } from "../core/events";
import { watchedThrough, type FollowedLogs } from "../logs/followedLogs";
import type { LogEvent, LogsApi } from "../logs/types";
import { followBuildLog } from "./followBuild";
import { KeptLog } from "./model/keptLog";
import { buildLabel, summaryLine } from "./model/buildStatus";
import type { Build } from "./model/types";
import type { BuildStore } from "./store";

/** Logs whose lines are kept (for Show Problems). */
const KEPT_LOGS = 8;

export interface ReadLog {
  readonly build: Build;
  /** The lines kept (the log's start), put together when asked: only a failure needs them. */
  readonly lines: () => readonly string[];
}

/** A reported failure to read a log: the channel says it, the owner decides who else hears. */
export type ReportLogError = (error: unknown) => string;

const KEY_PREFIX = "build:";

export function buildLogKey(buildId: string): string {
  return `${KEY_PREFIX}${buildId}`;
}

/**
 * Builds' logs, one output channel per build ("Build: web-app #5"), followed live while the
 * build runs and drained when it completes, then closed with a summary line. The registry of
 * followed logs (shared with other services) answers whether a build is followed.
 */
export class BuildLogs extends Disposable {
  private readonly kept = new Map<string, KeptLog>();
  private readonly onDidReadLogEmitter = this.register(new Emitter<ReadLog>());
  /** A completed build's whole log has been read. */
  readonly onDidReadLog = this.onDidReadLogEmitter.event;

  constructor(
    private readonly store: BuildStore,
    private readonly api: LogsApi,
    private readonly followed: FollowedLogs,
    private readonly reportError: ReportLogError,
    /** Waited for before each read (an idle window, the call budget). */
    private readonly pace?: (signal: AbortSignal) => Promise<void>,
    /** Called with each delivered batch (benchmarks measure latency with it). */
    private readonly onDelivered?: (events: readonly LogEvent[]) => void,
  ) {
    super();
  }

  /** A build started or stopped being followed (its id). */
  readonly onDidChangeFollowing: Event<string> = (listener) =>
    this.followed.onDidChange((key) => {
      if (key.startsWith(KEY_PREFIX)) listener(key.slice(KEY_PREFIX.length));
    });

  isFollowing(buildId: string): boolean {
    return this.followed.isFollowing(buildLogKey(buildId));
  }

  /** Ids of the builds whose logs are being followed (the poller keeps their status fresh). */
  followedIds(): string[] {
    return this.followed.followingKeys(KEY_PREFIX).map((key) => key.slice(KEY_PREFIX.length));
  }

  /** Ids of the followed builds whose log is on screen (read every second or so). */
  followedOnScreenIds(): string[] {
    return this.followed.onScreenKeys(KEY_PREFIX).map((key) => key.slice(KEY_PREFIX.length));
  }

  /** Shows a build's log, following it live if it runs; a second call just reveals the channel. */
  show(build: Build, reveal = true): void {
    const key = buildLogKey(build.id);
    this.followed.follow(
      key,
      `Build: ${build.projectName} ${buildLabel(build)}`,
      async ({ sink, signal }) => {
        const kept = new KeptLog();
        this.kept.delete(build.id);
        this.kept.set(build.id, kept);
        // As many kept logs as open channels: the oldest go first.
        for (const id of this.kept.keys()) if (this.kept.size > KEPT_LOGS) this.kept.delete(id);
        let result;
        try {
          result = await followBuildLog({
            store: this.store,
            logs: this.api,
            build,
            signal,
            pace: this.pace,
            ...watchedThrough(sink),
            onLines: (lines, events) => {
              // A line of megabytes would stall VS Code's editor: the channel shows its start.
              sink.append(lines.map((line) => channelLine(line)).join("\n") + "\n");
              kept.add(lines);
              this.onDelivered?.(events);
            },
            onError: (error) => {
              sink.append(`[AWS CI/CD] Reading the log failed, retrying: ${this.reportError(error)}\n`);
            },
            onLogsOff: () => {
              sink.append(
                "[AWS CI/CD] This build sends no logs to CloudWatch Logs (turned off in its project); its status is still followed.\n",
              );
            },
          });
        } catch (error) {
          sink.append(
            `──── Gave up reading this log: ${this.reportError(error)} Show Log reads it again. ────\n`,
          );
          return "failed";
        }
        if (result !== "completed") {
          sink.append("──── Stopped following this log ────\n");
          return "stopped";
        }
        const finished = this.store.build(build.id) ?? build;
        sink.append(summaryLine(finished, new Date()) + "\n");
        this.onDidReadLogEmitter.fire({ build: finished, lines: () => kept.lines() });
        return "completed";
      },
      reveal,
    );
  }

  /** The lines read so far of a build whose log was shown. */
  linesOf(buildId: string): readonly string[] | undefined {
    return this.kept.get(buildId)?.lines();
  }

  stopFollowing(buildId: string): void {
    this.followed.stop(buildLogKey(buildId));
  }
}
