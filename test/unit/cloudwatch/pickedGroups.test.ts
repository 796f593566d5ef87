import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ECHO_MS, PickedGroups } from "../../../src/cloudwatch/model/pickedGroups";

/** A clock the test moves. */
function clock() {
  let t = 1_000;
  return { now: () => t, pass: (ms: number) => (t += ms) };
}

const sorted = (s: ReadonlySet<string>) => [...s].sort();

describe("the log group picker's chosen groups", () => {
  it("a user's check is chosen; the echoes of a new list are not the user's", () => {
    const time = clock();
    const picked = new PickedGroups([], time.now);
    assert.deepEqual(picked.listed(["/a", "/b"]), []);
    assert.equal(picked.reported([], ["/a", "/b"]), undefined, "the new list's echo");
    assert.equal(picked.reported(["/a"], ["/a", "/b"]), undefined, "a check needs nothing set again");
    assert.deepEqual(sorted(picked.chosen), ["/a"]);
    // The list grows with what a search found: none checked, then /a, come back.
    assert.deepEqual(picked.listed(["/a", "/b", "/c"]), ["/a"]);
    assert.equal(picked.reported([], ["/a", "/b", "/c"]), undefined);
    assert.equal(picked.reported(["/a"], ["/a", "/b", "/c"]), undefined);
    assert.deepEqual(sorted(picked.chosen), ["/a"], "the echo of none checked did not uncheck /a");
    assert.equal(picked.reported(["/a", "/c"], ["/a", "/b", "/c"]), undefined);
    assert.deepEqual(sorted(picked.chosen), ["/a", "/c"]);
  });

  it("a check that crossed a new list on its way is kept and shown again (the e2e flake)", () => {
    const time = clock();
    const picked = new PickedGroups([], time.now);
    picked.listed(["/a", "/b"]);
    picked.reported([], ["/a", "/b"]);
    // More groups are found and sent while the user's check of /b is on its way: the screen takes
    // the extension's list with none checked after the user saw /b checked.
    assert.deepEqual(picked.listed(["/a", "/b", "/c"]), []);
    assert.equal(picked.reported(["/b"], ["/a", "/b", "/c"]), undefined, "an echo is still coming");
    assert.deepEqual(sorted(picked.chosen), ["/b"]);
    time.pass(50);
    // The stale echo: none checked. /b stays chosen, and is checked again on screen.
    assert.deepEqual(picked.reported([], ["/a", "/b", "/c"]), ["/b"]);
    assert.deepEqual(sorted(picked.chosen), ["/b"]);
    assert.equal(picked.reported(["/b"], ["/a", "/b", "/c"]), undefined, "the echo of checking it again");
    assert.deepEqual(sorted(picked.chosen), ["/b"]);
  });

  it("a second check crossing a list that keeps the first", () => {
    const time = clock();
    const picked = new PickedGroups(["/a"], time.now);
    assert.deepEqual(picked.listed(["/a", "/b"]), ["/a"]);
    assert.equal(picked.reported(["/a", "/b"], ["/a", "/b"]), undefined, "the user's, before the echoes");
    assert.equal(picked.reported([], ["/a", "/b"]), undefined);
    assert.deepEqual(picked.reported(["/a"], ["/a", "/b"]), ["/a", "/b"], "the screen lost /b");
    assert.equal(picked.reported(["/a", "/b"], ["/a", "/b"]), undefined);
    assert.deepEqual(sorted(picked.chosen), ["/a", "/b"]);
  });

  it("when VS Code reports only the selection set with a list, the earlier echo is not awaited", () => {
    const time = clock();
    const picked = new PickedGroups(["/a"], time.now);
    picked.listed(["/a", "/b"]);
    assert.equal(picked.reported(["/a"], ["/a", "/b"]), undefined);
    // An uncheck right after is the user's, not the unarrived echo of none checked.
    assert.equal(picked.reported([], ["/a", "/b"]), undefined);
    assert.deepEqual(sorted(picked.chosen), []);
  });

  it("an echo that never came is not awaited after a moment: unchecking the last is the user's", () => {
    const time = clock();
    const picked = new PickedGroups([], time.now);
    picked.listed(["/a", "/b"]);
    picked.reported(["/a"], ["/a", "/b"]);
    time.pass(ECHO_MS + 1);
    assert.equal(picked.reported([], ["/a", "/b"]), undefined);
    assert.deepEqual(sorted(picked.chosen), []);
  });

  it("chosen groups the list does not hold stay chosen", () => {
    const time = clock();
    const picked = new PickedGroups(["/elsewhere"], time.now);
    time.pass(ECHO_MS + 1);
    picked.reported(["/a"], ["/a", "/b"]);
    assert.deepEqual(sorted(picked.chosen), ["/a", "/elsewhere"]);
  });
});
