// CloudWatch alarms of one region and how their states move on the clock. Metric alarms are
// evaluated at each period boundary (every minute at most) from the metrics' data — lazily, when a
// request comes, for every boundary passed since the last look, so states and history are the
// same whenever one asks. Composite alarms follow their children's state changes. Every change
// is recorded in the alarm history (StateUpdate, and Action when actions are enabled).
import { SimError } from "./errors";
import { evaluate, parseExpression, referencedIds, type Series } from "./cloudwatch-math";
import { buckets, MetricStore, statistic, type MetricId } from "./cloudwatch-metrics";
import { evaluateRule, parseRule, ruleAlarms, type AlarmStateValue, type Rule } from "./cloudwatch-rule";
import type { RegionState } from "./state";

export type { AlarmStateValue } from "./cloudwatch-rule";

export interface MetricQuery {
  readonly Id: string;
  readonly MetricStat?: {
    readonly Metric: MetricId;
    readonly Period: number;
    readonly Stat: string;
    readonly Unit?: string;
  };
  readonly Expression?: string;
  readonly Label?: string;
  readonly ReturnData?: boolean;
  readonly Period?: number;
}

interface AlarmBase {
  name: string;
  arn: string;
  description?: string;
  actionsEnabled: boolean;
  okActions: string[];
  alarmActions: string[];
  insufficientDataActions: string[];
  configUpdated: number;
  state: AlarmStateValue;
  stateReason: string;
  stateReasonData?: string;
  /** Last change of the state value. */
  stateUpdated: number;
  stateTransitioned: number;
  /** Every state the alarm took, with when (composites replay their children's). */
  timeline: { at: number; state: AlarmStateValue }[];
  /** Up to when it has been evaluated. */
  evaluatedUntil: number;
}

export interface MetricAlarmRecord extends AlarmBase {
  readonly kind: "metric";
  metric?: MetricId;
  statistic?: string;
  extendedStatistic?: string;
  period: number;
  unit?: string;
  metrics?: MetricQuery[];
  evaluationPeriods: number;
  datapointsToAlarm?: number;
  threshold: number;
  comparison: string;
  treatMissingData?: string;
}

export interface CompositeAlarmRecord extends AlarmBase {
  readonly kind: "composite";
  rule: string;
  parsed: Rule;
}

export type AlarmRecord = MetricAlarmRecord | CompositeAlarmRecord;

export type HistoryItemType = "ConfigurationUpdate" | "StateUpdate" | "Action";

export interface HistoryRecord {
  readonly alarmName: string;
  readonly alarmType: "MetricAlarm" | "CompositeAlarm";
  readonly timestamp: number;
  readonly type: HistoryItemType;
  readonly summary: string;
  readonly data: string;
}

export const COMPARISONS: Readonly<
  Record<string, { words: string; test: (v: number, t: number) => boolean }>
> = {
  GreaterThanOrEqualToThreshold: { words: "greater than or equal to", test: (v, t) => v >= t },
  GreaterThanThreshold: { words: "greater than", test: (v, t) => v > t },
  LessThanThreshold: { words: "less than", test: (v, t) => v < t },
  LessThanOrEqualToThreshold: { words: "less than or equal to", test: (v, t) => v <= t },
};

/** History kept per region (AWS keeps 30 days). */
const MAX_HISTORY = 20_000;
const MAX_TIMELINE = 2_000;
/** The longest stretch caught up at once; older boundaries are skipped. */
const MAX_CATCH_UP_MS = 24 * 3_600_000;

const pad = (n: number) => String(n).padStart(2, "0");
/** "02/12/26 10:01:00", as alarm reasons write times (UTC). */
function reasonTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCFullYear() % 100)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
const iso = (ms: number) => new Date(ms).toISOString().replace("Z", "+0000");
const shown = (v: number) => (Number.isInteger(v) ? v.toFixed(1) : String(v));

/** The data each query produces over [start, end), by query id. */
export function querySeries(
  metrics: MetricStore,
  queries: readonly MetricQuery[],
  start: number,
  end: number,
): Map<string, Series> {
  const out = new Map<string, Series>();
  for (const q of queries) {
    if (!q.MetricStat) continue;
    const series = metrics.get(q.MetricStat.Metric);
    const values = new Map<number, number>();
    if (series) {
      const step = q.MetricStat.Period * 1000;
      for (const t of buckets(start, end, q.MetricStat.Period)) {
        const v = statistic(metrics.samples(series, t, t + step), q.MetricStat.Stat);
        if (v !== undefined) values.set(t, v);
      }
    }
    out.set(q.Id, values);
  }
  const expressions = queries.filter((q) => q.Expression !== undefined);
  // Expressions may read each other: evaluate those whose inputs are ready, until none is left.
  let pending = expressions;
  for (let round = 0; pending.length > 0 && round <= expressions.length; round++) {
    const later: MetricQuery[] = [];
    for (const q of pending) {
      const node = parseExpression(q.Expression!);
      const { ids, all } = referencedIds(node);
      const others = queries.filter((o) => o.Id !== q.Id).map((o) => o.Id);
      const needs = all ? others : ids;
      if (needs.some((id) => !out.has(id) && queries.some((o) => o.Id === id))) {
        later.push(q);
        continue;
      }
      const period = q.Period ?? queries.find((o) => o.MetricStat)?.MetricStat?.Period ?? 60;
      out.set(q.Id, evaluate(node, out, q.Id, buckets(start, end, period)));
    }
    pending = later;
  }
  if (pending.length > 0)
    throw new SimError("ValidationException", `Circular reference in the expressions of ${pending[0]!.Id}.`);
  return out;
}

export class CloudWatchState {
  readonly alarms = new Map<string, AlarmRecord>();
  readonly history: HistoryRecord[] = [];

  constructor(
    readonly region: RegionState,
    readonly metrics: MetricStore,
  ) {}

  alarmArn(name: string): string {
    return `arn:aws:cloudwatch:${this.region.region}:${this.region.accountId}:alarm:${name}`;
  }

  record(item: HistoryRecord): void {
    this.history.push(item);
    if (this.history.length > MAX_HISTORY) this.history.splice(0, this.history.length - MAX_HISTORY);
  }

  /** Moves an alarm to `state` at `at`, with history; nothing when the state is the same. */
  transition(
    alarm: AlarmRecord,
    state: AlarmStateValue,
    reason: string,
    at: number,
    reasonData?: string,
  ): void {
    if (alarm.state === state) {
      alarm.stateReason = reason;
      if (reasonData !== undefined) alarm.stateReasonData = reasonData;
      return;
    }
    const old = { stateValue: alarm.state, stateReason: alarm.stateReason };
    const alarmType = alarm.kind === "metric" ? "MetricAlarm" : "CompositeAlarm";
    this.record({
      alarmName: alarm.name,
      alarmType,
      timestamp: at,
      type: "StateUpdate",
      summary: `Alarm updated from ${alarm.state} to ${state}`,
      data: JSON.stringify({
        version: "1.0",
        oldState: old,
        newState: {
          stateValue: state,
          stateReason: reason,
          ...(reasonData ? { stateReasonData: JSON.parse(reasonData) as unknown } : {}),
        },
      }),
    });
    alarm.state = state;
    alarm.stateReason = reason;
    if (reasonData !== undefined) alarm.stateReasonData = reasonData;
    else delete alarm.stateReasonData;
    alarm.stateUpdated = at;
    alarm.stateTransitioned = at;
    alarm.timeline.push({ at, state });
    if (alarm.timeline.length > MAX_TIMELINE) alarm.timeline.splice(0, alarm.timeline.length - MAX_TIMELINE);
    const actions =
      state === "ALARM"
        ? alarm.alarmActions
        : state === "OK"
          ? alarm.okActions
          : alarm.insufficientDataActions;
    if (alarm.actionsEnabled) {
      for (const action of actions) {
        this.record({
          alarmName: alarm.name,
          alarmType,
          timestamp: at,
          type: "Action",
          summary: `Successfully executed action ${action}`,
          data: JSON.stringify({
            actionState: "Succeeded",
            stateUpdateTimestamp: at,
            notificationResource: action,
          }),
        });
      }
    }
  }

  /** Brings every alarm's state up to `now`: metric alarms first, then composites. */
  evaluateUntil(now: number): void {
    for (const alarm of this.alarms.values())
      if (alarm.kind === "metric") this.evaluateMetricAlarm(alarm, now);
    for (const alarm of this.compositesInOrder()) this.evaluateComposite(alarm, now);
  }

  private evaluateMetricAlarm(alarm: MetricAlarmRecord, now: number): void {
    const step = Math.min(alarm.period, 60) * 1000;
    let from = Math.max(alarm.evaluatedUntil, now - MAX_CATCH_UP_MS);
    for (let t = Math.floor(from / step) * step + step; t <= now; t += step) {
      this.evaluateAt(alarm, t);
      from = t;
    }
    alarm.evaluatedUntil = Math.max(alarm.evaluatedUntil, from);
  }

  /** One evaluation at `t`: the last EvaluationPeriods periods ending at `t`. */
  private evaluateAt(alarm: MetricAlarmRecord, t: number): void {
    const n = alarm.evaluationPeriods;
    const m = alarm.datapointsToAlarm ?? n;
    const periodMs = alarm.period * 1000;
    const end = Math.floor(t / periodMs) * periodMs;
    const start = end - n * periodMs;
    const values = this.windowValues(alarm, start, end);
    const comparison = COMPARISONS[alarm.comparison]!;
    const points = buckets(start, end, alarm.period).map((at) => ({ at, value: values.get(at) }));
    const present = points.filter((p): p is { at: number; value: number } => p.value !== undefined);
    const treat = alarm.treatMissingData ?? "missing";
    const missing = n - present.length;
    let breaching = present.filter((p) => comparison.test(p.value, alarm.threshold)).length;
    if (treat === "breaching") breaching += missing;
    const stat = alarm.statistic ?? alarm.extendedStatistic;
    const reasonData = JSON.stringify({
      version: "1.0",
      queryDate: iso(t),
      startDate: iso(start),
      ...(stat ? { statistic: stat } : {}),
      period: alarm.period,
      recentDatapoints: present.map((p) => p.value),
      threshold: alarm.threshold,
      evaluatedDatapoints: present
        .slice()
        .reverse()
        .map((p) => ({ timestamp: iso(p.at), sampleCount: 1.0, value: p.value })),
    });
    const listed = present
      .slice()
      .reverse()
      .map((p) => `${shown(p.value)} (${reasonTime(p.at)})`)
      .join(", ");
    if (present.length === 0 && treat === "missing") {
      this.transition(
        alarm,
        "INSUFFICIENT_DATA",
        `Insufficient Data: ${n} datapoint${n === 1 ? " was" : "s were"} unknown.`,
        t,
        reasonData,
      );
      return;
    }
    if (present.length === 0 && treat === "ignore") return;
    const words = comparison.words;
    const threshold = shown(alarm.threshold);
    if (breaching >= m) {
      const what = n === 1 ? "1 datapoint" : `${breaching} out of the last ${n} datapoints`;
      const verb = n === 1 || breaching === 1 ? "was" : "were";
      this.transition(
        alarm,
        "ALARM",
        `Threshold Crossed: ${what} [${listed}] ${verb} ${words} the threshold (${threshold}) (minimum ${m} datapoint${m === 1 ? "" : "s"} for OK -> ALARM transition).`,
        t,
        reasonData,
      );
    } else {
      const what = present.length === 1 ? "1 datapoint" : `${present.length} datapoints`;
      this.transition(
        alarm,
        "OK",
        `Threshold Crossed: ${what} [${listed}] ${present.length === 1 ? "was" : "were"} not ${words} the threshold (${threshold}) (minimum ${n - m + 1} datapoint${n - m + 1 === 1 ? "" : "s"} for ALARM -> OK transition).`,
        t,
        reasonData,
      );
    }
  }

  /** The alarm's value per period start in [start, end). */
  windowValues(alarm: MetricAlarmRecord, start: number, end: number): Series {
    if (alarm.metrics) {
      const series = querySeries(this.metrics, alarm.metrics, start, end);
      const returned = alarm.metrics.find((q) => q.ReturnData !== false) ?? alarm.metrics[0];
      return series.get(returned?.Id ?? "") ?? new Map();
    }
    const series = alarm.metric ? this.metrics.get(alarm.metric) : undefined;
    const out = new Map<number, number>();
    if (!series) return out;
    const stat = alarm.statistic ?? alarm.extendedStatistic ?? "Average";
    for (const at of buckets(start, end, alarm.period)) {
      const v = statistic(this.metrics.samples(series, at, at + alarm.period * 1000), stat);
      if (v !== undefined) out.set(at, v);
    }
    return out;
  }

  /** Composites after the composites they name (rules cannot form cycles: PutCompositeAlarm checks). */
  private compositesInOrder(): CompositeAlarmRecord[] {
    const out: CompositeAlarmRecord[] = [];
    const seen = new Set<string>();
    const visit = (a: CompositeAlarmRecord, depth: number): void => {
      if (seen.has(a.name) || depth > 100) return;
      seen.add(a.name);
      for (const child of ruleAlarms(a.parsed)) {
        const c = this.alarms.get(child);
        if (c?.kind === "composite") visit(c, depth + 1);
      }
      out.push(a);
    };
    for (const a of this.alarms.values()) if (a.kind === "composite") visit(a, 0);
    return out;
  }

  /** The state an alarm had at `t`. */
  stateAt(alarm: AlarmRecord, t: number): AlarmStateValue {
    let state: AlarmStateValue = "INSUFFICIENT_DATA";
    for (const entry of alarm.timeline) {
      if (entry.at > t) break;
      state = entry.state;
    }
    return state;
  }

  /** Replays the children's changes since the last look, in time order. */
  private evaluateComposite(alarm: CompositeAlarmRecord, now: number): void {
    const children = ruleAlarms(alarm.parsed)
      .map((name) => this.alarms.get(name))
      .filter((a): a is AlarmRecord => a !== undefined);
    // Its first evaluation is when it was created; then whenever a child changed.
    const times = new Set<number>(alarm.timeline.length === 0 ? [alarm.configUpdated] : []);
    for (const child of children)
      for (const entry of child.timeline)
        if (entry.at > alarm.evaluatedUntil && entry.at <= now) times.add(entry.at);
    for (const t of [...times].sort((a, b) => a - b)) {
      const stateOf = (name: string) => {
        const child = this.alarms.get(name);
        return child ? this.stateAt(child, t) : undefined;
      };
      const inAlarm = evaluateRule(alarm.parsed, stateOf);
      const changed = children.filter((c) => c.timeline.some((e) => e.at === t)).map((c) => c.name);
      const why = changed.length
        ? `${changed.map((c) => `${this.alarmArn(c)} transitioned to ${stateOf(c) ?? "?"}`).join(", ")} at ${iso(t)}`
        : `Alarm rule evaluated at ${iso(t)}`;
      this.transition(alarm, inAlarm ? "ALARM" : "OK", why, t);
    }
    // A child changed in the very millisecond of the last look: the current states decide.
    const inAlarmNow = evaluateRule(alarm.parsed, (name) => this.alarms.get(name)?.state);
    if ((inAlarmNow ? "ALARM" : "OK") !== alarm.state) {
      const latest = Math.max(...children.map((c) => c.timeline.at(-1)?.at ?? 0), alarm.evaluatedUntil);
      const changed = children.filter((c) => c.timeline.at(-1)?.at === latest);
      const why = changed.length
        ? `${changed.map((c) => `${this.alarmArn(c.name)} transitioned to ${c.state}`).join(", ")} at ${iso(latest)}`
        : `Alarm rule evaluated at ${iso(latest)}`;
      this.transition(alarm, inAlarmNow ? "ALARM" : "OK", why, latest);
    }
    alarm.evaluatedUntil = Math.max(alarm.evaluatedUntil, now);
  }

  /** Checks a composite rule: parseable, naming alarms that exist, no cycle through `name`. */
  checkRule(name: string, rule: string): Rule {
    const parsed = parseRule(rule);
    const named = ruleAlarms(parsed);
    const missing = named.filter((n) => !this.alarms.has(n));
    if (missing.length > 0)
      throw new SimError(
        "ValidationException",
        `Could not save the composite alarm as alarms [${missing.join(", ")}] in the alarm rule do not exist`,
      );
    const reaches = (from: string, depth: number): boolean => {
      if (depth > 100) return true;
      const a = this.alarms.get(from);
      if (a?.kind !== "composite") return false;
      return ruleAlarms(a.parsed).some((c) => c === name || reaches(c, depth + 1));
    };
    if (named.includes(name) || named.some((c) => reaches(c, 0)))
      throw new SimError("ValidationException", `The alarm rule of ${name} forms a cycle.`);
    return parsed;
  }
}

const states = new WeakMap<RegionState, CloudWatchState>();

/** The region's CloudWatch (created on first use; generated time counts from `origin`). */
export function cloudwatchOf(region: RegionState, origin: number, speed: number): CloudWatchState {
  let s = states.get(region);
  if (!s) states.set(region, (s = new CloudWatchState(region, new MetricStore(origin, speed))));
  return s;
}
