import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Limiter } from "../../../src/core/limiter";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("the limiter", () => {
  it("runs one at a time in the order asked: a slow earlier task still ends first", async () => {
    const limiter = new Limiter(1);
    const events: string[] = [];
    const task = (name: string, ms: number) => async () => {
      events.push(`${name} starts`);
      await tick(ms);
      events.push(`${name} ends`);
      return name;
    };
    const results = await Promise.all([
      limiter.run(task("old read", 30)),
      limiter.run(task("new read", 1)),
      limiter.run(() => Promise.reject(new Error("git failed"))).catch(() => "failed"),
      limiter.run(task("last read", 1)),
    ]);
    assert.deepEqual(results, ["old read", "new read", "failed", "last read"]);
    assert.deepEqual(events, [
      "old read starts",
      "old read ends",
      "new read starts",
      "new read ends",
      "last read starts",
      "last read ends",
    ]);
  });

  it("hands an ending task's place to the first waiting: a run asked as it ends cannot take it first", async () => {
    const limiter = new Limiter(1);
    const events: string[] = [];
    let running = 0;
    let most = 0;
    const task = (name: string) => async () => {
      most = Math.max(most, ++running);
      events.push(name);
      await tick(1);
      running--;
    };
    let endFirst: () => void = () => undefined;
    const first = new Promise<void>((r) => (endFirst = r));
    const firstRun = limiter.run(() => first);
    const waiting = limiter.run(task("waiting"));
    // Runs right after the limiter has seen the first task end, before the waiting one resumes.
    const late = first.then(() => limiter.run(task("asked as the first ended")));
    endFirst();
    await Promise.all([firstRun, waiting, late]);
    assert.deepEqual(events, ["waiting", "asked as the first ended"]);
    assert.equal(most, 1);
  });

  it("runs up to its maximum at once", async () => {
    const limiter = new Limiter(2);
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 6 }, () =>
        limiter.run(async () => {
          most = Math.max(most, ++running);
          await tick(5);
          running--;
        }),
      ),
    );
    assert.equal(most, 2);
    // Its places are all free again: two tasks that each wait for the other to start both run.
    let arrived = 0;
    let both: () => void = () => undefined;
    const bothStarted = new Promise<void>((r) => (both = r));
    const meet = () =>
      limiter.run(async () => {
        if (++arrived === 2) both();
        await bothStarted;
      });
    const timeout = tick(1000).then(() => "only one ran");
    assert.notEqual(await Promise.race([Promise.all([meet(), meet()]), timeout]), "only one ran");
  });
});
