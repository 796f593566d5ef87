import { abortError } from "../core/abort";
import { chunks } from "../core/chunks";
import { Disposable } from "../core/disposable";
import { Emitter } from "../core/events";
import { SingleFlight } from "../core/singleFlight";
import { transitions, type Transition } from "./model/transitions";
import type {
  Alarm,
  AlarmHistoryItem,
  AlarmQuery,
  AlarmState,
  CloudWatchApi,
  MetricAlarm,
  MetricSeries,
} from "./model/types";

/** DescribeAlarms takes at most 100 names. */
const NAMES_PER_CALL = 100;

/** Whether two answers for an alarm would render the same. */
function same(a: Alarm | undefined, b: Alarm): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The CloudWatch alarms the views render and notifications watch. Loads the tree's list (every
 * page, alarms starting with the list prefix) or a scope's alarms (a prefix, named alarms) in
 * single flight, and tells what changed: the list (an alarm came, went or changed state), one
 * alarm's details, and the state changes themselves (for notifications) — never on the first
 * load after a reset, which is the baseline.
 */
export class AlarmStore extends Disposable {
  private readonly onDidChangeAlarmsEmitter = this.register(new Emitter<void>());
  private readonly onDidChangeAlarmEmitter = this.register(new Emitter<string>());
  private readonly onDidTransitionEmitter = this.register(new Emitter<readonly Transition[]>());
  /** The list changed: an alarm came, went or changed state (the groups change). */
  readonly onDidChangeAlarms = this.onDidChangeAlarmsEmitter.event;
  /** An alarm's details changed (its reason, its configuration), not its state. */
  readonly onDidChangeAlarm = this.onDidChangeAlarmEmitter.event;
  /** Alarms moved to another state since they were last seen. */
  readonly onDidTransition = this.onDidTransitionEmitter.event;

  private readonly known = new Map<string, Alarm>();
  private listed = false;
  private listPrefix: string;
  private watchingSince: Date | undefined;
  private readonly flights = this.register(new SingleFlight());

  constructor(
    private readonly api: CloudWatchApi,
    listPrefix = "",
    private readonly now: () => Date = () => new Date(),
  ) {
    super();
    this.listPrefix = listPrefix;
  }

  /** The tree's alarms (those starting with the list prefix), undefined until loaded. */
  get alarms(): readonly Alarm[] | undefined {
    if (!this.listed) return undefined;
    return [...this.known.values()].filter((a) => a.name.startsWith(this.listPrefix));
  }

  get prefix(): string {
    return this.listPrefix;
  }

  alarm(name: string): Alarm | undefined {
    return this.known.get(name);
  }

  /** The tree lists only alarms starting with `prefix` (`awsCicd.cloudwatch.alarmNamePrefix`). */
  setListPrefix(prefix: string): void {
    if (prefix === this.listPrefix) return;
    this.listPrefix = prefix;
    this.listed = false;
    this.onDidChangeAlarmsEmitter.fire();
  }

  /**
   * Refresh: forget the alarms. Changes since watching began are still reported when they are
   * read again (notifications drop those they told already), so a refresh loses none.
   */
  reset(): void {
    this.flights.reset();
    this.known.clear();
    this.listed = false;
    this.onDidChangeAlarmsEmitter.fire();
  }

  /** Another account or region: what was seen says nothing about it; the next load is a new baseline. */
  rebaseline(): void {
    this.reset();
    this.watchingSince = undefined;
  }

  /** Every alarm of the list (every page). Resolves whether anything changed. */
  loadList(caller?: AbortSignal): Promise<boolean> {
    const prefix = this.listPrefix;
    return this.flights.run(
      `list:${prefix}`,
      async (signal) => {
        const fresh = await this.api.describeAlarms({ prefix }, signal);
        if (signal.aborted || prefix !== this.listPrefix) throw abortError();
        const changed = this.merge(fresh, (name) => name.startsWith(prefix));
        const first = !this.listed;
        this.listed = true;
        if (first && !changed) this.onDidChangeAlarmsEmitter.fire();
        return changed || first;
      },
      caller,
    );
  }

  /** The alarms of a prefix, or of named alarms (100 a call): what notifications watch while the tree is hidden. */
  refresh(query: AlarmQuery, caller?: AbortSignal): Promise<boolean> {
    if (query.names) return this.refreshNames(query.names, caller);
    const prefix = query.prefix ?? "";
    return this.flights.run(
      `prefix:${prefix}`,
      async (signal) => {
        const fresh = await this.api.describeAlarms({ prefix }, signal);
        if (signal.aborted) throw abortError();
        return this.merge(fresh, (name) => name.startsWith(prefix));
      },
      caller,
    );
  }

  /** Named alarms (those that do not exist are forgotten). */
  refreshNames(names: readonly string[], caller?: AbortSignal): Promise<boolean> {
    const unique = [...new Set(names)].sort();
    if (unique.length === 0) return Promise.resolve(false);
    return this.flights.run(
      `names:${unique.join("\u0000")}`,
      async (signal) => {
        const fresh: Alarm[] = [];
        for (const batch of chunks(unique, NAMES_PER_CALL))
          fresh.push(...(await this.api.describeAlarms({ names: batch }, signal)));
        if (signal.aborted) throw abortError();
        const asked = new Set(unique);
        return this.merge(fresh, (name) => asked.has(name));
      },
      caller,
    );
  }

  /** The states of named alarms, loading those not known yet; undefined for alarms that do not exist. */
  async statesOf(
    names: readonly string[],
  ): Promise<{ name: string; state?: AlarmState; reason?: string; changed?: Date }[]> {
    const missing = names.filter((n) => !this.known.has(n));
    if (missing.length > 0) await this.refreshNames(missing);
    return names.map((name) => {
      const a = this.known.get(name);
      return a
        ? {
            name,
            state: a.state,
            ...(a.stateReason ? { reason: a.stateReason } : {}),
            ...(a.stateChanged ? { changed: a.stateChanged } : {}),
          }
        : { name };
    });
  }

  /** The alarm's history since `since` (for its details; not kept). */
  history(name: string, since: Date, signal: AbortSignal): Promise<AlarmHistoryItem[]> {
    return this.flights.run(
      `history:${name}:${since.getTime()}`,
      (shared) => this.api.alarmHistory(name, since, 500, shared),
      signal,
    );
  }

  /** The data the alarm evaluates over [start, end] (for its chart; not kept). */
  metricData(alarm: MetricAlarm, start: Date, end: Date, signal: AbortSignal): Promise<MetricSeries> {
    return this.flights.run(
      `metric:${alarm.name}:${start.getTime()}:${end.getTime()}`,
      (shared) => this.api.metricData(alarm, start, end, shared),
      signal,
    );
  }

  /**
   * Takes a fresh answer that holds every alarm for which `covers(name)`: adds and updates
   * those, forgets the covered ones it lacks (deleted), and fires what changed.
   */
  private merge(fresh: readonly Alarm[], covers: (name: string) => boolean): boolean {
    this.watchingSince ??= this.now();
    const moved = transitions(this.known, fresh, this.watchingSince);
    let listChanged = false;
    const details: string[] = [];
    const seen = new Set<string>();
    for (const alarm of fresh) {
      seen.add(alarm.name);
      const before = this.known.get(alarm.name);
      if (same(before, alarm)) continue;
      if (!before || before.state !== alarm.state) listChanged = true;
      else details.push(alarm.name);
      this.known.set(alarm.name, alarm);
    }
    for (const name of [...this.known.keys()]) {
      if (covers(name) && !seen.has(name)) {
        this.known.delete(name);
        listChanged = true;
      }
    }
    if (listChanged) this.onDidChangeAlarmsEmitter.fire();
    for (const name of details) this.onDidChangeAlarmEmitter.fire(name);
    if (moved.length > 0) this.onDidTransitionEmitter.fire(moved);
    return listChanged || details.length > 0;
  }
}
