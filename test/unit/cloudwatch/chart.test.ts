import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  alarmDetails,
  niceTicks,
  ruleAlarmNames,
  stateBands,
  timeTicks,
} from "../../../src/cloudwatch/model/chart";
import type { AlarmHistoryItem } from "../../../src/cloudwatch/model/types";
import { aCompositeAlarm, aMetricAlarm } from "./builders";

const t = (iso: string) => new Date(iso).getTime();
const range = { start: t("2026-12-02T07:00:00Z"), end: t("2026-12-02T10:00:00Z") };
const change = (
  iso: string,
  from: AlarmHistoryItem["from"],
  to: AlarmHistoryItem["to"],
): AlarmHistoryItem => ({
  timestamp: new Date(iso),
  type: "StateUpdate",
  summary: `Alarm updated from ${from} to ${to}`,
  ...(from ? { from } : {}),
  ...(to ? { to } : {}),
});

describe("the alarm details panel's chart", () => {
  it("draws the data and the threshold on one scale, from zero, with room above", () => {
    const series = {
      label: "5XX",
      points: [
        { t: range.start + 60_000, v: 3 },
        { t: range.start + 120_000, v: 38 },
      ],
    };
    const d = alarmDetails(aMetricAlarm(), series, [], range, () => undefined);
    assert.equal(d.chart?.threshold, 10);
    assert.equal(d.chart?.comparison, ">");
    assert.equal(d.chart?.yMin, 0);
    assert.ok((d.chart?.yMax ?? 0) > 38);
    assert.deepEqual(d.chart?.yTicks, [0, 10, 20, 30, 40]);
  });

  it("a threshold far above quiet data is still on the chart", () => {
    const series = { label: "x", points: [{ t: range.start, v: 1 }] };
    const d = alarmDetails(aMetricAlarm({ threshold: 500 }), series, [], range, () => undefined);
    assert.ok((d.chart?.yMax ?? 0) > 500);
  });

  it("marks the state changes inside the range and shades the time in ALARM", () => {
    const history = [
      change("2026-12-02T09:30:00Z", "ALARM", "OK"),
      change("2026-12-02T09:00:00Z", "OK", "ALARM"),
      change("2026-12-02T06:00:00Z", "INSUFFICIENT_DATA", "OK"),
      {
        timestamp: new Date("2026-12-02T09:00:00Z"),
        type: "Action",
        summary: "Successfully executed action arn:aws:sns:…",
      },
    ];
    const d = alarmDetails(aMetricAlarm(), { label: "x", points: [] }, history, range, () => undefined);
    assert.deepEqual(
      d.chart?.markers.map((m) => [new Date(m.t).toISOString(), m.label]),
      [
        ["2026-12-02T09:00:00.000Z", "OK → ALARM"],
        ["2026-12-02T09:30:00.000Z", "ALARM → OK"],
      ],
    );
    assert.deepEqual(
      d.chart?.bands.map((b) => [new Date(b.start).toISOString(), new Date(b.end).toISOString(), b.state]),
      [["2026-12-02T09:00:00.000Z", "2026-12-02T09:30:00.000Z", "ALARM"]],
    );
    assert.equal(d.history.length, 4, "the history lists everything, actions too");
  });

  it("with no change in the range, the whole range is in the current state", () => {
    assert.deepEqual(stateBands([], "ALARM", range), [{ ...range, state: "ALARM" }]);
  });

  it("a composite alarm has no chart, but its rule's alarms with their states", () => {
    const d = alarmDetails(aCompositeAlarm(), undefined, [], range, (name) =>
      name === "api-5xx" ? "ALARM" : undefined,
    );
    assert.equal(d.chart, undefined);
    assert.deepEqual(d.children, [{ name: "api-5xx", state: "ALARM" }, { name: "api-latency" }]);
    assert.deepEqual(ruleAlarmNames('NOT OK("a b") AND (ALARM(c) OR ALARM("a b"))'), ["a b", "c"]);
  });

  it("facts: metric, dimensions, statistic, threshold, missing data, actions", () => {
    const d = alarmDetails(aMetricAlarm({ actionsEnabled: false }), undefined, [], range, () => undefined);
    assert.deepEqual(
      d.facts.map((f) => `${f.label}: ${f.value}`),
      [
        "Metric: AWS/ApplicationELB · HTTPCode_Target_5XX_Count",
        "Dimensions: LoadBalancer=app/api/123",
        "Statistic: Sum over 1 min",
        "Threshold: > 10 for 1 datapoint of 1 min",
        "Missing data: missing",
        "Actions: disabled · on ALARM: arn:aws:sns:us-east-1:123456789012:ops",
      ],
    );
  });

  it("axis ticks are round numbers and round times", () => {
    assert.deepEqual(niceTicks(0, 1.65), [0, 0.5, 1, 1.5]);
    assert.deepEqual(niceTicks(0, 44), [0, 10, 20, 30, 40]);
    const times = timeTicks(range.start, range.end).map((x) => new Date(x).toISOString().slice(11, 16));
    assert.deepEqual(times, ["07:00", "07:30", "08:00", "08:30", "09:00", "09:30", "10:00"]);
  });
});
