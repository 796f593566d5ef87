import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ActivityGate } from "../../../src/core/activityGate";

/** Timers the test moves by hand. */
function manualTimers() {
  const timers: { fn: () => void; at: number }[] = [];
  let now = 0;
  return {
    setTimeout: (fn: () => void, ms: number) => {
      const timer = { fn, at: now + ms };
      timers.push(timer);
      return timer;
    },
    clearTimeout: (handle: unknown) => {
      const i = timers.indexOf(handle as { fn: () => void; at: number });
      if (i >= 0) timers.splice(i, 1);
    },
    advance(ms: number) {
      now += ms;
      for (const t of timers.filter((t) => t.at <= now)) {
        timers.splice(timers.indexOf(t), 1);
        t.fn();
      }
    },
  };
}

describe("the activity gate", () => {
  it("closes when the window has been unfocused for a minute, and opens on focus with a refresh", async () => {
    const timers = manualTimers();
    const gate = new ActivityGate({ idleAfterMs: 60_000, ...timers });
    let refreshes = 0;
    gate.onDidOpen(() => refreshes++);
    gate.setFocused(false);
    timers.advance(59_000);
    assert.ok(gate.isOpen, "a short look away pauses nothing");
    timers.advance(1_000);
    assert.equal(gate.isOpen, false);
    let passed = false;
    const waiting = gate.whenOpen().then(() => (passed = true));
    await Promise.resolve();
    assert.equal(passed, false);
    gate.setFocused(true);
    await waiting;
    assert.ok(passed);
    assert.equal(refreshes, 1);
  });

  it("is closed at once for a window that starts unfocused", () => {
    const gate = new ActivityGate(manualTimers());
    gate.setFocused(false, true);
    assert.equal(gate.isOpen, false);
  });

  it("stays closed while any hold remains, and lets an aborted waiter go", async () => {
    const gate = new ActivityGate(manualTimers());
    gate.hold("activation");
    gate.hold("unfocused");
    gate.release("activation");
    assert.equal(gate.isOpen, false);
    const abort = new AbortController();
    const waiting = gate.whenOpen(abort.signal);
    abort.abort();
    await assert.rejects(waiting, { name: "AbortError" });
  });
});
