import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { alarmsSummary, groupByState } from "../../../src/cloudwatch/model/alarmGroups";
import {
  comparisonSymbol,
  conditionText,
  evaluationText,
  numberText,
  periodText,
} from "../../../src/cloudwatch/model/alarmText";
import { aCompositeAlarm, aMetricAlarm } from "./builders";

describe("how an alarm reads in the tree", () => {
  it("a metric alarm: statistic, metric, comparison and threshold", () => {
    assert.equal(conditionText(aMetricAlarm()), "Sum HTTPCode_Target_5XX_Count > 10");
    assert.equal(
      conditionText(
        aMetricAlarm({ comparison: "LessThanOrEqualToThreshold", threshold: 0.1 + 0.2, statistic: "p99" }),
      ),
      "p99 HTTPCode_Target_5XX_Count ≤ 0.3",
    );
  });

  it("a metric-math alarm: the label, else the expression, of the query that returns data", () => {
    const queries = [
      {
        id: "e",
        returnData: false,
        metricStat: {
          metric: { namespace: "N", metricName: "Errors", dimensions: [] },
          period: 60,
          stat: "Sum",
        },
      },
      { id: "rate", returnData: true, expression: "e / 6" },
    ];
    assert.equal(conditionText(aMetricAlarm({ metric: undefined, queries, threshold: 4 })), "e / 6 > 4");
    assert.equal(
      conditionText(
        aMetricAlarm({
          metric: undefined,
          queries: [queries[0]!, { ...queries[1]!, label: "errors per 100" }],
          threshold: 4,
        }),
      ),
      "errors per 100 > 4",
    );
  });

  it("a composite alarm: its rule", () => {
    assert.match(conditionText(aCompositeAlarm()), /^ALARM\("api-5xx"\) OR/);
  });

  it("how long it must hold, and periods in people's units", () => {
    assert.equal(evaluationText(aMetricAlarm()), "for 1 datapoint of 1 min");
    assert.equal(
      evaluationText(aMetricAlarm({ evaluationPeriods: 3, datapointsToAlarm: 2, period: 300 })),
      "for 2 of 3 datapoints of 5 min",
    );
    assert.deepEqual([10, 60, 300, 3600, 90].map(periodText), ["10 s", "1 min", "5 min", "1 h", "90 s"]);
    assert.equal(numberText(1.5000000001), "1.5");
    assert.equal(comparisonSymbol("LessThanLowerOrGreaterThanUpperThreshold"), "outside the band");
  });

  it("groups: ALARM first, then INSUFFICIENT_DATA, then OK, by name within each; the root's summary", () => {
    const alarms = [
      aMetricAlarm({ name: "b", state: "OK" }),
      aMetricAlarm({ name: "z", state: "ALARM" }),
      aMetricAlarm({ name: "a", state: "OK" }),
      aMetricAlarm({ name: "m", state: "INSUFFICIENT_DATA" }),
    ];
    assert.deepEqual(
      groupByState(alarms).map((g) => [g.state, g.alarms.map((a) => a.name)]),
      [
        ["ALARM", ["z"]],
        ["INSUFFICIENT_DATA", ["m"]],
        ["OK", ["a", "b"]],
      ],
    );
    assert.equal(alarmsSummary(alarms), "1 in alarm");
    assert.equal(alarmsSummary(alarms.filter((a) => a.state !== "ALARM")), "none in alarm, 1 without data");
    assert.equal(alarmsSummary(alarms.filter((a) => a.state === "OK")), "all OK");
    assert.equal(alarmsSummary([]), "no alarms");
  });
});
