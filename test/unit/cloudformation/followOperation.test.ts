import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EventCursor, followOperation } from "../../../src/cloudformation/followOperation";
import type { StackEvent } from "../../../src/cloudformation/model/types";
import { EventStory } from "./builders";

/** A stack whose events arrive one read at a time, as scripted. */
function scripted(batches: ((s: EventStory) => EventStory)[]) {
  const story = new EventStory();
  const held: StackEvent[] = [];
  let reads = 0;
  return {
    story,
    held,
    get reads() {
      return reads;
    },
    refresh: () => {
      const next = batches[reads++];
      if (next) {
        const before = story.events.length;
        next(story);
        held.push(...story.events.slice(before));
      }
      return Promise.resolve();
    },
    running: () => {
      const own = [...held].reverse().find((e) => e.logicalId === "orders");
      return own !== undefined && own.status.endsWith("_IN_PROGRESS");
    },
  };
}

const noWait = () => Promise.resolve(true);

describe("following a stack operation", () => {
  it("hands out every event once, oldest first, until the stack's own terminal event", async () => {
    const s = scripted([
      (x) => x.at(1).stack("UPDATE_IN_PROGRESS", "User Initiated").resource("Queue", "UPDATE_IN_PROGRESS"),
      (x) => x,
      (x) => x.at(3).resource("Queue", "UPDATE_COMPLETE").stack("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"),
      (x) => x.at(4).stack("UPDATE_COMPLETE"),
      (x) => x.at(99).resource("Late", "UPDATE_IN_PROGRESS"),
    ]);
    const seen: string[] = [];
    const end = await followOperation({
      refresh: s.refresh,
      events: () => s.held,
      running: s.running,
      onEvents: (events) => seen.push(...events.map((e) => `${e.logicalId} ${e.status}`)),
      onError: () => assert.fail("no error"),
      signal: new AbortController().signal,
      sleep: noWait,
    });
    assert.equal(end, "completed");
    assert.deepEqual(seen, [
      "orders UPDATE_IN_PROGRESS",
      "Queue UPDATE_IN_PROGRESS",
      "Queue UPDATE_COMPLETE",
      "orders UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
      "orders UPDATE_COMPLETE",
    ]);
    assert.equal(s.reads, 4);
  });

  it("an operation the user just started is followed until its own end, not the previous one's", async () => {
    const started = new Date("2026-12-01T10:10:00Z");
    const s = scripted([
      // The previous operation ended before; the new one has not shown up yet.
      (x) => x.at(0).stack("UPDATE_IN_PROGRESS", "User Initiated").at(5).stack("UPDATE_COMPLETE"),
      (x) => x,
      (x) => x.at(601).stack("UPDATE_IN_PROGRESS", "User Initiated"),
      (x) => x.at(605).stack("UPDATE_ROLLBACK_COMPLETE"),
    ]);
    const seen: string[] = [];
    await followOperation({
      refresh: s.refresh,
      events: () => s.held,
      running: s.running,
      onEvents: (events) => seen.push(...events.map((e) => e.status)),
      onError: () => assert.fail("no error"),
      signal: new AbortController().signal,
      startedAt: started,
      sleep: noWait,
    });
    assert.deepEqual(seen, ["UPDATE_IN_PROGRESS", "UPDATE_ROLLBACK_COMPLETE"]);
  });

  it("a failed read is reported and retried; stopping ends it as stopped", async () => {
    const stop = new AbortController();
    let reads = 0;
    const errors: unknown[] = [];
    const end = await followOperation({
      refresh: () => {
        reads++;
        if (reads === 3) stop.abort();
        return Promise.reject(new Error("Rate exceeded"));
      },
      events: () => [],
      running: () => true,
      onEvents: () => assert.fail("no events"),
      onError: (e) => errors.push(e),
      signal: stop.signal,
      sleep: (_ms, signal) => Promise.resolve(!signal.aborted),
    });
    assert.equal(end, "stopped");
    assert.equal(errors.length, 3);
  });

  it("events another reader loaded into the store are handed out too", () => {
    const story = new EventStory().stack("UPDATE_IN_PROGRESS", "User Initiated");
    const cursor = new EventCursor(() => story.events);
    assert.deepEqual(
      cursor.next().map((e) => e.status),
      ["UPDATE_IN_PROGRESS"],
    );
    story.at(2).resource("Queue", "UPDATE_IN_PROGRESS").resource("Queue", "UPDATE_COMPLETE");
    assert.deepEqual(
      cursor.next().map((e) => e.status),
      ["UPDATE_IN_PROGRESS", "UPDATE_COMPLETE"],
    );
    assert.deepEqual(cursor.next(), []);
  });
});
