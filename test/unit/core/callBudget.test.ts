import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CallBudget, currentBudget, inBackground } from "../../../src/core/callBudget";

const settle = () => new Promise((r) => setImmediate(r));

describe("the call budget", () => {
  it("has room while the last minute's calls are under the ceiling, and waits for a minute to pass after", async () => {
    let now = 0;
    const budget = new CallBudget(3, () => now);
    for (let i = 0; i < 3; i++) {
      await budget.whenRoom();
      budget.record();
    }
    let fourth = false;
    void budget.whenRoom().then(() => (fourth = true));
    await settle();
    assert.equal(fourth, false, "a fourth poll in the minute waits");
    now = 60_001;
    budget.setCeiling(3); // re-evaluates the window now (the timer would, a minute later)
    await settle();
    assert.equal(fourth, true);
    assert.deepEqual(budget.stats, { calls: 3, waits: 1 });
    budget.dispose();
  });

  it("lets a waiter go when its signal aborts", async () => {
    const budget = new CallBudget(1, () => 0);
    budget.record();
    const abort = new AbortController();
    const waiting = budget.whenRoom(abort.signal);
    abort.abort();
    await assert.rejects(waiting, { name: "AbortError" });
    budget.dispose();
  });

  it("is known to the code a background job runs, and only there", async () => {
    const budget = new CallBudget(10);
    assert.equal(currentBudget(), undefined);
    const seen = await inBackground(budget, async () => {
      await settle();
      return currentBudget();
    });
    assert.equal(seen, budget);
    assert.equal(currentBudget(), undefined);
  });
});
