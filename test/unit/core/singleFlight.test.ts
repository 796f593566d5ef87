import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SingleFlight } from "../../../src/core/singleFlight";

/** A request the test answers by hand, recording whether it was aborted. */
function pendingRequest() {
  let answer!: (value: string) => void;
  const state = { calls: 0, aborted: false };
  const fn = (signal: AbortSignal) => {
    state.calls++;
    signal.addEventListener("abort", () => (state.aborted = true));
    return new Promise<string>((resolve) => (answer = resolve));
  };
  return { fn, state, answer: (v: string) => answer(v) };
}

describe("single flight", () => {
  it("joins concurrent calls with the same key onto one request", async () => {
    const flights = new SingleFlight();
    const request = pendingRequest();
    const a = flights.run("k", request.fn);
    const b = flights.run("k", request.fn);
    request.answer("done");
    assert.deepEqual(await Promise.all([a, b]), ["done", "done"]);
    assert.equal(request.state.calls, 1);
  });

  it("lets a caller whose signal aborts go, and keeps the request for the others", async () => {
    const flights = new SingleFlight();
    const request = pendingRequest();
    const leaving = new AbortController();
    const a = flights.run("k", request.fn, leaving.signal);
    const b = flights.run("k", request.fn);
    leaving.abort();
    await assert.rejects(a, { name: "AbortError" });
    assert.equal(request.state.aborted, false);
    request.answer("still wanted");
    assert.equal(await b, "still wanted");
  });

  it("aborts the request when every caller has gone", async () => {
    const flights = new SingleFlight();
    const request = pendingRequest();
    const one = new AbortController();
    const two = new AbortController();
    const a = flights.run("k", request.fn, one.signal);
    const b = flights.run("k", request.fn, two.signal);
    one.abort();
    assert.equal(request.state.aborted, false);
    two.abort();
    assert.equal(request.state.aborted, true);
    await assert.rejects(a);
    await assert.rejects(b);
  });

  it("reset aborts what is in flight, and a call after it starts a new request", async () => {
    const flights = new SingleFlight();
    const old = pendingRequest();
    const fresh = pendingRequest();
    const a = flights.run("k", old.fn);
    flights.reset();
    assert.equal(old.state.aborted, true);
    const b = flights.run("k", fresh.fn);
    assert.equal(fresh.state.calls, 1, "not joined onto the aborted request");
    old.answer("old");
    assert.equal(await a, "old");
    // The old request settling does not forget the new one: a third call joins it.
    const c = flights.run("k", fresh.fn);
    assert.equal(fresh.state.calls, 1);
    fresh.answer("new");
    assert.deepEqual(await Promise.all([b, c]), ["new", "new"]);
  });

  it("dispose aborts what is in flight", () => {
    const flights = new SingleFlight();
    const request = pendingRequest();
    void flights.run("k", request.fn);
    flights.dispose();
    assert.equal(request.state.aborted, true);
  });
});
