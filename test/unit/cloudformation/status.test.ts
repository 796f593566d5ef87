import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isInProgress, stackStatusLook, whyNotUpdatable } from "../../../src/cloudformation/model/status";

describe("stack statuses", () => {
  it("are shown in colour: complete green, failed red, rolled back orange, running spins", () => {
    assert.deepEqual(stackStatusLook("UPDATE_COMPLETE"), {
      icon: "pass",
      color: "testing.iconPassed",
      word: "update complete",
    });
    assert.equal(stackStatusLook("CREATE_FAILED").color, "testing.iconFailed");
    assert.deepEqual(stackStatusLook("UPDATE_ROLLBACK_COMPLETE"), {
      icon: "warning",
      color: "charts.orange",
      word: "update rollback complete",
    });
    assert.equal(stackStatusLook("UPDATE_IN_PROGRESS").icon, "sync~spin");
    assert.equal(stackStatusLook("UPDATE_ROLLBACK_IN_PROGRESS").color, "charts.orange");
    assert.equal(stackStatusLook("DELETE_COMPLETE").word, "deleted");
  });

  it("a stack waiting for review is not an operation in progress", () => {
    assert.equal(isInProgress("REVIEW_IN_PROGRESS"), false);
    assert.equal(isInProgress("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"), true);
  });

  it("say plainly why a stack cannot be updated, and what to do", () => {
    assert.match(
      whyNotUpdatable("web", "ROLLBACK_COMPLETE") ?? "",
      /creation failed.*Delete the stack, then deploy again/,
    );
    assert.match(whyNotUpdatable("web", "UPDATE_IN_PROGRESS") ?? "", /busy \(UPDATE_IN_PROGRESS\): wait/);
    assert.equal(whyNotUpdatable("web", "UPDATE_ROLLBACK_COMPLETE"), undefined);
    assert.equal(whyNotUpdatable("web", "UPDATE_COMPLETE"), undefined);
  });
});
