import { abortError } from "../core/abort";
import { withJoinedSignal } from "../core/joinedSignal";
import { Disposable } from "../core/disposable";
import { Emitter } from "../core/events";
import { SingleFlight } from "../core/singleFlight";
import type { LogGroupSummary, LogGroupsApi, TailGroup } from "../logs/tailTypes";

/** The tree lists at most this many log groups (DescribeLogGroups pages of 50). */
export const TREE_LOG_GROUPS = 500;

/**
 * The log groups the tree shows (loaded when "Log groups" is expanded, not polled), and the ARNs
 * of groups a tail names (Live Tail takes ARNs), found with DescribeLogGroups.
 */
export class LogGroupStore extends Disposable {
  private readonly onDidChangeEmitter = this.register(new Emitter<void>());
  readonly onDidChange = this.onDidChangeEmitter.event;
  private list: { groups: LogGroupSummary[]; truncated: boolean } | undefined;
  private readonly byName = new Map<string, LogGroupSummary>();
  private readonly flights = this.register(new SingleFlight());

  constructor(private readonly api: LogGroupsApi) {
    super();
  }

  get groups(): readonly LogGroupSummary[] | undefined {
    return this.list?.groups;
  }

  get truncated(): boolean {
    return this.list?.truncated ?? false;
  }

  reset(): void {
    this.flights.reset();
    this.list = undefined;
    this.byName.clear();
    this.onDidChangeEmitter.fire();
  }

  load(): Promise<readonly LogGroupSummary[]> {
    return this.flights.run("list", async (signal) => {
      const list = await this.api.describeLogGroups({ max: TREE_LOG_GROUPS }, signal);
      if (signal.aborted) throw abortError();
      this.list = list;
      for (const g of list.groups) this.byName.set(g.name, g);
      this.onDidChangeEmitter.fire();
      return list.groups;
    });
  }

  /** Groups whose name contains `text` (the picker's filter box), at most `max`. */
  search(
    text: string,
    max: number,
    signal: AbortSignal,
  ): Promise<{ groups: LogGroupSummary[]; truncated: boolean }> {
    return this.flights.run(
      `search:${text}`,
      async (shared) => {
        const found = await this.api.describeLogGroups({ pattern: text, max }, shared);
        if (shared.aborted) throw abortError();
        for (const g of found.groups) this.byName.set(g.name, g);
        return found;
      },
      signal,
    );
  }

  /** The groups named, with their ARNs; the names of those that do not exist are in `missing`. */
  resolve(
    names: readonly string[],
    signal: AbortSignal,
  ): Promise<{ groups: TailGroup[]; missing: string[] }> {
    // Ends with the connection too: an old account's groups are not kept for the new one.
    return withJoinedSignal([this.flights.signal, signal], async (live) => {
      const groups: TailGroup[] = [];
      const missing: string[] = [];
      for (const name of names) {
        let known = this.byName.get(name);
        if (!known?.arn) {
          const found = await this.api.describeLogGroups({ prefix: name, max: 50 }, live);
          if (live.aborted) throw abortError();
          for (const g of found.groups) this.byName.set(g.name, g);
          known = found.groups.find((g) => g.name === name);
        }
        if (known) groups.push({ name, ...(known.arn ? { arn: known.arn } : {}) });
        else missing.push(name);
      }
      return { groups, missing };
    });
  }

  streams(group: string, signal: AbortSignal) {
    return this.api.describeLogStreams(group, 50, signal);
  }
}
