// The fault run, short: five simulated minutes with 30 % of calls throttled, 5 % reset and 1 %
// stalled (the benchmark runs the full ten minutes). See helpers/fault-run.ts.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeReport, runUnderFaults } from "./helpers/fault-run";

describe("the extension under faults", () => {
  it("completes every action or says why, delivers every log line once and in order, agrees with AWS after, and stays under its ceiling", async (t) => {
    const report = await runUnderFaults({
      simMinutes: 5,
      speed: 10,
      faults: "throttle=0.3,reset=0.05,stall=0.01,seed=7",
      ceiling: 120,
      attemptMs: 2_000,
    });
    t.diagnostic(describeReport(report));
    assert.ok(
      (report.injected.throttle ?? 0) > 0 && (report.injected.reset ?? 0) > 0,
      "faults were injected",
    );
    for (const a of report.actions) {
      assert.ok(
        a.kind === "ok" || (a.kind !== "other" && a.outcome.length > 0),
        `${a.action}: ended without a clear message (${a.outcome})`,
      );
    }
    assert.ok(
      report.actions.filter((a) => a.kind === "ok").length >= report.actions.length / 2,
      "most actions completed",
    );
    assert.equal(report.log.end, "completed");
    assert.equal(report.log.missing, 0, "no line lost");
    assert.equal(report.log.duplicates, 0, "no line twice");
    assert.ok(report.log.inOrder, "in order");
    assert.ok(report.log.expected >= 20_000);
    assert.notEqual(
      report.convergedMs,
      undefined,
      `stores disagree with AWS: ${report.disagreements.join("; ")}`,
    );
    assert.ok(report.backgroundCalls > 0);
    assert.ok(
      report.maxCallsInAMinute <= report.ceiling + report.userAttempts,
      `${report.maxCallsInAMinute} calls in a minute`,
    );
  });
});
