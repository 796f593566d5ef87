// A deployment group's alarms with CloudWatch's states, and which alarm stopped a deployment.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  alarmStateLook,
  alarmsPhrase,
  alarmsSummary,
  alarmsThatStopped,
  parseAlarmStates,
  type GroupAlarmState,
} from "../../../src/codedeploy/model/groupAlarmStates";
import { aDeployment } from "./builders";

// CodeDeploy's message for a deployment its group's alarms stopped.
const AWS_MESSAGE =
  "One or more alarms have been activated according to the Amazon CloudWatch metrics you selected, and the affected deployments have been stopped. Activated alarms: ";

function stopped(message: string, completeTime = new Date("2026-12-01T10:05:00Z")) {
  return aDeployment({ status: "Stopped", completeTime, error: { code: "ALARM_ACTIVE", message } });
}

function states(...list: GroupAlarmState[]): Map<string, GroupAlarmState> {
  return new Map(list.map((s) => [s.name, s]));
}

describe("which alarm stopped a deployment", () => {
  it("is none for a deployment no alarm stopped", () => {
    assert.equal(alarmsThatStopped(aDeployment({ status: "Succeeded" }), ["a"]), undefined);
    const manual = aDeployment({
      status: "Stopped",
      error: { code: "MANUAL_STOP", message: "A manual stop action stopped this deployment." },
    });
    assert.equal(alarmsThatStopped(manual, ["web-frontend-5xx"]), undefined);
  });

  it("is the alarm CodeDeploy's message names", () => {
    assert.deepEqual(alarmsThatStopped(stopped(`${AWS_MESSAGE}web-frontend-5xx`), ["web-frontend-5xx"]), [
      "web-frontend-5xx",
    ]);
  });

  it("tells a name apart from a longer name that contains it, in the message's order", () => {
    const group = ["api-5xx", "api-5xx-rate", "api-p99"];
    assert.deepEqual(alarmsThatStopped(stopped(`${AWS_MESSAGE}api-p99, api-5xx-rate.`), group), [
      "api-p99",
      "api-5xx-rate",
    ]);
    assert.deepEqual(alarmsThatStopped(stopped(`${AWS_MESSAGE}api-5xx`), group), ["api-5xx"]);
  });

  it("takes names listed after 'alarms:' that the group no longer has", () => {
    assert.deepEqual(alarmsThatStopped(stopped(`${AWS_MESSAGE}old-alarm, web-5xx`), ["web-5xx"]), [
      "old-alarm",
      "web-5xx",
    ]);
  });

  it("asks CloudWatch's states when the message names none: the group's alarms that went into ALARM before the end", () => {
    const d = stopped("One or more alarms have been activated.");
    const group = ["a", "b", "c"];
    assert.deepEqual(alarmsThatStopped(d, group), []);
    assert.deepEqual(
      alarmsThatStopped(
        d,
        group,
        states(
          { name: "a", state: "ALARM", changed: new Date("2026-12-01T10:04:30Z") },
          { name: "b", state: "ALARM", changed: new Date("2026-12-01T12:00:00Z") },
          { name: "c", state: "OK" },
        ),
      ),
      ["a"],
    );
  });

  it("is said in words", () => {
    assert.equal(alarmsPhrase([]), "an alarm");
    assert.equal(alarmsPhrase(["a"]), "alarm a");
    assert.equal(alarmsPhrase(["a", "b"]), "alarms a and b");
    assert.equal(alarmsPhrase(["a", "b", "c"]), "alarms a, b and c");
  });
});

describe("a group's alarms with CloudWatch's states", () => {
  it("reads awsCicd.alarm.statesOf's answer and leaves out what is not an alarm state", () => {
    const parsed = parseAlarmStates([
      { name: "a", state: "ALARM", reason: "Threshold Crossed", changed: "2026-12-01T10:00:00.000Z" },
      { name: "b" },
      { name: "c", state: "SOMETHING", changed: "not a date" },
      { state: "OK" },
      "d",
      null,
    ]);
    assert.deepEqual(parsed, [
      {
        name: "a",
        state: "ALARM",
        reason: "Threshold Crossed",
        changed: new Date("2026-12-01T10:00:00.000Z"),
      },
      { name: "b" },
      { name: "c" },
    ]);
    assert.deepEqual(parseAlarmStates(undefined), []);
    assert.deepEqual(parseAlarmStates({ name: "a" }), []);
  });

  it("summarises the states on the Alarms row", () => {
    const names = ["a", "b"];
    assert.equal(alarmsSummary(names, undefined), "");
    assert.equal(
      alarmsSummary(names, states({ name: "a", state: "ALARM" }, { name: "b", state: "OK" })),
      "1 in alarm",
    );
    assert.equal(
      alarmsSummary(names, states({ name: "a", state: "OK" }, { name: "b", state: "OK" })),
      "all OK",
    );
    assert.equal(
      alarmsSummary(names, states({ name: "a", state: "INSUFFICIENT_DATA" }, { name: "b" })),
      "1 insufficient data, 1 not found",
    );
  });

  it("shows each state as a word and an icon", () => {
    assert.deepEqual(
      [
        alarmStateLook({ name: "a", state: "ALARM" }).word,
        alarmStateLook({ name: "a", state: "OK" }).word,
        alarmStateLook({ name: "a", state: "INSUFFICIENT_DATA" }).word,
        alarmStateLook({ name: "a" }).word,
        alarmStateLook(undefined).word,
      ],
      ["in alarm", "OK", "insufficient data", "not found in CloudWatch", "state unknown"],
    );
  });
});
