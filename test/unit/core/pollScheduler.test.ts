import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it, mock } from "node:test";
import { Limiter } from "../../../src/core/limiter";
import { isThrottling } from "../../../src/aws/errors";
import { ActivityGate } from "../../../src/core/activityGate";
import { failureBackoffMs, PollScheduler } from "../../../src/core/pollScheduler";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Moves the mocked clock on by `ms`, a millisecond at a time, letting promises settle after each. */
async function advance(ms: number): Promise<void> {
  for (let i = 0; i < ms; i++) {
    mock.timers.tick(1);
    await new Promise((r) => setImmediate(r));
  }
}

describe("the polling scheduler", () => {
  // Simulated time: what is asserted is the order and spacing of polls, not how busy the machine is.
  beforeEach(() => mock.timers.enable({ apis: ["setTimeout", "Date"], now: 1_000_000 }));
  afterEach(() => mock.timers.reset());

  it("never runs a job while its previous poll is still in flight", async () => {
    const scheduler = new PollScheduler({ onError: () => undefined });
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    scheduler.add({
      key: "slow",
      intervalMs: 1,
      maxIntervalMs: 1,
      immediate: true,
      run: async () => {
        running++;
        runs++;
        maxRunning = Math.max(maxRunning, running);
        await tick(15);
        running--;
        return true;
      },
    });
    for (let i = 0; i < 10; i++) scheduler.poke("slow");
    await advance(80);
    scheduler.dispose();
    assert.equal(maxRunning, 1);
    assert.ok(runs >= 2);
  });

  it("waits longer while nothing changes, and returns to the base interval on a poke", async () => {
    const scheduler = new PollScheduler({ onError: () => undefined, growth: 2 });
    const times: number[] = [];
    scheduler.add({
      key: "idle",
      intervalMs: 5,
      maxIntervalMs: 80,
      immediate: true,
      run: () => {
        times.push(Date.now());
        return Promise.resolve(false);
      },
    });
    await advance(200);
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? t));
    assert.ok(gaps.length >= 3, `${gaps.length} gaps`);
    assert.ok((gaps.at(-1) ?? 0) > (gaps[0] ?? 0) * 2, `gaps grow: ${gaps.join(",")}`);
    const before = times.length;
    scheduler.poke("idle");
    await advance(10);
    assert.equal(times.length, before + 1, "a poke polls at once");
    scheduler.dispose();
  });

  it("reports errors to its owner, backs off on throttling without reporting it, and aborts on dispose", async () => {
    const errors: string[] = [];
    const scheduler = new PollScheduler({
      onError: (key, e) => errors.push(`${key}: ${(e as Error).name}`),
      isThrottling,
    });
    let calls = 0;
    let aborted = false;
    scheduler.add({
      key: "flaky",
      intervalMs: 2,
      maxIntervalMs: 4,
      immediate: true,
      run: async (signal) => {
        calls++;
        if (calls === 1) throw Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
        if (calls === 2) throw Object.assign(new Error("boom"), { name: "InternalFailure" });
        signal.addEventListener("abort", () => (aborted = true));
        await tick(1000);
        return false;
      },
    });
    await advance(60);
    scheduler.dispose();
    assert.deepEqual(errors, ["flaky: InternalFailure"]);
    assert.ok(aborted, "the request in flight is aborted");
  });

  it("goes on after its load was cancelled under it (a store reset on a profile change), without reporting it", async () => {
    const errors: string[] = [];
    const scheduler = new PollScheduler({ onError: (key) => errors.push(key) });
    let runs = 0;
    scheduler.add({
      key: "running builds",
      intervalMs: 5,
      maxIntervalMs: 5,
      immediate: true,
      run: () => {
        runs++;
        return runs === 1
          ? Promise.reject(Object.assign(new Error("The request was aborted"), { name: "AbortError" }))
          : Promise.resolve(false);
      },
    });
    await advance(30);
    scheduler.dispose();
    assert.ok(runs >= 3, `polled again after the cancellation: ${runs} runs`);
    assert.deepEqual(errors, []);
  });
});

describe("the request limiter", () => {
  it("runs at most N tasks at once and all of them in the end", async () => {
    const limiter = new Limiter(3);
    let running = 0;
    let most = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limiter.run(async () => {
          running++;
          most = Math.max(most, running);
          await tick(2);
          running--;
          return i;
        }),
      ),
    );
    assert.equal(most, 3);
    assert.deepEqual(
      results,
      Array.from({ length: 20 }, (_, i) => i),
    );
  });

  it("runs no job while the gate is held, and all of them when it opens", async () => {
    const gate = new ActivityGate();
    gate.hold("activation");
    const scheduler = new PollScheduler({
      onError: () => undefined,
      pace: (signal) => gate.whenOpen(signal),
    });
    let runs = 0;
    for (const key of ["a", "b"])
      scheduler.add({
        key,
        intervalMs: 1,
        maxIntervalMs: 1,
        immediate: true,
        run: () => Promise.resolve(!!++runs),
      });
    await tick(30);
    assert.equal(runs, 0);
    gate.release("activation");
    for (let waited = 0; runs < 2 && waited < 5_000; waited += 5) await tick(5);
    assert.ok(runs >= 2, `${runs} runs after the gate opened`);
    scheduler.dispose();
  });

  it("backs off exponentially after failures, with jitter, never below the base interval", () => {
    const job = { intervalMs: 6_000, maxIntervalMs: 15_000 };
    assert.equal(failureBackoffMs(job, 1, 0), 6_000, "the least a failure waits is the base interval");
    assert.equal(failureBackoffMs(job, 1, 0.999999), 6_000 + 0.999999 * 6_000);
    assert.ok(failureBackoffMs(job, 3, 1) > failureBackoffMs(job, 2, 1));
    assert.equal(
      failureBackoffMs(job, 30, 1),
      60_000,
      "capped at four times the longest interval (at least a minute)",
    );
  });
});
