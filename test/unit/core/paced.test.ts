import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CallBudget, inBackground } from "../../../src/core/callBudget";
import { paced } from "../../../src/core/paced";

const settle = () => new Promise((r) => setImmediate(r));

describe("a poll's paced requests", () => {
  it("go at once for the user's work, and one by one within the budget for a poll's", async () => {
    const budget = new CallBudget(2, () => 0);
    budget.record(); // one call of the minute has gone
    const sent: string[] = [];
    // The SDK middleware records a poll's requests, not the user's.
    const send =
      (name: string, background = true) =>
      () => {
        sent.push(name);
        if (background) budget.record();
        return Promise.resolve(name);
      };
    assert.equal(await paced(new AbortController().signal, send("user", false)), "user");
    const poll = inBackground(budget, new AbortController().signal);
    const both = [paced(poll, send("a")), paced(poll, send("b"))];
    await settle();
    assert.deepEqual(sent, ["user", "a"], "the second waits: the minute is full");
    budget.setCeiling(4);
    assert.deepEqual(await Promise.all(both), ["a", "b"]);
    budget.dispose();
  });

  it("stop waiting when the data they are for is gone (the store's lifetime), and are never sent", async () => {
    const budget = new CallBudget(1, () => 0);
    budget.record();
    const lifetime = new AbortController();
    let sent = false;
    const waiting = paced(
      inBackground(budget, new AbortController().signal),
      () => {
        sent = true;
        return Promise.resolve();
      },
      lifetime.signal,
    );
    lifetime.abort();
    await assert.rejects(waiting, { name: "AbortError" });
    budget.setCeiling(5);
    await settle();
    assert.equal(sent, false);
    budget.dispose();
  });

  it("free their place when the request fails", async () => {
    const budget = new CallBudget(1, () => 0);
    const poll = inBackground(budget, new AbortController().signal);
    await assert.rejects(
      paced(poll, () => Promise.reject(new Error("no credentials"))),
      /no credentials/,
    );
    assert.equal(
      await paced(poll, () => Promise.resolve("next")),
      "next",
      "nothing was recorded: room again",
    );
    budget.dispose();
  });
});
