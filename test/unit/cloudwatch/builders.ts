import type { Alarm, CompositeAlarm, MetricAlarm } from "../../../src/cloudwatch/model/types";

/** A metric alarm as DescribeAlarms would describe it; override what the test is about. */
export function aMetricAlarm(overrides: Partial<MetricAlarm> = {}): MetricAlarm {
  return {
    kind: "metric",
    name: "api-5xx",
    state: "OK",
    stateReason:
      "Threshold Crossed: 1 datapoint [2.0 (02/12/26 10:00:00)] was not greater than the threshold (10.0).",
    stateChanged: new Date("2026-12-02T10:00:00Z"),
    actionsEnabled: true,
    alarmActions: ["arn:aws:sns:us-east-1:123456789012:ops"],
    okActions: [],
    insufficientDataActions: [],
    metric: {
      namespace: "AWS/ApplicationELB",
      metricName: "HTTPCode_Target_5XX_Count",
      dimensions: [{ name: "LoadBalancer", value: "app/api/123" }],
    },
    statistic: "Sum",
    period: 60,
    evaluationPeriods: 1,
    threshold: 10,
    comparison: "GreaterThanThreshold",
    ...overrides,
  };
}

export function aCompositeAlarm(overrides: Partial<CompositeAlarm> = {}): CompositeAlarm {
  return {
    kind: "composite",
    name: "api-health",
    state: "OK",
    stateChanged: new Date("2026-12-02T10:00:00Z"),
    actionsEnabled: true,
    alarmActions: [],
    okActions: [],
    insufficientDataActions: [],
    rule: 'ALARM("api-5xx") OR ALARM(arn:aws:cloudwatch:us-east-1:123456789012:alarm:api-latency)',
    ...overrides,
  };
}

/** The same alarm later: another state, changed at `at`. */
export function moved<T extends Alarm>(alarm: T, state: Alarm["state"], at: string): T {
  return { ...alarm, state, stateChanged: new Date(at) };
}
