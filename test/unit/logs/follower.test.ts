import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ActivityGate } from "../../../src/core/activityGate";
import { followLog, nextUnwatchedWait, type UnwatchedRead } from "../../../src/logs/follower";
import { FakeLogStream } from "./fakeLogs";
import { sleep } from "../../../src/core/sleep";

const location = { groupName: "/aws/codebuild/web-app", streamName: "abc" };
const fast = { pollMs: 5, idlePollMs: 10, drainGraceMs: 20, maxBackoffMs: 40 };

/** Writes `count` numbered lines in batches while the follower runs, then completes the build. */
async function writeWhileFollowing(
  stream: FakeLogStream,
  count: number,
  batch: number,
  state: { complete: boolean },
) {
  for (let i = 0; i < count; i += batch) {
    stream.write(...Array.from({ length: Math.min(batch, count - i) }, (_, j) => `line ${i + j}\n`));
    await new Promise((r) => setTimeout(r, 1));
  }
  state.complete = true;
}

describe("following a build's log", () => {
  it("delivers 20,000 lines written in bursts exactly once and in order, then ends", async () => {
    const stream = new FakeLogStream(1000);
    const state = { complete: false };
    const received: string[] = [];
    const following = followLog({
      ...fast,
      api: stream,
      location: () => location,
      isComplete: () => state.complete,
      onLines: (lines) => received.push(...lines),
      signal: new AbortController().signal,
    });
    await writeWhileFollowing(stream, 20_000, 250, state);
    assert.equal(await following, "completed");
    assert.equal(received.length, 20_000);
    assert.ok(
      received.every((line, i) => line === `line ${i}`),
      "every line once, in order",
    );
  });

  it("waits for the stream to be created and reads lines written just before completion", async () => {
    const stream = new FakeLogStream();
    stream.exists = false;
    const state = { complete: false };
    const received: string[] = [];
    const following = followLog({
      ...fast,
      api: stream,
      location: () => location,
      isComplete: () => state.complete,
      onLines: (lines) => received.push(...lines),
      signal: new AbortController().signal,
    });
    await new Promise((r) => setTimeout(r, 30));
    stream.exists = true;
    stream.write("[Container] Entering phase BUILD\n");
    await new Promise((r) => setTimeout(r, 30));
    stream.write("last words\n");
    state.complete = true;
    assert.equal(await following, "completed");
    assert.deepEqual(received, ["[Container] Entering phase BUILD", "last words"]);
  });

  it("resumes after throttling and errors mid-stream with nothing lost or repeated", async () => {
    const stream = new FakeLogStream(100);
    const state = { complete: false };
    const received: string[] = [];
    const errors: unknown[] = [];
    stream.write(...Array.from({ length: 150 }, (_, i) => `line ${i}`));
    const following = followLog({
      ...fast,
      api: stream,
      location: () => location,
      isComplete: () => state.complete,
      onLines: (lines) => received.push(...lines),
      onError: (e) => errors.push(e),
      signal: new AbortController().signal,
    });
    await new Promise((r) => setTimeout(r, 20));
    stream.failNext("ThrottlingException", 4);
    stream.write(...Array.from({ length: 150 }, (_, i) => `line ${150 + i}`));
    await new Promise((r) => setTimeout(r, 200));
    stream.failNext("InternalServerError", 3);
    stream.write(...Array.from({ length: 50 }, (_, i) => `line ${300 + i}`));
    await new Promise((r) => setTimeout(r, 300));
    state.complete = true;
    assert.equal(await following, "completed");
    assert.deepEqual(
      received,
      Array.from({ length: 350 }, (_, i) => `line ${i}`),
    );
    assert.equal(errors.length, 1, "a persisting error is reported once; throttling is not reported");
  });

  it("strips ANSI colours from lines", async () => {
    const stream = new FakeLogStream();
    stream.write("\u001b[31merror\u001b[0m TS2322\n");
    const received: string[] = [];
    await followLog({
      ...fast,
      api: stream,
      location: () => location,
      isComplete: () => true,
      onLines: (lines) => received.push(...lines),
      signal: new AbortController().signal,
    });
    assert.deepEqual(received, ["error TS2322"]);
  });

  it("stops when the user stops following, without more requests", async () => {
    const stream = new FakeLogStream();
    const stop = new AbortController();
    const following = followLog({
      ...fast,
      api: stream,
      location: () => location,
      isComplete: () => false,
      onLines: () => undefined,
      signal: stop.signal,
    });
    await new Promise((r) => setTimeout(r, 30));
    stop.abort();
    assert.equal(await following, "stopped");
    const calls = stream.calls;
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(stream.calls, calls);
  });

  it("delivers an event of 300,000 lines (no spread of unbounded arrays)", async () => {
    const stream = new FakeLogStream();
    stream.write(Array.from({ length: 300_000 }, (_, i) => `l${i}`).join("\n"));
    let count = 0;
    let last = "";
    const result = await followLog({
      ...fast,
      api: stream,
      location: () => location,
      isComplete: () => true,
      onLines: (lines) => {
        count += lines.length;
        last = lines.at(-1) ?? last;
      },
      signal: new AbortController().signal,
    });
    assert.equal(result, "completed");
    assert.equal(count, 300_000);
    assert.equal(last, "l299999");
  });

  it("gives up with the error after a few failures in a row once the build has completed", async () => {
    const stream = new FakeLogStream();
    stream.failNext("AccessDeniedException", 1000);
    const following = followLog({
      ...fast,
      maxFailuresAfterCompletion: 4,
      api: stream,
      location: () => location,
      isComplete: () => true,
      onLines: () => undefined,
      signal: new AbortController().signal,
    });
    await assert.rejects(following, { name: "AccessDeniedException" });
    assert.equal(stream.calls, 4, "four tries, then no more requests");
  });

  it("sends nothing while the gate is held, then catches up with every line once", async () => {
    const stream = new FakeLogStream();
    const gate = new ActivityGate();
    gate.hold("unfocused");
    const state = { complete: false };
    const received: string[] = [];
    const following = followLog({
      ...fast,
      pace: (signal) => gate.whenOpen(signal),
      api: stream,
      location: () => location,
      isComplete: () => state.complete,
      onLines: (lines) => received.push(...lines),
      signal: new AbortController().signal,
    });
    stream.write("one", "two");
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(stream.calls, 0, "no request while held");
    gate.release("unfocused");
    stream.write("three");
    state.complete = true;
    assert.equal(await following, "completed");
    assert.deepEqual(received, ["one", "two", "three"]);
  });

  it("reads the pieces of a 10 MB line page after page without waiting between them", async () => {
    // A page holds at most 1 MB: three 256 KB events. Forty of them: fourteen pages.
    const stream = new FakeLogStream(3);
    const piece = "x".repeat(262_144);
    for (let i = 0; i < 40; i++) stream.write(piece);
    let received = 0;
    const stop = new AbortController();
    const following = followLog({
      // A wait after a page would be a minute long.
      pollMs: 60_000,
      idlePollMs: 60_000,
      api: stream,
      location: () => location,
      isComplete: () => false,
      onLines: (lines) => (received += lines.length),
      signal: stop.signal,
    });
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(received, 40, "every piece read before any wait");
    assert.ok(stream.calls <= 15, `${stream.calls} pages`);
    stop.abort();
    assert.equal(await following, "stopped");
  });

  it("reads an unwatched log seldom, and at once when it comes on screen", async () => {
    const stream = new FakeLogStream();
    let watched = false;
    let show: () => void = () => undefined;
    const received: string[] = [];
    const stop = new AbortController();
    const following = followLog({
      pollMs: 5,
      idlePollMs: 5,
      unwatchedPollMs: 60_000,
      watched: () => watched,
      whenWatched: () => new Promise<void>((resolve) => (show = resolve)),
      api: stream,
      location: () => location,
      isComplete: () => false,
      onLines: (lines) => received.push(...lines),
      signal: stop.signal,
    });
    stream.write("before");
    await new Promise((r) => setTimeout(r, 100));
    const unwatchedCalls = stream.calls;
    assert.ok(unwatchedCalls <= 2, `${unwatchedCalls} reads in 100 ms while nobody looks`);
    stream.write("while hidden");
    watched = true;
    show();
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(received, ["before", "while hidden"], "everything, once, in order");
    assert.ok(stream.calls > unwatchedCalls + 5, `${stream.calls} reads once on screen`);
    stop.abort();
    assert.equal(await following, "stopped");
  });

  it("ends an unwatched wait when the build completes, and drains its last lines at once", async () => {
    const stream = new FakeLogStream();
    const state = { complete: false };
    let complete: () => void = () => undefined;
    const received: string[] = [];
    const following = followLog({
      ...fast,
      unwatchedPollMs: 60_000,
      watched: () => false,
      whenComplete: () => new Promise<void>((resolve) => (complete = resolve)),
      api: stream,
      location: () => location,
      isComplete: () => state.complete,
      onLines: (lines) => received.push(...lines),
      signal: new AbortController().signal,
    });
    stream.write("first line");
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(stream.calls, 1, "one read, then a wait of a minute");
    stream.write("last line");
    state.complete = true;
    complete();
    // Without the wake it would wait the minute out.
    assert.equal(await Promise.race([following, sleep(2000).then(() => "still waiting")]), "completed");
    assert.deepEqual(received, ["first line", "last line"]);
  });

  it("reads a busy unwatched log often, a quiet one ever more seldom", async () => {
    const busy = new FakeLogStream(1000);
    const quiet = new FakeLogStream(1000);
    const stop = new AbortController();
    const unwatched = {
      ...fast,
      backlogPageSize: 1000,
      unwatchedPollMs: 10,
      unwatchedFirstPollMs: 10,
      unwatchedMaxPollMs: 5000,
      watched: () => false,
      location: () => location,
      isComplete: () => false,
      onLines: () => undefined,
      signal: stop.signal,
    };
    busy.write(...Array.from({ length: 100 }, () => "early"));
    const following = [followLog({ ...unwatched, api: busy }), followLog({ ...unwatched, api: quiet })];
    // 100 lines every 10 ms: a quarter of a page (250 lines) gathers in about 25 ms.
    const writer = setInterval(() => busy.write(...Array.from({ length: 100 }, () => "busy")), 10);
    await new Promise((r) => setTimeout(r, 600));
    clearInterval(writer);
    stop.abort();
    await Promise.all(following);
    assert.ok(busy.calls >= 4, `${busy.calls} reads of the busy log in 600 ms`);
    // Waits of about 10, 40, 160, 640 ms (each ±50 %) while nothing comes (every 10 ms: about 60 reads).
    assert.ok(quiet.calls <= 5, `${quiet.calls} reads of the quiet log in 600 ms`);
  });

  it("does not take an unwatched log's backlog for its pace", async () => {
    const stream = new FakeLogStream(1000);
    const stop = new AbortController();
    stream.write(...Array.from({ length: 900 }, () => "backlog"));
    const following = followLog({
      ...fast,
      backlogPageSize: 1000,
      unwatchedPollMs: 5,
      unwatchedFirstPollMs: 60_000,
      watched: () => false,
      api: stream,
      location: () => location,
      isComplete: () => false,
      onLines: () => undefined,
      signal: stop.signal,
    });
    await new Promise((r) => setTimeout(r, 200));
    const calls = stream.calls;
    stop.abort();
    assert.equal(await following, "stopped");
    // 900 lines in the first read, just after following began, would look like a page every few
    // milliseconds: read every 5 ms. It is the log so far: the next read waits the first wait.
    assert.equal(calls, 1, `${calls} reads in 200 ms`);
  });

  it("drains a completed build's log at once even when nobody looks", async () => {
    const stream = new FakeLogStream();
    const state = { complete: false };
    const received: string[] = [];
    const following = followLog({
      ...fast,
      unwatchedPollMs: 60_000,
      watched: () => false,
      api: stream,
      location: () => location,
      isComplete: () => state.complete,
      onLines: (lines) => received.push(...lines),
      signal: new AbortController().signal,
    });
    stream.write("last line");
    state.complete = true;
    // Not a minute: the first read sees the build complete, and the drain does not wait a minute.
    assert.equal(await following, "completed");
    assert.deepEqual(received, ["last line"]);
  });
});

describe("the wait before reading a log nobody looks at", () => {
  /** `n` events of `size` bytes each (26 of them CloudWatch's per event). */
  const lines = (n: number, size = 27) => ({ events: n, bytes: n * size });
  const read = (over: Partial<UnwatchedRead>): UnwatchedRead => ({
    ...lines(0),
    coveredMs: 10_000,
    previousWaitMs: 10_000,
    minMs: 10_000,
    firstMs: 60_000,
    maxMs: 300_000,
    pageSize: 10_000,
    ...over,
  });

  it("starts at the first wait when the read tells no pace (the first read brings the backlog)", () => {
    const backlog = lines(9000);
    assert.equal(
      nextUnwatchedWait(read({ ...backlog, coveredMs: undefined, previousWaitMs: undefined })),
      60_000,
    );
    assert.equal(nextUnwatchedWait(read({ coveredMs: undefined, previousWaitMs: undefined })), 60_000);
  });

  it("grows at most fourfold while reads find little, up to the longest", () => {
    assert.equal(nextUnwatchedWait(read({ previousWaitMs: 10_000 })), 40_000);
    assert.equal(nextUnwatchedWait(read({ previousWaitMs: 60_000, ...lines(5) })), 240_000);
    assert.equal(nextUnwatchedWait(read({ previousWaitMs: 240_000 })), 300_000);
  });

  it("is as long as a quarter of a page takes to gather at the last read's pace", () => {
    // 1,000 events in 10 s: 2,500 (a quarter of 10,000) in 25 s.
    assert.equal(nextUnwatchedWait(read({ ...lines(1000), previousWaitMs: 40_000 })), 25_000);
    // A page's bytes count too: 32 events of 8 KB are a quarter of a megabyte.
    assert.equal(
      nextUnwatchedWait(read({ ...lines(32, 8192), coveredMs: 40_000, previousWaitMs: 40_000 })),
      40_000,
    );
    // Just hidden (the last read was watched, 1.3 s before): its pace, at most the first wait.
    assert.equal(
      nextUnwatchedWait(read({ ...lines(10), coveredMs: 1300, previousWaitMs: undefined })),
      60_000,
    );
    assert.equal(
      nextUnwatchedWait(read({ ...lines(500), coveredMs: 1300, previousWaitMs: undefined })),
      10_000,
    );
  });

  it("keeps to the shortest for a busy log, the longest for a quiet one", () => {
    assert.equal(nextUnwatchedWait(read({ ...lines(10_000), coveredMs: 100 })), 10_000);
    assert.equal(nextUnwatchedWait(read({ previousWaitMs: 300_000 })), 300_000);
  });
});

describe("how long a follower waits between reads", () => {
  /**
   * Follows `stream` with waits that pass at once, recording each wait between reads (ms; not the
   * 50 ms pause that pages through an empty page with a new token) until `count` have been
   * asked for. `step(i, ms)` runs during wait i: what it changes, the reads after the wait see.
   */
  async function waits(
    stream: FakeLogStream,
    count: number,
    over: Partial<Parameters<typeof followLog>[0]>,
    step: (i: number, ms: number) => void = () => undefined,
  ): Promise<number[]> {
    const stop = new AbortController();
    const seen: number[] = [];
    await followLog({
      api: stream,
      location: () => location,
      isComplete: () => false,
      onLines: () => undefined,
      signal: stop.signal,
      sleep: (ms) => {
        if (ms === 50) return Promise.resolve();
        step(seen.length, ms);
        seen.push(Math.round(ms));
        if (seen.length >= count) stop.abort();
        return new Promise((r) => setImmediate(r));
      },
      ...over,
    });
    return seen;
  }

  it("spreads a watched wait ±20 % around 1.3 s", async () => {
    const stream = new FakeLogStream();
    stream.write("a line");
    assert.deepEqual(await waits(stream, 2, { random: () => 0 }), [1040, 1040]);
    assert.deepEqual(await waits(stream, 2, { random: () => 0.5 }), [1300, 1300]);
    assert.deepEqual(await waits(stream, 2, { random: () => 0.999_999 }), [1560, 1560]);
  });

  it("waits about two minutes after an unwatched log's first read, then up to 5 minutes, each spread ±50 %", async () => {
    const stream = new FakeLogStream();
    stream.write("the log so far");
    const unwatched = { watched: () => false };
    assert.deepEqual(
      await waits(stream, 4, { ...unwatched, random: () => 0.5 }),
      [120_000, 300_000, 300_000, 300_000],
    );
    assert.deepEqual(await waits(stream, 3, { ...unwatched, random: () => 0 }), [60_000, 150_000, 150_000]);
    assert.deepEqual(
      await waits(stream, 3, { ...unwatched, random: () => 0.999_999 }),
      [180_000, 450_000, 450_000],
    );
  });

  it("takes a backlog of several pages for no pace either", async () => {
    const stream = new FakeLogStream(1000);
    stream.write(...Array.from({ length: 1500 }, () => "backlog"));
    // Two pages at once (no wait between them), then the first wait.
    const over = { watched: () => false, random: () => 0.5, backlogPageSize: 1000 };
    assert.deepEqual(await waits(stream, 1, over), [120_000]);
    assert.equal(stream.calls, 2);
  });

  it("measures a busy log's pace over all the pages of a read", async () => {
    const stream = new FakeLogStream(1000);
    let clock = 0;
    const seen = await waits(
      stream,
      3,
      { watched: () => false, random: () => 0.5, now: () => clock, backlogPageSize: 1000 },
      (_, ms) => {
        // 20 lines a second: 2,400 in the first wait (three pages), a quarter page (250) in 12.5 s.
        clock += ms;
        stream.write(...Array.from({ length: (ms / 1000) * 20 }, () => "busy"));
      },
    );
    // Counting only the last page (400 lines) over the whole wait would give 75 s.
    assert.deepEqual(seen, [120_000, 12_500, 12_500]);
  });

  it("starts afresh when a log that was read seldom is hidden again", async () => {
    const stream = new FakeLogStream();
    stream.write("a line");
    let watched = false;
    // Hidden for two waits, shown for two, hidden again.
    const seen = await waits(stream, 7, { watched: () => watched, random: () => 0.5 }, (i) => {
      watched = i >= 1 && i < 3;
    });
    assert.deepEqual(seen, [120_000, 300_000, 1300, 1300, 120_000, 300_000, 300_000]);
  });
});
