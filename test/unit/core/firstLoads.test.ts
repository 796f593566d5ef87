// The order in which the pipeline tree's sections load: the first alone the first time, the
// others once its rows were given to VS Code or it failed, or after the longest wait.
import assert from "node:assert/strict";
import { describe, it, mock } from "node:test";
import { FirstLoads, type Loadable } from "../../../src/core/firstLoads";

/** A part whose load is started when asked and ended by the test. */
class Part implements Loadable {
  started = 0;
  private ends: { resolve: () => void; reject: (e: Error) => void }[] = [];
  constructor(readonly name: string) {}
  load(): Promise<void> {
    this.started++;
    return new Promise((resolve, reject) => this.ends.push({ resolve, reject }));
  }
  succeed(): void {
    for (const end of this.ends.splice(0)) end.resolve();
  }
  fail(): void {
    for (const end of this.ends.splice(0)) end.reject(new Error(`${this.name} failed`));
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

function parts(): [Part, Part, Part] {
  return [new Part("codebuild"), new Part("codepipeline"), new Part("cloudwatch")];
}

describe("first loads", () => {
  it("loads the first part alone, and the others once its rows were given (not when it loaded)", async () => {
    const loads = new FirstLoads<Part>(2_000);
    const [first, second, third] = parts();
    const round = loads.round([first, second, third]);
    await tick();
    assert.deepEqual([first.started, second.started, third.started], [1, 0, 0]);
    assert.equal(loads.hasSettled(first), false);
    first.succeed();
    await round[0];
    await tick();
    assert.equal(loads.hasSettled(first), true);
    assert.deepEqual(
      [second.started, third.started],
      [0, 0],
      "loaded, but VS Code has not asked for its rows",
    );
    loads.startOthers();
    await tick();
    assert.deepEqual([second.started, third.started], [1, 1]);
    second.succeed();
    third.succeed();
    await Promise.all(round);
    assert.equal(loads.hasSettled(third), true);
    loads.dispose();
  });

  it("starts the others at once when the first fails", async () => {
    const loads = new FirstLoads<Part>(2_000);
    const [first, second, third] = parts();
    const round = loads.round([first, second, third]);
    first.fail();
    await assert.rejects(round[0]!, /codebuild failed/);
    await tick();
    assert.deepEqual([second.started, third.started], [1, 1]);
    assert.equal(loads.hasSettled(first), true, "a failure settles too: its message is its rows");
    second.succeed();
    third.succeed();
    loads.dispose();
  });

  it("starts the others after the longest wait when the first part stalls", async () => {
    mock.timers.enable({ apis: ["setTimeout"] });
    try {
      const loads = new FirstLoads<Part>(2_000);
      const [first, second, third] = parts();
      void loads.round([first, second, third]);
      mock.timers.tick(1_999);
      await tick();
      assert.equal(second.started, 0);
      mock.timers.tick(1);
      await tick();
      assert.deepEqual([second.started, third.started], [1, 1], "a stalled first part holds nobody for long");
      loads.dispose();
    } finally {
      mock.timers.reset();
    }
  });

  it("starts every part at once in later rounds (a refresh)", async () => {
    const settled: string[] = [];
    const loads = new FirstLoads<Part>(2_000, (p) => settled.push(p.name));
    const [first, second, third] = parts();
    void loads.load(first);
    first.succeed();
    await tick();
    const round = loads.round([first, second, third]);
    await tick();
    assert.deepEqual([first.started, second.started, third.started], [2, 1, 1]);
    first.succeed();
    second.succeed();
    third.succeed();
    await Promise.all(round);
    assert.deepEqual(settled.sort(), ["cloudwatch", "codebuild", "codebuild", "codepipeline"]);
    loads.dispose();
  });
});
