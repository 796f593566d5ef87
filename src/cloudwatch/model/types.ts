/** CloudWatch alarms and metrics as the extension uses them, independent of the SDK's shapes. */

export type AlarmState = "ALARM" | "INSUFFICIENT_DATA" | "OK";

export const ALARM_STATES: readonly AlarmState[] = ["ALARM", "INSUFFICIENT_DATA", "OK"];

export interface Dimension {
  readonly name: string;
  readonly value: string;
}

export interface MetricRef {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: readonly Dimension[];
}

/** One query of a metric-math alarm (PutMetricAlarm's `Metrics`). */
export interface MetricQuery {
  readonly id: string;
  readonly metricStat?: {
    readonly metric: MetricRef;
    readonly period: number;
    readonly stat: string;
    readonly unit?: string;
  };
  readonly expression?: string;
  readonly label?: string;
  readonly returnData: boolean;
  readonly period?: number;
}

interface AlarmCommon {
  readonly name: string;
  readonly arn?: string;
  readonly description?: string;
  readonly state: AlarmState;
  readonly stateReason?: string;
  /** When the state last changed (StateTransitionedTimestamp, else StateUpdatedTimestamp). */
  readonly stateChanged?: Date;
  readonly actionsEnabled: boolean;
  readonly alarmActions: readonly string[];
  readonly okActions: readonly string[];
  readonly insufficientDataActions: readonly string[];
}

export interface MetricAlarm extends AlarmCommon {
  readonly kind: "metric";
  readonly metric?: MetricRef;
  readonly statistic?: string;
  readonly period?: number;
  readonly unit?: string;
  readonly queries?: readonly MetricQuery[];
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm?: number;
  readonly threshold?: number;
  readonly comparison: string;
  readonly treatMissingData?: string;
}

export interface CompositeAlarm extends AlarmCommon {
  readonly kind: "composite";
  readonly rule: string;
}

export type Alarm = MetricAlarm | CompositeAlarm;

/** One entry of an alarm's history (DescribeAlarmHistory). */
export interface AlarmHistoryItem {
  readonly timestamp: Date;
  readonly type: string;
  readonly summary: string;
  /** For a StateUpdate: the states it moved between (read from HistoryData). */
  readonly from?: AlarmState;
  readonly to?: AlarmState;
}

export interface MetricPoint {
  /** Epoch milliseconds. */
  readonly t: number;
  readonly v: number;
}

export interface MetricSeries {
  readonly label: string;
  readonly points: readonly MetricPoint[];
}

/** Which alarms one DescribeAlarms walk asks for. */
export interface AlarmQuery {
  readonly prefix?: string;
  /** At most 100 (DescribeAlarms' limit); callers split longer lists. */
  readonly names?: readonly string[];
}

/** What the extension needs from CloudWatch. Every call can be aborted. */
export interface CloudWatchApi {
  /** Metric and composite alarms, every page. */
  describeAlarms(query: AlarmQuery, signal: AbortSignal): Promise<Alarm[]>;
  /** The alarm's history since `since`, newest first, at most `max` items. */
  alarmHistory(name: string, since: Date, max: number, signal: AbortSignal): Promise<AlarmHistoryItem[]>;
  /** The data the alarm evaluates, from `start` to `end`, oldest first. */
  metricData(alarm: MetricAlarm, start: Date, end: Date, signal: AbortSignal): Promise<MetricSeries>;
}
