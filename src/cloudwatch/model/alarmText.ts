import type { Alarm, MetricAlarm } from "./types";

const SYMBOLS: Readonly<Record<string, string>> = {
  GreaterThanThreshold: ">",
  GreaterThanOrEqualToThreshold: "≥",
  LessThanThreshold: "<",
  LessThanOrEqualToThreshold: "≤",
  LessThanLowerOrGreaterThanUpperThreshold: "outside the band",
  LessThanLowerThreshold: "below the band",
  GreaterThanUpperThreshold: "above the band",
};

/** `>`, `≥`, `<`, `≤`, or words for anomaly-detection bands. */
export function comparisonSymbol(comparison: string): string {
  return SYMBOLS[comparison] ?? comparison;
}

/** 60 → "1 min", 10 → "10 s", 3600 → "1 h". */
export function periodText(seconds: number | undefined): string {
  if (seconds === undefined) return "";
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** A threshold as people write it: 10, 1.5, 0.25 (no float noise). */
export function numberText(value: number): string {
  return String(Math.round(value * 1e6) / 1e6);
}

/** What the alarm watches: "Sum HTTPCode_Target_5XX_Count", or the metric-math label/expression. */
export function metricText(alarm: MetricAlarm): string {
  if (alarm.queries) {
    const returned = alarm.queries.find((q) => q.returnData) ?? alarm.queries[0];
    if (!returned) return "metric math";
    if (returned.label) return returned.label;
    if (returned.expression !== undefined) return returned.expression;
    if (returned.metricStat) return `${returned.metricStat.stat} ${returned.metricStat.metric.metricName}`;
    return returned.id;
  }
  return [alarm.statistic, alarm.metric?.metricName].filter(Boolean).join(" ") || "metric";
}

/** "Sum HTTPCode_Target_5XX_Count > 10", or the composite alarm's rule. */
export function conditionText(alarm: Alarm): string {
  if (alarm.kind === "composite") return alarm.rule;
  const threshold = alarm.threshold !== undefined ? ` ${numberText(alarm.threshold)}` : "";
  return `${metricText(alarm)} ${comparisonSymbol(alarm.comparison)}${threshold}`;
}

/** "for 2 of 3 datapoints of 1 min" (how long it must hold). */
export function evaluationText(alarm: MetricAlarm): string {
  const n = alarm.evaluationPeriods;
  const m = alarm.datapointsToAlarm ?? n;
  const period = alarm.period ?? alarm.queries?.find((q) => q.metricStat)?.metricStat?.period;
  const of = m === n ? `${n} datapoint${n === 1 ? "" : "s"}` : `${m} of ${n} datapoints`;
  return `for ${of}${period ? ` of ${periodText(period)}` : ""}`;
}

/** The metric's dimensions: "LoadBalancer=app/api/123, …". */
export function dimensionsText(alarm: MetricAlarm): string {
  return (alarm.metric?.dimensions ?? []).map((d) => `${d.name}=${d.value}`).join(", ");
}
