import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it, mock } from "node:test";
import { whenSlow } from "../../../src/core/whenSlow";

describe("whenSlow", () => {
  beforeEach(() => mock.timers.enable({ apis: ["setTimeout"] }));
  afterEach(() => mock.timers.reset());

  /** Lets the promise callbacks queued so far run. */
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

  it("shows nothing for work that ends (or fails) within the delay", async () => {
    let shown = 0;
    let finish!: () => void;
    whenSlow(new Promise<void>((resolve) => (finish = resolve)), 500, () => shown++);
    mock.timers.tick(499);
    finish();
    await settle();
    mock.timers.tick(1_000);
    assert.equal(shown, 0);

    let fail!: (error: Error) => void;
    const failing = new Promise<void>((_, reject) => (fail = reject));
    failing.catch(() => undefined);
    whenSlow(failing, 500, () => shown++);
    fail(new Error("AccessDenied"));
    await settle();
    mock.timers.tick(1_000);
    assert.equal(shown, 0);
  });

  it("shows once for work still running after the delay", async () => {
    let shown = 0;
    let finish!: () => void;
    whenSlow(new Promise<void>((resolve) => (finish = resolve)), 500, () => shown++);
    mock.timers.tick(500);
    assert.equal(shown, 1);
    finish();
    await settle();
    mock.timers.tick(5_000);
    assert.equal(shown, 1);
  });
});
