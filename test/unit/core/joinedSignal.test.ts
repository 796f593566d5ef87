import assert from "node:assert/strict";
import { getEventListeners } from "node:events";
import { describe, it } from "node:test";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { withJoinedSignal } from "../../../src/core/joinedSignal";
import { SingleFlight } from "../../../src/core/singleFlight";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Heap in use after a full collection, in MiB. */
function heapMiB(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

describe("a signal joined for the length of some work", () => {
  it("aborts when any of its signals does, with that signal's reason", async () => {
    const lifetime = new AbortController();
    const caller = new AbortController();
    let seen: AbortSignal | undefined;
    const work = withJoinedSignal([lifetime.signal, caller.signal], async (signal) => {
      seen = signal;
      await new Promise((r) => setImmediate(r));
      return signal.aborted;
    });
    caller.abort("the caller left");
    assert.equal(await work, true);
    assert.equal(seen?.reason, "the caller left");
    assert.equal(lifetime.signal.aborted, false, "the other signal is left as it was");
  });

  it("starts aborted when one of its signals already is", async () => {
    const gone = new AbortController();
    gone.abort("gone");
    const reason = await withJoinedSignal([new AbortController().signal, gone.signal], (signal) =>
      Promise.resolve(signal.aborted ? String(signal.reason) : undefined),
    );
    assert.equal(reason, "gone");
  });

  it("ends, once the work has settled, what the work started and left running", async () => {
    let sibling: Promise<unknown> | undefined;
    const work = withJoinedSignal([new AbortController().signal], (signal) => {
      // The other request of a Promise.all whose first one failed.
      sibling = new Promise((resolve) =>
        signal.addEventListener("abort", () => resolve("ended"), { once: true }),
      );
      return Promise.reject(new Error("the first request failed"));
    });
    await assert.rejects(work, /the first request failed/);
    assert.equal(await sibling, "ended");
  });

  it("puts one listener on a signal however many joins follow it, failed, thrown or not", async () => {
    const lifetime = new AbortController();
    await withJoinedSignal([lifetime.signal], () => Promise.resolve());
    await assert.rejects(withJoinedSignal([lifetime.signal], () => Promise.reject(new Error("no"))));
    await assert.rejects(
      withJoinedSignal([lifetime.signal], () => {
        throw new Error("thrown before any await");
      }),
    );
    await Promise.all([1, 2, 3].map(() => withJoinedSignal([lifetime.signal], () => Promise.resolve())));
    assert.equal(getEventListeners(lifetime.signal, "abort").length, 1);
    // And it still aborts a join that is running.
    const running = withJoinedSignal(
      [lifetime.signal],
      (signal) =>
        new Promise((resolve) =>
          signal.addEventListener("abort", () => resolve(signal.reason), { once: true }),
        ),
    );
    lifetime.abort("the connection changed");
    assert.equal(await running, "the connection changed");
  });

  it("keeps no memory of the requests on a signal that lives as long as the window", async () => {
    // A store's connection lifetime joined with each request's own signal, as its single
    // flight does, 40,000 times, the event loop turning between requests as it does. With
    // AbortSignal.any the heap grows by about 70 bytes a request here (Node 20).
    const flights = new SingleFlight();
    // Kept reachable while the heap is measured, as a store's flights are for the whole window:
    // what AbortSignal.any recorded on it would be collected with it otherwise.
    const lifetime = flights.signal;
    const before = heapMiB();
    for (let i = 0; i < 40_000; i++) {
      await flights.run("k", (signal) => Promise.resolve(signal.aborted));
      await new Promise((r) => setImmediate(r));
    }
    const grown = heapMiB() - before;
    assert.equal(lifetime.aborted, false);
    flights.dispose();
    assert.ok(grown < 1, `the heap grew by ${grown.toFixed(2)} MiB over 40,000 requests`);
  });
});
