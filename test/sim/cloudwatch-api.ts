// GraniteServiceVersion20100801.* (CloudWatch) operations: alarms (metric and composite), their
// history, metric data. Every request first brings the alarms' states up to the clock.
import { SimError } from "./errors";
import {
  cloudwatchOf,
  COMPARISONS,
  querySeries,
  type AlarmRecord,
  type CloudWatchState,
  type MetricQuery,
} from "./cloudwatch-alarms";
import { parseExpression } from "./cloudwatch-math";
import { ruleAlarms } from "./cloudwatch-rule";
import { isStat, type Dimension, type MetricId } from "./cloudwatch-metrics";
import { decodeToken, encodeToken, type Input } from "./input";
import type { Handler, OpContext } from "./op-context";
import type { Json } from "./state";

const ALARM_STATES = ["OK", "ALARM", "INSUFFICIENT_DATA"] as const;
const ALARM_TYPES = ["CompositeAlarm", "MetricAlarm"] as const;
const HISTORY_TYPES = [
  "ConfigurationUpdate",
  "StateUpdate",
  "Action",
  "AlarmContributorStateUpdate",
  "AlarmContributorAction",
] as const;
const TREAT_MISSING = ["breaching", "notBreaching", "ignore", "missing"];
const UNITS = [
  "Seconds",
  "Microseconds",
  "Milliseconds",
  "Bytes",
  "Kilobytes",
  "Megabytes",
  "Gigabytes",
  "Terabytes",
  "Bits",
  "Kilobits",
  "Megabits",
  "Gigabits",
  "Terabits",
  "Percent",
  "Count",
  "Bytes/Second",
  "Kilobytes/Second",
  "Megabytes/Second",
  "Gigabytes/Second",
  "Terabytes/Second",
  "Bits/Second",
  "Kilobits/Second",
  "Megabits/Second",
  "Gigabits/Second",
  "Terabits/Second",
  "Count/Second",
  "None",
] as const;

const sec = (ms: number) => ms / 1000;
const validation = (message: string) => new SimError("ValidationException", message);
const badToken = () =>
  new SimError("InvalidNextToken", "The service couldn't process the provided NextToken.");
const isOffset = (v: unknown): v is { offset: number } =>
  typeof (v as { offset?: unknown } | null)?.offset === "number";

/** The region's CloudWatch, evaluated up to now. */
function world(ctx: OpContext): CloudWatchState {
  const cw = cloudwatchOf(ctx.region, ctx.clock.now(), ctx.clock.speed);
  cw.evaluateUntil(ctx.clock.now());
  return cw;
}

function pageOf<T>(items: readonly T[], input: Input, max: number, fallback: number) {
  const limit = input.num("MaxRecords", { min: 1, max }) ?? fallback;
  const token = input.str("NextToken");
  const offset = token === undefined ? 0 : decodeToken(token, isOffset, badToken).offset;
  const slice = items.slice(offset, offset + limit);
  return { slice, next: offset + limit < items.length ? encodeToken({ offset: offset + limit }) : undefined };
}

// ── Reading request members ───────────────────────────────────────────────────────────────

function readDimensions(raw: unknown, member: string): Dimension[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw validation(`${member} must be a list.`);
  if (raw.length > 30) throw validation(`The collection ${member} must not have a size greater than 30.`);
  return raw.map((d: unknown, i) => {
    const { Name, Value } = (d ?? {}) as { Name?: unknown; Value?: unknown };
    if (typeof Name !== "string" || Name === "" || typeof Value !== "string" || Value === "")
      throw validation(`${member}.member.${i + 1} needs a Name and a Value.`);
    return { Name, Value };
  });
}

function readMetric(raw: unknown, member: string): MetricId {
  const m = (raw ?? {}) as { Namespace?: unknown; MetricName?: unknown; Dimensions?: unknown };
  if (typeof m.Namespace !== "string" || typeof m.MetricName !== "string")
    throw validation(`${member} needs a Namespace and a MetricName.`);
  return {
    Namespace: m.Namespace,
    MetricName: m.MetricName,
    Dimensions: readDimensions(m.Dimensions, `${member}.Dimensions`),
  };
}

function checkPeriod(period: number, member: string): void {
  if (!(
    period === 1 ||
    period === 5 ||
    period === 10 ||
    period === 20 ||
    period === 30 ||
    (period >= 60 && period % 60 === 0)
  ))
    throw validation(`The parameter ${member} must be 10, 20, 30 or a multiple of 60.`);
}

function readQueries(raw: unknown[], member: string): MetricQuery[] {
  const ids = new Set<string>();
  return raw.map((q: unknown, i) => {
    const at = `${member}.member.${i + 1}`;
    const x = (q ?? {}) as Record<string, unknown>;
    if (typeof x.Id !== "string" || !/^[a-z][a-zA-Z0-9_]*$/.test(x.Id))
      throw validation(
        `${at}.Id must start with a lowercase letter and hold only letters, numbers and underscores.`,
      );
    if (ids.has(x.Id)) throw validation(`The value ${x.Id} for ${member} Id is not unique.`);
    ids.add(x.Id);
    const hasStat = x.MetricStat !== undefined && x.MetricStat !== null;
    const hasExpr = typeof x.Expression === "string";
    if (hasStat === hasExpr) throw validation(`${at} must have exactly one of MetricStat and Expression.`);
    const out: { -readonly [K in keyof MetricQuery]: MetricQuery[K] } = { Id: x.Id };
    if (hasStat) {
      const s = x.MetricStat as Record<string, unknown>;
      if (typeof s.Period !== "number" || typeof s.Stat !== "string")
        throw validation(`${at}.MetricStat needs a Period and a Stat.`);
      checkPeriod(s.Period, `${at}.MetricStat.Period`);
      if (!isStat(s.Stat))
        throw validation(`The value ${s.Stat} for ${at}.MetricStat.Stat is not a statistic.`);
      out.MetricStat = {
        Metric: readMetric(s.Metric, `${at}.MetricStat.Metric`),
        Period: s.Period,
        Stat: s.Stat,
        ...(typeof s.Unit === "string" ? { Unit: s.Unit } : {}),
      };
    } else {
      out.Expression = x.Expression as string;
      parseExpression(out.Expression);
    }
    if (typeof x.Label === "string") out.Label = x.Label;
    if (typeof x.ReturnData === "boolean") out.ReturnData = x.ReturnData;
    if (typeof x.Period === "number") out.Period = x.Period;
    return out;
  });
}

function actionList(input: Input, name: string): string[] {
  return input.strList(name, { max: 5 }) ?? [];
}

// ── Answers ───────────────────────────────────────────────────────────────────────────────

function renderQuery(q: MetricQuery): Json {
  return {
    Id: q.Id,
    ...(q.MetricStat
      ? {
          MetricStat: {
            Metric: {
              Namespace: q.MetricStat.Metric.Namespace,
              MetricName: q.MetricStat.Metric.MetricName,
              Dimensions: q.MetricStat.Metric.Dimensions,
            },
            Period: q.MetricStat.Period,
            Stat: q.MetricStat.Stat,
            ...(q.MetricStat.Unit ? { Unit: q.MetricStat.Unit } : {}),
          },
        }
      : {}),
    ...(q.Expression !== undefined ? { Expression: q.Expression } : {}),
    ...(q.Label !== undefined ? { Label: q.Label } : {}),
    ReturnData: q.ReturnData ?? true,
    ...(q.Period !== undefined ? { Period: q.Period } : {}),
  };
}

function renderCommon(a: AlarmRecord): Json {
  return {
    AlarmName: a.name,
    AlarmArn: a.arn,
    ...(a.description !== undefined ? { AlarmDescription: a.description } : {}),
    AlarmConfigurationUpdatedTimestamp: sec(a.configUpdated),
    ActionsEnabled: a.actionsEnabled,
    OKActions: a.okActions,
    AlarmActions: a.alarmActions,
    InsufficientDataActions: a.insufficientDataActions,
    StateValue: a.state,
    StateReason: a.stateReason,
    ...(a.stateReasonData !== undefined ? { StateReasonData: a.stateReasonData } : {}),
    StateUpdatedTimestamp: sec(a.stateUpdated),
    StateTransitionedTimestamp: sec(a.stateTransitioned),
  };
}

function renderAlarm(a: AlarmRecord): Json {
  if (a.kind === "composite") return { ...renderCommon(a), AlarmRule: a.rule };
  return {
    ...renderCommon(a),
    ...(a.metric ? { MetricName: a.metric.MetricName, Namespace: a.metric.Namespace } : {}),
    ...(a.statistic ? { Statistic: a.statistic } : {}),
    ...(a.extendedStatistic ? { ExtendedStatistic: a.extendedStatistic } : {}),
    Dimensions: a.metric ? a.metric.Dimensions : [],
    ...(a.metric ? { Period: a.period } : {}),
    ...(a.unit ? { Unit: a.unit } : {}),
    EvaluationPeriods: a.evaluationPeriods,
    ...(a.datapointsToAlarm !== undefined ? { DatapointsToAlarm: a.datapointsToAlarm } : {}),
    Threshold: a.threshold,
    ComparisonOperator: a.comparison,
    ...(a.treatMissingData ? { TreatMissingData: a.treatMissingData } : {}),
    Metrics: a.metrics ? a.metrics.map(renderQuery) : [],
  };
}

// ── Operations ────────────────────────────────────────────────────────────────────────────

const describeAlarms: Handler = (ctx) => {
  const { input } = ctx;
  const names = input.strList("AlarmNames", { max: 100 });
  const prefix = input.str("AlarmNamePrefix", { min: 1, max: 255 });
  const types = input.list("AlarmTypes", { max: 2 });
  const children = input.str("ChildrenOfAlarmName", { min: 1, max: 255 });
  const parents = input.str("ParentsOfAlarmName", { min: 1, max: 255 });
  const state = input.oneOf("StateValue", ALARM_STATES);
  const actionPrefix = input.str("ActionPrefix", { min: 1, max: 1024 });
  if (names && prefix)
    throw new SimError(
      "InvalidParameterCombinationException",
      "AlarmNames and AlarmNamePrefix are mutually exclusive.",
    );
  if ((children || parents) && (names || prefix || state || actionPrefix))
    throw new SimError(
      "InvalidParameterCombinationException",
      "ChildrenOfAlarmName and ParentsOfAlarmName cannot be combined with other filters.",
    );
  for (const t of types ?? [])
    if (typeof t !== "string" || !(ALARM_TYPES as readonly string[]).includes(t))
      throw validation(
        `The value ${String(t)} for parameter AlarmTypes is not one of CompositeAlarm, MetricAlarm.`,
      );
  // Without AlarmTypes, only metric alarms are returned (as AWS does).
  const wanted = new Set<string>((types as string[] | undefined) ?? ["MetricAlarm"]);
  const cw = world(ctx);
  let alarms = [...cw.alarms.values()];
  if (children) {
    const parent = cw.alarms.get(children);
    const named = new Set(parent?.kind === "composite" ? ruleAlarms(parent.parsed) : []);
    alarms = alarms.filter((a) => named.has(a.name));
  }
  if (parents)
    alarms = alarms.filter((a) => a.kind === "composite" && ruleAlarms(a.parsed).includes(parents));
  alarms = alarms
    .filter((a) => wanted.has(a.kind === "metric" ? "MetricAlarm" : "CompositeAlarm"))
    .filter((a) => !names || names.includes(a.name))
    .filter((a) => prefix === undefined || a.name.startsWith(prefix))
    .filter((a) => state === undefined || a.state === state)
    .filter(
      (a) =>
        actionPrefix === undefined ||
        [...a.alarmActions, ...a.okActions, ...a.insufficientDataActions].some((x) =>
          x.startsWith(actionPrefix),
        ),
    )
    .sort((a, b) =>
      a.kind !== b.kind ? (a.kind === "composite" ? 1 : -1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
  const { slice, next } = pageOf(alarms, input, 100, 50);
  return {
    MetricAlarms: slice.filter((a) => a.kind === "metric").map(renderAlarm),
    CompositeAlarms: slice.filter((a) => a.kind === "composite").map(renderAlarm),
    ...(next ? { NextToken: next } : {}),
  };
};

const describeAlarmHistory: Handler = (ctx) => {
  const { input } = ctx;
  const name = input.str("AlarmName", { min: 1, max: 255 });
  const types = input.list("AlarmTypes", { max: 2 }) as string[] | undefined;
  const itemType = input.oneOf("HistoryItemType", HISTORY_TYPES);
  const start = input.num("StartDate");
  const end = input.num("EndDate");
  const scanBy =
    input.oneOf("ScanBy", ["TimestampDescending", "TimestampAscending"] as const) ?? "TimestampDescending";
  const cw = world(ctx);
  const wanted = new Set<string>(types ?? ["MetricAlarm", "CompositeAlarm"]);
  const items = cw.history
    .filter((h) => name === undefined || h.alarmName === name)
    .filter((h) => wanted.has(h.alarmType))
    .filter((h) => itemType === undefined || h.type === itemType)
    .filter((h) => start === undefined || h.timestamp >= start * 1000)
    .filter((h) => end === undefined || h.timestamp <= end * 1000);
  if (scanBy === "TimestampDescending") items.reverse();
  const { slice, next } = pageOf(items, input, 100, 100);
  return {
    AlarmHistoryItems: slice.map((h) => ({
      AlarmName: h.alarmName,
      AlarmType: h.alarmType,
      Timestamp: sec(h.timestamp),
      HistoryItemType: h.type,
      HistorySummary: h.summary,
      HistoryData: h.data,
    })),
    ...(next ? { NextToken: next } : {}),
  };
};

const getMetricData: Handler = (ctx) => {
  const { input } = ctx;
  const raw = input.list("MetricDataQueries", { required: true, min: 1, max: 500 }) ?? [];
  const start = (input.num("StartTime", { required: true }) ?? 0) * 1000;
  const end = (input.num("EndTime", { required: true }) ?? 0) * 1000;
  const scanBy =
    input.oneOf("ScanBy", ["TimestampDescending", "TimestampAscending"] as const) ?? "TimestampDescending";
  const maxPoints = input.num("MaxDatapoints", { min: 1 }) ?? 100_800;
  const token = input.str("NextToken");
  if (end <= start) throw validation("The parameter StartTime must be less than the parameter EndTime.");
  const queries = readQueries(raw, "MetricDataQueries");
  const cw = world(ctx);
  const series = querySeries(cw.metrics, queries, start, end);
  const results = queries
    .filter((q) => q.ReturnData !== false)
    .map((q) => {
      const points = [...(series.get(q.Id) ?? new Map<number, number>())].sort((a, b) => a[0] - b[0]);
      if (scanBy === "TimestampDescending") points.reverse();
      return { q, points };
    });
  // Paging: a token says how many datapoints (over all results, in order) were returned before.
  const skip = token === undefined ? 0 : decodeToken(token, isOffset, badToken).offset;
  let seen = 0;
  let taken = 0;
  const out = results.map(({ q, points }) => {
    const from = Math.max(0, skip - seen);
    const room = Math.max(0, maxPoints - taken);
    const page = points.slice(from, from + room);
    seen += points.length;
    taken += page.length;
    return {
      Id: q.Id,
      Label: q.Label ?? q.MetricStat?.Metric.MetricName ?? q.Id,
      Timestamps: page.map(([t]) => sec(t)),
      Values: page.map(([, v]) => v),
      StatusCode: "Complete",
    };
  });
  const more = skip + taken < seen;
  return {
    MetricDataResults: out,
    Messages: [],
    ...(more ? { NextToken: encodeToken({ offset: skip + taken }) } : {}),
  };
};

const putMetricAlarm: Handler = (ctx) => {
  const { input, clock } = ctx;
  const name = input.str("AlarmName", { required: true, min: 1, max: 255 })!;
  const description = input.str("AlarmDescription", { max: 1024 });
  const actionsEnabled = input.bool("ActionsEnabled") ?? true;
  const metricName = input.str("MetricName", { min: 1, max: 255 });
  const namespace = input.str("Namespace", { min: 1, max: 255 });
  const stat = input.oneOf("Statistic", ["SampleCount", "Average", "Sum", "Minimum", "Maximum"] as const);
  const extended = input.str("ExtendedStatistic");
  const dimensions = readDimensions(input.body.Dimensions, "Dimensions");
  const period = input.num("Period", { min: 1 });
  const unit = input.oneOf("Unit", UNITS);
  const evaluationPeriods = input.num("EvaluationPeriods", { min: 1 });
  const datapointsToAlarm = input.num("DatapointsToAlarm", { min: 1 });
  const threshold = input.num("Threshold");
  const comparison = input.str("ComparisonOperator");
  const treat = input.str("TreatMissingData", { min: 1, max: 255 });
  const rawMetrics = input.list("Metrics");
  if (evaluationPeriods === undefined)
    throw new SimError("MissingRequiredParameterException", "The parameter EvaluationPeriods is required.");
  if (comparison === undefined)
    throw new SimError("MissingRequiredParameterException", "The parameter ComparisonOperator is required.");
  if (!COMPARISONS[comparison])
    throw validation(
      `The value ${comparison} for parameter ComparisonOperator is not supported by the simulator (anomaly detection is not simulated).`,
    );
  if (threshold === undefined)
    throw validation("Threshold must be specified for a comparison operator of " + comparison + ".");
  if (treat !== undefined && !TREAT_MISSING.includes(treat))
    throw validation(
      `The value ${treat} for parameter TreatMissingData is not one of ${TREAT_MISSING.join(", ")}.`,
    );
  if (datapointsToAlarm !== undefined && datapointsToAlarm > evaluationPeriods)
    throw validation("DatapointsToAlarm must be less than or equal to EvaluationPeriods.");
  let metrics: MetricQuery[] | undefined;
  if (rawMetrics) {
    if (metricName || namespace || stat || extended || period !== undefined || dimensions.length > 0)
      throw new SimError(
        "InvalidParameterCombinationException",
        "Metrics cannot be combined with MetricName, Namespace, Statistic, ExtendedStatistic, Dimensions or Period.",
      );
    metrics = readQueries(rawMetrics, "Metrics");
    if (metrics.filter((q) => q.ReturnData !== false).length !== 1)
      throw validation("Exactly one element of the metrics list should return data.");
  } else {
    if (!metricName || !namespace)
      throw new SimError(
        "MissingRequiredParameterException",
        "The parameters MetricName and Namespace are required.",
      );
    if (!stat === !extended)
      throw new SimError(
        "InvalidParameterCombinationException",
        "Exactly one of Statistic and ExtendedStatistic must be specified.",
      );
    if (period === undefined)
      throw new SimError("MissingRequiredParameterException", "The parameter Period is required.");
    checkPeriod(period, "Period");
    if (extended !== undefined && !isStat(extended))
      throw validation(`The value ${extended} for parameter ExtendedStatistic is not valid.`);
  }
  const alarmPeriod = metrics
    ? (metrics.find((q) => q.ReturnData !== false)?.Period ??
      metrics.find((q) => q.MetricStat)?.MetricStat?.Period ??
      60)
    : period!;
  const cw = world(ctx);
  const now = clock.now();
  const existing = cw.alarms.get(name);
  if (existing?.kind === "composite") throw validation(`The alarm ${name} is a composite alarm.`);
  const alarm = existing ?? {
    kind: "metric" as const,
    name,
    arn: cw.alarmArn(name),
    state: "INSUFFICIENT_DATA" as const,
    stateReason: "Unchecked: Initial alarm creation",
    stateReasonData: "{}",
    stateUpdated: now,
    stateTransitioned: now,
    timeline: [{ at: now, state: "INSUFFICIENT_DATA" as const }],
    evaluatedUntil: now,
    actionsEnabled,
    okActions: [],
    alarmActions: [],
    insufficientDataActions: [],
    configUpdated: now,
    period: alarmPeriod,
    evaluationPeriods,
    threshold,
    comparison,
  };
  Object.assign(alarm, {
    description,
    actionsEnabled,
    okActions: actionList(input, "OKActions"),
    alarmActions: actionList(input, "AlarmActions"),
    insufficientDataActions: actionList(input, "InsufficientDataActions"),
    configUpdated: now,
    metric: metrics ? undefined : { Namespace: namespace!, MetricName: metricName!, Dimensions: dimensions },
    statistic: stat,
    extendedStatistic: extended,
    period: alarmPeriod,
    unit,
    metrics,
    evaluationPeriods,
    datapointsToAlarm,
    threshold,
    comparison,
    treatMissingData: treat,
  });
  for (const key of Object.keys(alarm) as (keyof typeof alarm)[])
    if (alarm[key] === undefined) delete alarm[key];
  cw.alarms.set(name, alarm);
  cw.record({
    alarmName: name,
    alarmType: "MetricAlarm",
    timestamp: now,
    type: "ConfigurationUpdate",
    summary: `Alarm "${name}" ${existing ? "updated" : "created"}`,
    data: JSON.stringify({
      version: "1.0",
      type: existing ? "Update" : "Create",
      updatedAlarm: renderAlarm(alarm),
    }),
  });
  return undefined;
};

const putCompositeAlarm: Handler = (ctx) => {
  const { input, clock } = ctx;
  const name = input.str("AlarmName", { required: true, min: 1, max: 255 })!;
  const rule = input.str("AlarmRule", { required: true, min: 1, max: 10240 })!;
  const cw = world(ctx);
  const existing = cw.alarms.get(name);
  if (existing?.kind === "metric") throw validation(`The alarm ${name} is a metric alarm.`);
  const parsed = cw.checkRule(name, rule);
  const now = clock.now();
  const alarm = existing ?? {
    kind: "composite" as const,
    name,
    arn: cw.alarmArn(name),
    state: "INSUFFICIENT_DATA" as const,
    stateReason: "Unchecked: Initial alarm creation",
    stateUpdated: now,
    stateTransitioned: now,
    timeline: [],
    evaluatedUntil: now,
    actionsEnabled: true,
    okActions: [],
    alarmActions: [],
    insufficientDataActions: [],
    configUpdated: now,
    rule,
    parsed,
  };
  const description = input.str("AlarmDescription", { max: 1024 });
  Object.assign(alarm, {
    rule,
    parsed,
    actionsEnabled: input.bool("ActionsEnabled") ?? true,
    okActions: actionList(input, "OKActions"),
    alarmActions: actionList(input, "AlarmActions"),
    insufficientDataActions: actionList(input, "InsufficientDataActions"),
    configUpdated: now,
    timeline: [],
  });
  if (description !== undefined) alarm.description = description;
  else delete alarm.description;
  cw.alarms.set(name, alarm);
  cw.record({
    alarmName: name,
    alarmType: "CompositeAlarm",
    timestamp: now,
    type: "ConfigurationUpdate",
    summary: `Alarm "${name}" ${existing ? "updated" : "created"}`,
    data: JSON.stringify({
      version: "1.0",
      type: existing ? "Update" : "Create",
      updatedAlarm: renderAlarm(alarm),
    }),
  });
  cw.evaluateUntil(now);
  return undefined;
};

const setAlarmState: Handler = (ctx) => {
  const { input, clock } = ctx;
  const name = input.str("AlarmName", { required: true, min: 1, max: 255 })!;
  const state = input.oneOf("StateValue", ALARM_STATES, { required: true })!;
  const reason = input.str("StateReason", { required: true, max: 1023 })!;
  const data = input.str("StateReasonData", { max: 4000 });
  if (data !== undefined) {
    try {
      JSON.parse(data);
    } catch {
      throw new SimError("InvalidFormatFault", "StateReasonData is not valid JSON.");
    }
  }
  const cw = world(ctx);
  const alarm = cw.alarms.get(name);
  if (!alarm) throw new SimError("ResourceNotFound", `Alarm ${name} not found`, 404);
  cw.transition(alarm, state, reason, clock.now(), data);
  return undefined;
};

const putMetricData: Handler = (ctx) => {
  const { input, clock } = ctx;
  const namespace = input.str("Namespace", { required: true, min: 1, max: 255 })!;
  if (namespace.startsWith("AWS/"))
    throw new SimError(
      "InvalidParameterValueException",
      `The value ${namespace} for parameter Namespace is invalid.`,
    );
  const data = input.list("MetricData", { max: 1000 }) ?? [];
  if (data.length === 0)
    throw new SimError("MissingRequiredParameterException", "The parameter MetricData is required.");
  const cw = cloudwatchOf(ctx.region, clock.now(), clock.speed);
  data.forEach((raw, i) => {
    const d = (raw ?? {}) as Record<string, unknown>;
    const at = `MetricData.member.${i + 1}`;
    if (typeof d.MetricName !== "string" || d.MetricName === "")
      throw new SimError("MissingRequiredParameterException", `The parameter ${at}.MetricName is required.`);
    const id: MetricId = {
      Namespace: namespace,
      MetricName: d.MetricName,
      Dimensions: readDimensions(d.Dimensions, `${at}.Dimensions`),
    };
    const t = typeof d.Timestamp === "number" ? d.Timestamp * 1000 : clock.now();
    const unit = typeof d.Unit === "string" ? d.Unit : undefined;
    const sv = d.StatisticValues as
      { SampleCount?: number; Sum?: number; Minimum?: number; Maximum?: number } | undefined;
    if (sv) {
      if ([sv.SampleCount, sv.Sum, sv.Minimum, sv.Maximum].some((v) => typeof v !== "number"))
        throw new SimError(
          "MissingRequiredParameterException",
          `${at}.StatisticValues needs SampleCount, Sum, Minimum and Maximum.`,
        );
      cw.metrics.put(
        id,
        {
          t,
          value: sv.Sum! / sv.SampleCount!,
          count: sv.SampleCount!,
          sum: sv.Sum!,
          min: sv.Minimum!,
          max: sv.Maximum!,
        },
        unit,
      );
    } else if (Array.isArray(d.Values)) {
      const counts = Array.isArray(d.Counts) ? (d.Counts as number[]) : [];
      (d.Values as number[]).forEach((v, j) => {
        const count = counts[j] ?? 1;
        cw.metrics.put(id, { t, value: v, count, sum: v * count, min: v, max: v }, unit);
      });
    } else if (typeof d.Value === "number") {
      cw.metrics.put(id, { t, value: d.Value }, unit);
    } else {
      throw new SimError(
        "MissingRequiredParameterException",
        `${at} needs a Value, Values or StatisticValues.`,
      );
    }
  });
  return undefined;
};

const deleteAlarms: Handler = (ctx) => {
  const names = ctx.input.strList("AlarmNames", { required: true, max: 100 })!;
  const cw = world(ctx);
  const missing = names.filter((n) => !cw.alarms.has(n));
  if (missing.length > 0) throw new SimError("ResourceNotFound", `${missing.join(", ")} not found`, 404);
  for (const n of names) cw.alarms.delete(n);
  return undefined;
};

function setActions(enabled: boolean): Handler {
  return (ctx) => {
    const names = ctx.input.strList("AlarmNames", { required: true, max: 100 })!;
    const cw = world(ctx);
    for (const n of names) {
      const alarm = cw.alarms.get(n);
      if (alarm) alarm.actionsEnabled = enabled;
    }
    return undefined;
  };
}

export const cloudwatchOps: Record<string, Handler> = {
  DescribeAlarms: describeAlarms,
  DescribeAlarmHistory: describeAlarmHistory,
  GetMetricData: getMetricData,
  PutMetricAlarm: putMetricAlarm,
  PutCompositeAlarm: putCompositeAlarm,
  SetAlarmState: setAlarmState,
  PutMetricData: putMetricData,
  DeleteAlarms: deleteAlarms,
  EnableAlarmActions: setActions(true),
  DisableAlarmActions: setActions(false),
};
