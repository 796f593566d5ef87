import {
  comparisonSymbol,
  conditionText,
  dimensionsText,
  evaluationText,
  numberText,
  periodText,
} from "./alarmText";
import { STATE_LOOKS } from "./alarmGroups";
import type { Alarm, AlarmHistoryItem, AlarmState, MetricSeries } from "./types";

/** A state change drawn on the chart. */
export interface ChartMarker {
  readonly t: number;
  readonly to: AlarmState;
  readonly from?: AlarmState;
  readonly label: string;
}

/** What the alarm details panel shows: all of it text and numbers, drawn by the webview. */
export interface AlarmDetails {
  readonly name: string;
  readonly kind: Alarm["kind"];
  readonly state: AlarmState;
  readonly stateWord: string;
  readonly reason?: string;
  readonly changed?: number;
  readonly description?: string;
  readonly condition: string;
  /** Label/value lines: metric, dimensions, statistic and period, evaluation, missing data, actions. */
  readonly facts: readonly { readonly label: string; readonly value: string }[];
  readonly chart?: {
    readonly label: string;
    readonly start: number;
    readonly end: number;
    readonly points: readonly { readonly t: number; readonly v: number }[];
    readonly threshold?: number;
    readonly comparison: string;
    readonly yMin: number;
    readonly yMax: number;
    readonly yTicks: readonly number[];
    readonly xTicks: readonly number[];
    readonly markers: readonly ChartMarker[];
    /** Stretches of ALARM and INSUFFICIENT_DATA (OK is left plain), from the state changes. */
    readonly bands: readonly { readonly start: number; readonly end: number; readonly state: AlarmState }[];
  };
  readonly history: readonly { readonly t: number; readonly type: string; readonly summary: string }[];
  /** A composite alarm's rule and the states of the alarms it names (as last seen). */
  readonly children?: readonly { readonly name: string; readonly state?: AlarmState }[];
  /** Why the chart or the history is missing, if it is. */
  readonly problem?: string;
}

/** Round tick values covering [min, max]: 1, 2 or 5 times a power of ten apart. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9 && ticks.length < 50; v += step)
    ticks.push(Math.round(v / step) * step);
  return ticks;
}

const MINUTE = 60_000;

/** Times for the x axis: every 5, 15, 30 or 60 minutes (or hours) over [start, end]. */
export function timeTicks(start: number, end: number): number[] {
  const span = end - start;
  const step =
    [5, 10, 15, 30, 60, 120, 180, 360, 720].map((m) => m * MINUTE).find((s) => span / s <= 8) ??
    1440 * MINUTE;
  const ticks: number[] = [];
  for (let t = Math.ceil(start / step) * step; t <= end && ticks.length < 50; t += step) ticks.push(t);
  return ticks;
}

/**
 * The stretches of time the alarm spent in each state over [start, end], from its changes (the
 * state before the first change is that change's `from`, or the current state without changes).
 */
export function stateBands(
  markers: readonly ChartMarker[],
  current: AlarmState,
  range: { start: number; end: number },
): { start: number; end: number; state: AlarmState }[] {
  const bands: { start: number; end: number; state: AlarmState }[] = [];
  let state: AlarmState = markers[0]?.from ?? (markers.length ? current : current);
  let from = range.start;
  for (const m of markers) {
    if (m.t > from) bands.push({ start: from, end: m.t, state });
    state = m.to;
    from = m.t;
  }
  if (range.end > from) bands.push({ start: from, end: range.end, state });
  return bands;
}

/** The y range: the data and the threshold, from zero for non-negative data, with some room above. */
function yRange(values: readonly number[], threshold: number | undefined): { min: number; max: number } {
  const all = threshold !== undefined ? [...values, threshold] : [...values];
  if (all.length === 0) return { min: 0, max: 1 };
  let min = Math.min(...all);
  let max = Math.max(...all);
  if (min >= 0) min = 0;
  if (max === min) max = min + 1;
  max += (max - min) * 0.1;
  return { min, max };
}

export function alarmDetails(
  alarm: Alarm,
  series: MetricSeries | undefined,
  history: readonly AlarmHistoryItem[],
  range: { start: number; end: number },
  children: (name: string) => AlarmState | undefined,
): AlarmDetails {
  const look = STATE_LOOKS[alarm.state];
  const facts: { label: string; value: string }[] = [];
  if (alarm.kind === "metric") {
    if (alarm.metric) {
      facts.push({ label: "Metric", value: `${alarm.metric.namespace} · ${alarm.metric.metricName}` });
      const dims = dimensionsText(alarm);
      if (dims) facts.push({ label: "Dimensions", value: dims });
      facts.push({ label: "Statistic", value: `${alarm.statistic ?? "?"} over ${periodText(alarm.period)}` });
    } else if (alarm.queries) {
      for (const q of alarm.queries)
        facts.push({
          label: q.returnData ? `${q.id} (alarm)` : q.id,
          value:
            q.expression ??
            (q.metricStat
              ? `${q.metricStat.stat} ${q.metricStat.metric.namespace} · ${q.metricStat.metric.metricName} over ${periodText(q.metricStat.period)}`
              : ""),
        });
    }
    facts.push({
      label: "Threshold",
      value: `${comparisonSymbol(alarm.comparison)} ${alarm.threshold !== undefined ? numberText(alarm.threshold) : "(band)"} ${evaluationText(alarm)}`,
    });
    facts.push({ label: "Missing data", value: alarm.treatMissingData ?? "missing" });
  } else {
    facts.push({ label: "Rule", value: alarm.rule });
  }
  const actions = [...alarm.alarmActions];
  facts.push({
    label: "Actions",
    value: `${alarm.actionsEnabled ? "enabled" : "disabled"}${actions.length ? ` · on ALARM: ${actions.join(", ")}` : ""}`,
  });

  const markers: ChartMarker[] = history
    .filter(
      (h) => h.to !== undefined && h.timestamp.getTime() >= range.start && h.timestamp.getTime() <= range.end,
    )
    .map((h) => ({
      t: h.timestamp.getTime(),
      to: h.to!,
      ...(h.from ? { from: h.from } : {}),
      label: `${h.from ?? "?"} → ${h.to!}`,
    }))
    .sort((a, b) => a.t - b.t);

  let chart: AlarmDetails["chart"];
  if (alarm.kind === "metric" && series) {
    const points = series.points.filter((p) => p.t >= range.start && p.t <= range.end);
    const { min, max } = yRange(
      points.map((p) => p.v),
      alarm.threshold,
    );
    chart = {
      label: series.label,
      start: range.start,
      end: range.end,
      points,
      ...(alarm.threshold !== undefined ? { threshold: alarm.threshold } : {}),
      comparison: comparisonSymbol(alarm.comparison),
      yMin: min,
      yMax: max,
      yTicks: niceTicks(min, max),
      xTicks: timeTicks(range.start, range.end),
      markers,
      bands: stateBands(markers, alarm.state, range).filter((b) => b.state !== "OK"),
    };
  }
  return {
    name: alarm.name,
    kind: alarm.kind,
    state: alarm.state,
    stateWord: look.word,
    ...(alarm.stateReason ? { reason: alarm.stateReason } : {}),
    ...(alarm.stateChanged ? { changed: alarm.stateChanged.getTime() } : {}),
    ...(alarm.description ? { description: alarm.description } : {}),
    condition: conditionText(alarm),
    facts,
    ...(chart ? { chart } : {}),
    history: history.map((h) => ({ t: h.timestamp.getTime(), type: h.type, summary: h.summary })),
    ...(alarm.kind === "composite"
      ? {
          children: ruleAlarmNames(alarm.rule).map((name) => ({
            name,
            ...(children(name) ? { state: children(name)! } : {}),
          })),
        }
      : {}),
  };
}

/** The alarms a composite rule names (ALARM("a") OR OK(arn:…:alarm:b)), in order, once each. */
export function ruleAlarmNames(rule: string): string[] {
  const names: string[] = [];
  const pattern = /\b(?:ALARM|OK|INSUFFICIENT_DATA)\s*\(\s*(?:"([^"]*)"|([^()\s"]+))\s*\)/g;
  for (const m of rule.matchAll(pattern)) {
    const ref = m[1] ?? m[2] ?? "";
    const name = /:alarm:(.+)$/.exec(ref)?.[1] ?? ref;
    if (name && !names.includes(name)) names.push(name);
  }
  return names;
}
