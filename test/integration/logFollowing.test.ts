import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { followToEnd, startWorld, type World } from "./world";

describe("following a live CloudWatch log against the simulator", () => {
  let world: World;
  before(async () => {
    world = await startWorld({ scenario: "big-log", speed: 10 });
  });
  after(() => world.close());

  it("delivers a 20,000-line log exactly as written: every line once, in order", async () => {
    const build = await world.store.start({ projectName: "big-log" }, new AbortController().signal);
    const { lines, build: done } = await followToEnd(world, build);
    const written = world.sim.logs
      .events(done.logs!.groupName, done.logs!.streamName)
      .flatMap((e) => e.message.replace(/\n$/, "").split("\n"));
    assert.ok(written.length > 20_000, `${written.length} lines written`);
    assert.equal(lines.length, written.length);
    assert.deepEqual(lines, written);
  });

  it("resumes after throttling mid-stream with nothing lost or duplicated", async () => {
    const build = await world.store.start({ projectName: "big-log" }, new AbortController().signal);
    setTimeout(() => world.sim.faults.throttle("Logs_20140328.GetLogEvents", 5), 1500);
    const { lines, build: done } = await followToEnd(world, build);
    const written = world.sim.logs
      .events(done.logs!.groupName, done.logs!.streamName)
      .flatMap((e) => e.message.replace(/\n$/, "").split("\n"));
    const throttled = world.sim.calls.filter(
      (c) => c.target === "Logs_20140328.GetLogEvents" && c.status === 400,
    );
    assert.ok(throttled.length >= 1, "the simulator throttled the follower");
    assert.deepEqual(lines, written);
  });
});
