import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { transitionKey, transitions } from "../../../src/cloudwatch/model/transitions";
import type { Alarm } from "../../../src/cloudwatch/model/types";
import { aMetricAlarm, moved } from "./builders";

const since = new Date("2026-12-02T09:00:00Z");
const known = (...alarms: Alarm[]) => new Map(alarms.map((a) => [a.name, a]));

describe("which alarms changed state since they were last seen", () => {
  it("an alarm that moved from OK to ALARM, with where it came from", () => {
    const ok = aMetricAlarm();
    const out = transitions(known(ok), [moved(ok, "ALARM", "2026-12-02T10:05:00Z")], since);
    assert.deepEqual(
      out.map((t) => [t.alarm.name, t.from, t.alarm.state]),
      [["api-5xx", "OK", "ALARM"]],
    );
  });

  it("nothing when the alarm is as it was, even with another reason", () => {
    const ok = aMetricAlarm();
    assert.deepEqual(transitions(known(ok), [{ ...ok, stateReason: "new datapoint" }], since), []);
  });

  it("ALARM → OK → ALARM between two looks is a new change: its time differs", () => {
    const a = moved(aMetricAlarm(), "ALARM", "2026-12-02T10:00:00Z");
    const again = moved(a, "ALARM", "2026-12-02T10:09:00Z");
    assert.equal(transitions(known(a), [again], since).length, 1);
    assert.notEqual(transitionKey(a), transitionKey(again));
  });

  it("an alarm seen for the first time counts only if it changed after watching began", () => {
    const old = moved(aMetricAlarm({ name: "old" }), "ALARM", "2026-12-02T08:00:00Z");
    const fresh = moved(aMetricAlarm({ name: "fresh" }), "ALARM", "2026-12-02T09:30:00Z");
    const out = transitions(known(), [old, fresh], since);
    assert.deepEqual(
      out.map((t) => [t.alarm.name, t.from]),
      [["fresh", undefined]],
    );
  });
});
