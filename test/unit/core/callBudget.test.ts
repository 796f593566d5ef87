import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CallBudget, currentBudget, inBackground } from "../../../src/core/callBudget";

const settle = () => new Promise((r) => setImmediate(r));

describe("the call budget", () => {
  it("lets calls through at once while under the ceiling, then holds them until a minute has passed", async () => {
    let now = 0;
    const budget = new CallBudget(3, () => now);
    for (let i = 0; i < 3; i++) await budget.take();
    let fourth = false;
    void budget.take().then(() => (fourth = true));
    await settle();
    assert.equal(fourth, false, "the fourth call in a minute waits");
    now = 60_001;
    budget.setCeiling(3); // re-evaluates the window now (the timer would, a minute later)
    await settle();
    assert.equal(fourth, true);
    assert.deepEqual(budget.stats, { calls: 4, held: 1 });
    budget.dispose();
  });

  it("gives up waiting when its request is aborted", async () => {
    const budget = new CallBudget(1, () => 0);
    await budget.take();
    const abort = new AbortController();
    const waiting = budget.take(abort.signal);
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
