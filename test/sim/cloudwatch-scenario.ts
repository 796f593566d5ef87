// The `cloudwatch` part of a scenario: generated metrics, metric and composite alarms (created
// `historyMinutes` ago, so their past states and history are there when the simulator starts),
// and application log groups written to continuously. Alarms are created through the same
// handlers as PutMetricAlarm / PutCompositeAlarm, so a scenario is checked like a request.
import type { Clock } from "./clock";
import { cloudwatchOps } from "./cloudwatch-api";
import { cloudwatchOf } from "./cloudwatch-alarms";
import type { MetricPattern } from "./cloudwatch-metrics";
import type { BuildEngine } from "./engine";
import { SimError } from "./errors";
import { Input } from "./input";
import { startAppLogs, type AppLogGroupSpec } from "./logs-app-writer";
import type { PipelineEngine } from "./pipeline-engine";
import type { Json, World } from "./state";

export interface CloudWatchMetricSpec {
  namespace: string;
  metricName: string;
  dimensions?: Record<string, string>;
  unit?: string;
  pattern: MetricPattern;
}

export interface CloudWatchAlarmSpec {
  name: string;
  description?: string;
  namespace?: string;
  metricName?: string;
  dimensions?: Record<string, string>;
  /** SampleCount | Average | Sum | Minimum | Maximum, or a percentile (p99). Default Average. */
  statistic?: string;
  /** Seconds. Default 60. */
  period?: number;
  /** Default 1. */
  evaluationPeriods?: number;
  datapointsToAlarm?: number;
  threshold: number;
  /** Default GreaterThanThreshold. */
  comparison?: string;
  treatMissingData?: string;
  /** Metric math instead of one metric (PutMetricAlarm's `Metrics`). */
  metrics?: Json[];
  actionsEnabled?: boolean;
  alarmActions?: string[];
  okActions?: string[];
}

export interface CloudWatchCompositeSpec {
  name: string;
  description?: string;
  rule: string;
  actionsEnabled?: boolean;
  alarmActions?: string[];
}

export interface CloudWatchScenario {
  /** How long ago the alarms were created (their history starts then). Default 180 minutes. */
  historyMinutes?: number;
  metrics?: CloudWatchMetricSpec[];
  alarms?: CloudWatchAlarmSpec[];
  compositeAlarms?: CloudWatchCompositeSpec[];
  logGroups?: AppLogGroupSpec[];
}

const dims = (d: Record<string, string> | undefined) =>
  Object.entries(d ?? {}).map(([Name, Value]) => ({ Name, Value }));

function fail(where: string, what: string): never {
  throw new Error(`invalid scenario ${where}: cloudwatch: ${what}`);
}

/** Checks the shape; the alarms themselves are checked by the handlers when seeded. */
export function validateCloudWatch(spec: unknown, where: string): void {
  if (spec === undefined) return;
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) fail(where, "must be an object");
  const s = spec as CloudWatchScenario;
  for (const key of ["metrics", "alarms", "compositeAlarms", "logGroups"] as const)
    if (s[key] !== undefined && !Array.isArray(s[key])) fail(where, `${key} must be an array`);
  for (const m of s.metrics ?? [])
    if (!m?.namespace || !m.metricName || typeof m.pattern?.base !== "number")
      fail(where, "every metric needs namespace, metricName and pattern.base");
  for (const a of s.alarms ?? [])
    if (!a?.name || typeof a.threshold !== "number") fail(where, "every alarm needs a name and a threshold");
  for (const c of s.compositeAlarms ?? [])
    if (!c?.name || !c.rule) fail(where, "every composite alarm needs a name and a rule");
  for (const g of s.logGroups ?? []) if (!g?.name) fail(where, "every log group needs a name");
}

/** Loads the `cloudwatch` part of a scenario into `regionName`. */
export function seedCloudWatch(
  world: World,
  regionName: string,
  engine: BuildEngine,
  pipelines: PipelineEngine,
  spec: CloudWatchScenario | undefined,
  now: number,
): void {
  if (!spec) return;
  const region = world.region(regionName);
  const clock: Clock = engine.clock;
  const cw = cloudwatchOf(region, now, clock.speed);
  for (const m of spec.metrics ?? []) {
    const series = cw.metrics.ensure({
      Namespace: m.namespace,
      MetricName: m.metricName,
      Dimensions: dims(m.dimensions),
    });
    series.pattern = m.pattern;
    if (m.unit) series.unit = m.unit;
  }
  const created = now - (spec.historyMinutes ?? 180) * 60_000;
  // The handlers take "now" from the clock: here, the time the alarms were created.
  const then = { now: () => created, speed: clock.speed } as Clock;
  const run = (op: string, body: Json) => {
    try {
      cloudwatchOps[op]!({
        region,
        world,
        input: new Input(body, "cloudwatch"),
        clock: then,
        engine,
        pipelines,
      });
    } catch (e) {
      throw new Error(
        `invalid scenario: cloudwatch: ${op} ${String(body.AlarmName)}: ${e instanceof SimError ? e.message : String(e)}`,
        { cause: e },
      );
    }
  };
  for (const a of spec.alarms ?? []) {
    run("PutMetricAlarm", {
      AlarmName: a.name,
      ...(a.description ? { AlarmDescription: a.description } : {}),
      ActionsEnabled: a.actionsEnabled ?? true,
      AlarmActions: a.alarmActions ?? [],
      OKActions: a.okActions ?? [],
      ...(a.metrics
        ? { Metrics: a.metrics }
        : {
            Namespace: a.namespace,
            MetricName: a.metricName,
            Dimensions: dims(a.dimensions),
            ...(/^p\d/.test(a.statistic ?? "")
              ? { ExtendedStatistic: a.statistic }
              : { Statistic: a.statistic ?? "Average" }),
            Period: a.period ?? 60,
          }),
      EvaluationPeriods: a.evaluationPeriods ?? 1,
      ...(a.datapointsToAlarm !== undefined ? { DatapointsToAlarm: a.datapointsToAlarm } : {}),
      Threshold: a.threshold,
      ComparisonOperator: a.comparison ?? "GreaterThanThreshold",
      ...(a.treatMissingData ? { TreatMissingData: a.treatMissingData } : {}),
    });
  }
  for (const c of spec.compositeAlarms ?? []) {
    run("PutCompositeAlarm", {
      AlarmName: c.name,
      AlarmRule: c.rule,
      ...(c.description ? { AlarmDescription: c.description } : {}),
      ActionsEnabled: c.actionsEnabled ?? true,
      AlarmActions: c.alarmActions ?? [],
    });
  }
  cw.evaluateUntil(now);
  for (const g of spec.logGroups ?? []) startAppLogs(region, clock, g, now);
}
