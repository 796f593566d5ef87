import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { budgetOf, CallBudget, carryBudget, inBackground } from "../../../src/core/callBudget";
import { withJoinedSignal } from "../../../src/core/joinedSignal";
import { SingleFlight } from "../../../src/core/singleFlight";

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

  it("a request let go holds its place until it settles: requests taken together cannot all pass before any is recorded", async () => {
    let now = 0;
    const budget = new CallBudget(3, () => now);
    const let_go: (() => void)[] = [];
    const takes = Array.from({ length: 5 }, () => budget.take().then((settled) => let_go.push(settled)));
    await settle();
    assert.equal(let_go.length, 3, "three of five go at once; none has recorded its call yet");
    // The first settles without a call (its credentials failed): its place is free again.
    let_go[0]!();
    let_go[0]!(); // once only
    await settle();
    assert.equal(let_go.length, 4);
    // The others' attempts are recorded: they keep their room for the minute after they settle.
    for (const settled of let_go.slice(1)) {
      budget.record();
      settled();
    }
    await settle();
    assert.equal(let_go.length, 4, "three calls in the minute: the fifth waits");
    now = 60_001;
    budget.setCeiling(3);
    await Promise.all(takes);
    assert.equal(let_go.length, 5);
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

  it("goes with the signal of background work and the signals made from it, and only those", async () => {
    const budget = new CallBudget(10);
    const job = inBackground(budget, new AbortController().signal);
    const user = new AbortController().signal;
    assert.equal(budgetOf(job), budget);
    assert.equal(budgetOf(user), undefined);
    assert.equal(budgetOf(undefined), undefined);
    const budgetInside = (signals: AbortSignal[]) =>
      withJoinedSignal(signals, (s) => Promise.resolve(budgetOf(s)));
    assert.equal(await budgetInside([user, job]), budget, "joined with the job's");
    assert.equal(await budgetInside([user, AbortSignal.timeout(1000)]), undefined);
    const made = new AbortController().signal;
    carryBudget(job, made);
    assert.equal(budgetOf(made), budget);
    // A single flight's request is its first caller's.
    const flights = new SingleFlight();
    let seen: AbortSignal | undefined;
    const first = flights.run(
      "k",
      async (signal) => {
        seen = signal;
        await settle();
      },
      job,
    );
    const joined = flights.run("k", () => Promise.resolve(), user);
    await Promise.all([first, joined]);
    assert.equal(budgetOf(seen), budget);
    await flights.run(
      "k",
      async (signal) => {
        seen = signal;
        await settle();
      },
      user,
    );
    assert.equal(budgetOf(seen), undefined);
    budget.dispose();
  });
});
