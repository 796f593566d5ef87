import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  eventLine,
  latestOperation,
  operationState,
  rootCause,
} from "../../../src/cloudformation/model/operation";
import { buildTimeline } from "../../../src/cloudformation/model/timeline";
import { EventStory } from "./builders";

/** An update of `orders` in which Queue's handler refuses a value while Table is being updated. */
function failedUpdate(): EventStory {
  return new EventStory()
    .at(0)
    .stack("CREATE_IN_PROGRESS", "User Initiated")
    .at(5)
    .resource("Queue", "CREATE_IN_PROGRESS")
    .resource("Queue", "CREATE_COMPLETE")
    .at(6)
    .stack("CREATE_COMPLETE")
    .at(100)
    .stack("UPDATE_IN_PROGRESS", "User Initiated")
    .at(101)
    .resource("Table", "UPDATE_IN_PROGRESS", undefined, "AWS::DynamoDB::Table")
    .at(102)
    .resource("Queue", "UPDATE_IN_PROGRESS")
    .at(104)
    .resource(
      "Queue",
      "UPDATE_FAILED",
      'Resource handler returned message: "Invalid value for the parameter MessageRetentionPeriod."',
    )
    .at(105)
    .resource("Table", "UPDATE_FAILED", "Resource update cancelled", "AWS::DynamoDB::Table")
    .stack("UPDATE_ROLLBACK_IN_PROGRESS", "The following resource(s) failed to update: [Queue, Table]. ")
    .at(106)
    .resource("Table", "UPDATE_IN_PROGRESS", undefined, "AWS::DynamoDB::Table")
    .at(109)
    .resource("Table", "UPDATE_COMPLETE", undefined, "AWS::DynamoDB::Table")
    .at(110)
    .stack("UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS")
    .at(111)
    .stack("UPDATE_ROLLBACK_COMPLETE");
}

describe("a stack operation read from its events", () => {
  it("the latest operation starts where the stack last entered an operation", () => {
    const op = latestOperation(failedUpdate().events);
    assert.equal(op[0]?.status, "UPDATE_IN_PROGRESS");
    assert.deepEqual(operationState(op), {
      kind: "UPDATE",
      started: new Date("2026-12-01T10:01:40Z"),
      status: "UPDATE_ROLLBACK_COMPLETE",
      ended: new Date("2026-12-01T10:01:51Z"),
    });
  });

  it("the root cause is the first resource that failed for its own reason, not the cancellations or the rollback", () => {
    const cause = rootCause(latestOperation(failedUpdate().events));
    assert.equal(cause?.logicalId, "Queue");
    assert.match(cause?.reason ?? "", /Invalid value for the parameter MessageRetentionPeriod/);
  });

  it("a cancelled update's cause says it was cancelled", () => {
    const story = new EventStory()
      .stack("UPDATE_IN_PROGRESS", "User Initiated")
      .at(2)
      .resource("Queue", "UPDATE_IN_PROGRESS")
      .at(3)
      .resource("Queue", "UPDATE_FAILED", "Resource update cancelled")
      .stack("UPDATE_ROLLBACK_IN_PROGRESS", "Stack update cancelled");
    assert.equal(rootCause(story.events)?.reason, "Resource update cancelled");
  });

  it("a successful operation has no root cause", () => {
    const story = new EventStory()
      .stack("UPDATE_IN_PROGRESS")
      .at(1)
      .resource("Queue", "UPDATE_IN_PROGRESS")
      .resource("Queue", "UPDATE_COMPLETE")
      .stack("UPDATE_COMPLETE");
    assert.equal(rootCause(story.events), undefined);
  });

  it("an event reads as one line: time, status, what, reason", () => {
    const [event] = new EventStory().at(61).resource("Queue", "UPDATE_FAILED", "bad value").events;
    assert.equal(
      eventLine(event!),
      `10:01:01  ${"UPDATE_FAILED".padEnd(28)}  Queue (AWS::SQS::Queue)  — bad value`,
    );
  });
});

describe("the operation as a timeline", () => {
  it("each resource gets its spans, the failure is marked, the rollback is its own span", () => {
    const timeline = buildTimeline("orders", failedUpdate().events, Date.parse("2026-12-01T10:05:00Z"));
    assert.ok(timeline);
    assert.equal(timeline.running, false);
    assert.equal(timeline.length, 11_000);
    assert.deepEqual(
      timeline.rows.map((r) => [
        r.logicalId,
        r.spans.map((s) => `${s.phase} ${s.start}-${s.end ?? "…"} ${s.status}`),
      ]),
      [
        ["Table", ["update 1000-5000 UPDATE_FAILED", "rollback 6000-9000 UPDATE_COMPLETE"]],
        ["Queue", ["update 2000-4000 UPDATE_FAILED"]],
      ],
    );
    assert.deepEqual(timeline.firstFailure?.logicalId, "Queue");
    assert.deepEqual(timeline.slowest, [], "two resources: none stands out");
  });

  it("while it runs, spans in progress reach now", () => {
    const story = new EventStory()
      .stack("CREATE_IN_PROGRESS", "User Initiated")
      .at(2)
      .resource("Queue", "CREATE_IN_PROGRESS");
    const timeline = buildTimeline("orders", story.events, Date.parse("2026-12-01T10:00:10Z"));
    assert.equal(timeline?.running, true);
    assert.equal(timeline?.length, 10_000);
    assert.deepEqual(timeline?.rows[0]?.spans, [
      { phase: "create", start: 2000, status: "IN_PROGRESS", failed: false },
    ]);
    assert.equal(timeline?.rows[0]?.longest, 8000);
  });

  it("a stack without events has no timeline", () =>
    assert.equal(buildTimeline("orders", [], Date.now()), undefined));
});
