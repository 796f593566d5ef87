import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  alarmConsoleUrl,
  logEventsConsoleUrl,
  logGroupConsoleUrl,
} from "../../../src/cloudwatch/model/consoleLinks";
import { historyFrom, historyTransition, mergeHistory } from "../../../src/cloudwatch/model/history";
import { searchDocument } from "../../../src/cloudwatch/model/searchDocument";

describe("console links", () => {
  it("an alarm, a log group, and a group's events filtered over a range, in the console's own escaping", () => {
    assert.equal(
      alarmConsoleUrl("eu-west-1", "api 5xx"),
      "https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/api%205xx",
    );
    assert.equal(
      logGroupConsoleUrl("us-east-1", "/aws/lambda/orders"),
      "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/$252Faws$252Flambda$252Forders",
    );
    assert.equal(
      logEventsConsoleUrl("us-east-1", "/app/api", {
        stream: "web-1",
        pattern: '{ $.level = "ERROR" }',
        start: 1000,
        end: 2000,
      }),
      "https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/$252Fapp$252Fapi/log-events/web-1$3FfilterPattern$3D$257B$2520$2524.level$2520$253D$2520$2522ERROR$2522$2520$257D$26start$3D1000$26end$3D2000",
    );
    assert.match(alarmConsoleUrl("cn-north-1", "a"), /^https:\/\/cn-north-1\.console\.amazonaws\.cn\//);
  });
});

describe("a search's document", () => {
  const base = {
    region: "us-east-1",
    group: "/app/api",
    pattern: "ERROR",
    start: Date.UTC(2026, 11, 2, 10),
    end: Date.UTC(2026, 11, 2, 11),
    truncated: false,
  };

  it("says what was searched, links to it, lists the events and a link per stream", () => {
    const text = searchDocument({
      ...base,
      events: [
        {
          group: "/app/api",
          stream: "web-1",
          timestamp: Date.UTC(2026, 11, 2, 10, 5),
          message: "ERROR boom\n  at f (a.js:1)\n",
        },
        {
          group: "/app/api",
          stream: "web-2",
          timestamp: Date.UTC(2026, 11, 2, 10, 6),
          message: "ERROR again",
        },
      ],
    });
    const lines = text.split("\n");
    assert.equal(lines[0], "# /app/api — pattern ERROR");
    assert.equal(lines[1], "# 2026-12-02T10:00:00.000Z .. 2026-12-02T11:00:00.000Z (us-east-1) · 2 events");
    assert.match(
      lines[2] ?? "",
      /^# In the console: https:\/\/.*log-events\$3FfilterPattern\$3DERROR\$26start\$3D\d+\$26end\$3D\d+$/,
    );
    assert.deepEqual(lines.slice(4, 7), [
      "2026-12-02T10:05:00.000Z  web-1  ERROR boom",
      "                                   at f (a.js:1)",
      "2026-12-02T10:06:00.000Z  web-2  ERROR again",
    ]);
    assert.match(text, /# {3}web-1: https:\/\/.*\/log-events\/web-1\$3F/);
    assert.match(text, /# {3}web-2: https:\/\/.*\/log-events\/web-2\$3F/);
  });

  it("says when nothing matched, and when only the first events were read", () => {
    assert.match(searchDocument({ ...base, events: [] }), /\nNo events matched\.\n$/);
    assert.match(
      searchDocument({ ...base, pattern: "", events: [], truncated: true }),
      /^# \/app\/api — every event\n.*· 0 events \(the first ones: narrow the range or the pattern for the rest\)/,
    );
  });
});

describe("an alarm history item's states", () => {
  it("are read from its HistoryData; anything else gives none", () => {
    assert.deepEqual(
      historyTransition('{"version":"1.0","oldState":{"stateValue":"OK"},"newState":{"stateValue":"ALARM"}}'),
      { from: "OK", to: "ALARM" },
    );
    assert.deepEqual(historyTransition("not json"), {});
    assert.deepEqual(historyTransition('{"newState":{"stateValue":"SOMETHING"}}'), {});
    assert.deepEqual(historyTransition(undefined), {});
  });
});

describe("an alarm's history between refreshes of its panel", () => {
  const item = (iso: string, summary: string) => ({ timestamp: new Date(iso), type: "StateUpdate", summary });
  const since = Date.parse("2026-12-01T10:00:00Z");

  it("reads only what came since the newest item, keeps each item once, forgets what is older than a day", () => {
    const first = [item("2026-12-02T09:00:00Z", "OK to ALARM"), item("2026-12-01T09:00:00Z", "too old")];
    const known = mergeHistory([], first, since);
    assert.deepEqual(
      known.map((h) => h.summary),
      ["OK to ALARM"],
    );
    assert.equal(historyFrom(known, since), Date.parse("2026-12-02T09:00:00Z"));
    const fresh = [item("2026-12-02T09:05:00Z", "ALARM to OK"), item("2026-12-02T09:00:00Z", "OK to ALARM")];
    assert.deepEqual(
      mergeHistory(known, fresh, since).map((h) => h.summary),
      ["ALARM to OK", "OK to ALARM"],
    );
    assert.equal(historyFrom([], since), since);
  });
});
