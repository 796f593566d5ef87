import type {
  CompositeAlarm as SdkCompositeAlarm,
  MetricAlarm as SdkMetricAlarm,
  MetricDataQuery as SdkQuery,
} from "@aws-sdk/client-cloudwatch";
import type { ClientsSource } from "../aws/clients";
import { historyTransition } from "./model/history";
import type {
  Alarm,
  AlarmHistoryItem,
  AlarmQuery,
  AlarmState,
  CloudWatchApi,
  MetricAlarm,
  MetricQuery,
  MetricRef,
  MetricSeries,
} from "./model/types";

/** DescribeAlarms and DescribeAlarmHistory answer at most 100 records a page. */
const PAGE = 100;

function state(value: string | undefined): AlarmState {
  return value === "ALARM" || value === "OK" ? value : "INSUFFICIENT_DATA";
}

function metricRef(m: {
  Namespace?: string;
  MetricName?: string;
  Dimensions?: { Name?: string; Value?: string }[];
}): MetricRef | undefined {
  if (!m.Namespace || !m.MetricName) return undefined;
  return {
    namespace: m.Namespace,
    metricName: m.MetricName,
    dimensions: (m.Dimensions ?? []).map((d) => ({ name: d.Name ?? "", value: d.Value ?? "" })),
  };
}

function toQuery(q: SdkQuery): MetricQuery {
  const metric = q.MetricStat?.Metric ? metricRef(q.MetricStat.Metric) : undefined;
  return {
    id: q.Id ?? "",
    ...(metric && q.MetricStat
      ? {
          metricStat: {
            metric,
            period: q.MetricStat.Period ?? 60,
            stat: q.MetricStat.Stat ?? "Average",
            ...(q.MetricStat.Unit ? { unit: q.MetricStat.Unit } : {}),
          },
        }
      : {}),
    ...(q.Expression !== undefined ? { expression: q.Expression } : {}),
    ...(q.Label !== undefined ? { label: q.Label } : {}),
    returnData: q.ReturnData ?? true,
    ...(q.Period !== undefined ? { period: q.Period } : {}),
  };
}

function fromQuery(q: MetricQuery): SdkQuery {
  return {
    Id: q.id,
    ...(q.metricStat
      ? {
          MetricStat: {
            Metric: {
              Namespace: q.metricStat.metric.namespace,
              MetricName: q.metricStat.metric.metricName,
              Dimensions: q.metricStat.metric.dimensions.map((d) => ({ Name: d.name, Value: d.value })),
            },
            Period: q.metricStat.period,
            Stat: q.metricStat.stat,
          },
        }
      : {}),
    ...(q.expression !== undefined ? { Expression: q.expression } : {}),
    ...(q.label !== undefined ? { Label: q.label } : {}),
    ReturnData: q.returnData,
    ...(q.period !== undefined ? { Period: q.period } : {}),
  };
}

function common(a: SdkMetricAlarm | SdkCompositeAlarm) {
  return {
    name: a.AlarmName ?? "",
    ...(a.AlarmArn ? { arn: a.AlarmArn } : {}),
    ...(a.AlarmDescription ? { description: a.AlarmDescription } : {}),
    state: state(a.StateValue),
    ...(a.StateReason ? { stateReason: a.StateReason } : {}),
    ...((a.StateTransitionedTimestamp ?? a.StateUpdatedTimestamp)
      ? { stateChanged: a.StateTransitionedTimestamp ?? a.StateUpdatedTimestamp }
      : {}),
    actionsEnabled: a.ActionsEnabled ?? false,
    alarmActions: a.AlarmActions ?? [],
    okActions: a.OKActions ?? [],
    insufficientDataActions: a.InsufficientDataActions ?? [],
  };
}

export function toMetricAlarm(a: SdkMetricAlarm): MetricAlarm {
  const metric = metricRef(a);
  return {
    kind: "metric",
    ...common(a),
    ...(metric ? { metric } : {}),
    ...((a.Statistic ?? a.ExtendedStatistic) ? { statistic: a.Statistic ?? a.ExtendedStatistic } : {}),
    ...(a.Period !== undefined ? { period: a.Period } : {}),
    ...(a.Unit ? { unit: a.Unit } : {}),
    ...(a.Metrics?.length ? { queries: a.Metrics.map(toQuery) } : {}),
    evaluationPeriods: a.EvaluationPeriods ?? 1,
    ...(a.DatapointsToAlarm !== undefined ? { datapointsToAlarm: a.DatapointsToAlarm } : {}),
    ...(a.Threshold !== undefined ? { threshold: a.Threshold } : {}),
    comparison: a.ComparisonOperator ?? "",
    ...(a.TreatMissingData ? { treatMissingData: a.TreatMissingData } : {}),
  };
}

/** CloudWatch through the SDK v3 client: paged alarm listings, history and the metric behind an alarm. */
export class CloudWatchGateway implements CloudWatchApi {
  constructor(private readonly clients: ClientsSource) {}

  private async sdk() {
    const [sdk, clients] = await Promise.all([import("./sdk.lazy.js"), this.clients()]);
    const client = await clients.client("cloudwatch", (config) => new sdk.CloudWatchClient(config));
    return { client, sdk };
  }

  async describeAlarms(query: AlarmQuery, signal: AbortSignal): Promise<Alarm[]> {
    const { client, sdk } = await this.sdk();
    const out: Alarm[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new sdk.DescribeAlarmsCommand({
          AlarmTypes: ["MetricAlarm", "CompositeAlarm"],
          AlarmNamePrefix: query.prefix || undefined,
          AlarmNames: query.names ? [...query.names] : undefined,
          MaxRecords: PAGE,
          NextToken: nextToken,
        }),
        { abortSignal: signal },
      );
      for (const a of page.MetricAlarms ?? []) if (a.AlarmName) out.push(toMetricAlarm(a));
      for (const a of page.CompositeAlarms ?? [])
        if (a.AlarmName) out.push({ kind: "composite", ...common(a), rule: a.AlarmRule ?? "" });
      nextToken = page.NextToken;
    } while (nextToken);
    return out;
  }

  async alarmHistory(
    name: string,
    since: Date,
    max: number,
    signal: AbortSignal,
  ): Promise<AlarmHistoryItem[]> {
    const { client, sdk } = await this.sdk();
    const out: AlarmHistoryItem[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new sdk.DescribeAlarmHistoryCommand({
          AlarmName: name,
          AlarmTypes: ["MetricAlarm", "CompositeAlarm"],
          StartDate: since,
          ScanBy: "TimestampDescending",
          MaxRecords: PAGE,
          NextToken: nextToken,
        }),
        { abortSignal: signal },
      );
      for (const item of page.AlarmHistoryItems ?? []) {
        if (!item.Timestamp) continue;
        out.push({
          timestamp: item.Timestamp,
          type: item.HistoryItemType ?? "",
          summary: item.HistorySummary ?? "",
          ...(item.HistoryItemType === "StateUpdate" ? historyTransition(item.HistoryData) : {}),
        });
      }
      nextToken = page.NextToken;
    } while (nextToken && out.length < max);
    return out.slice(0, max);
  }

  async metricData(alarm: MetricAlarm, start: Date, end: Date, signal: AbortSignal): Promise<MetricSeries> {
    const { client, sdk } = await this.sdk();
    const queries: SdkQuery[] = alarm.queries
      ? alarm.queries.map(fromQuery)
      : alarm.metric
        ? [
            fromQuery({
              id: "m1",
              metricStat: {
                metric: alarm.metric,
                period: alarm.period ?? 60,
                stat: alarm.statistic ?? "Average",
              },
              returnData: true,
            }),
          ]
        : [];
    if (queries.length === 0) return { label: alarm.name, points: [] };
    const points = new Map<number, number>();
    let label = alarm.metric?.metricName ?? alarm.name;
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new sdk.GetMetricDataCommand({
          MetricDataQueries: queries,
          StartTime: start,
          EndTime: end,
          ScanBy: "TimestampAscending",
          NextToken: nextToken,
        }),
        { abortSignal: signal },
      );
      const result = page.MetricDataResults?.[0];
      if (result?.Label) label = result.Label;
      (result?.Timestamps ?? []).forEach((t, i) => {
        const v = result?.Values?.[i];
        if (v !== undefined) points.set(t.getTime(), v);
      });
      nextToken = page.NextToken;
    } while (nextToken);
    return { label, points: [...points].sort((a, b) => a[0] - b[0]).map(([t, v]) => ({ t, v })) };
  }
}
