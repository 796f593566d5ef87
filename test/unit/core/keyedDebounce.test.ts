import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it, mock } from "node:test";
import { KeyedDebounce } from "../../../src/core/keyedDebounce";

describe("a debounce per key", () => {
  beforeEach(() => mock.timers.enable({ apis: ["setTimeout"] }));
  afterEach(() => mock.timers.reset());

  it("runs a key once, after the last of a burst; other keys on their own", () => {
    const debounce = new KeyedDebounce();
    const runs: string[] = [];
    for (let i = 0; i < 5; i++) {
      debounce.schedule("a", 300, () => runs.push(`a${i}`));
      mock.timers.tick(100);
    }
    debounce.schedule("b", 300, () => runs.push("b"));
    mock.timers.tick(300);
    assert.deepEqual(runs, ["a4", "b"]);
    debounce.dispose();
  });

  it("runs nothing cancelled or pending at dispose", () => {
    const debounce = new KeyedDebounce();
    const runs: string[] = [];
    debounce.schedule("a", 300, () => runs.push("a"));
    debounce.schedule("b", 300, () => runs.push("b"));
    debounce.cancel("a");
    debounce.dispose();
    mock.timers.tick(1_000);
    assert.deepEqual(runs, []);
  });
});
