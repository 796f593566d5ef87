import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  headRunStatusBarLook,
  HeadRunNotices,
  type HeadExecution,
} from "../../../src/codepipeline/model/headRun";
import type { ExecutionStatus } from "../../../src/codepipeline/model/types";

function aHeadRun(status: ExecutionStatus, overrides: Partial<HeadExecution> = {}): HeadExecution {
  return {
    pipeline: "web-app-release",
    execution: { id: "0123456789abcdef", pipelineName: "web-app-release", status, sourceRevisions: [] },
    waitingApproval: false,
    ...overrides,
  };
}

describe("the status bar item of the pipeline run carrying HEAD", () => {
  it("spins with the stage while the execution runs", () => {
    const look = headRunStatusBarLook(aHeadRun("InProgress", { stage: "Build" }));
    assert.equal(look.text, "$(sync~spin) web-app-release · Build");
    assert.equal(look.failed, false);
  });

  it("says it waits for an approval", () => {
    const look = headRunStatusBarLook(aHeadRun("InProgress", { waitingApproval: true, stage: "Approval" }));
    assert.equal(look.text, "$(person) web-app-release · waiting for approval");
    assert.match(look.tooltip, /waiting for approval/);
  });

  it("shows a check on success and a cross with the word on failure", () => {
    assert.equal(headRunStatusBarLook(aHeadRun("Succeeded")).text, "$(check) web-app-release");
    const failed = headRunStatusBarLook(aHeadRun("Failed"));
    assert.equal(failed.text, "$(x) web-app-release failed");
    assert.ok(failed.failed);
    assert.match(failed.tooltip, /execution 01234567 of your HEAD commit is failed/);
  });
});

describe("notifications about the pipeline run carrying HEAD", () => {
  it("tells an approval once, and the end of a run it saw running, once", () => {
    const notices = new HeadRunNotices();
    assert.equal(notices.next(aHeadRun("InProgress")), undefined);
    assert.equal(notices.next(aHeadRun("InProgress", { waitingApproval: true })), "approval");
    assert.equal(notices.next(aHeadRun("InProgress", { waitingApproval: true })), undefined);
    assert.equal(notices.next(aHeadRun("Succeeded")), "Succeeded");
    assert.equal(notices.next(aHeadRun("Succeeded")), undefined);
  });

  it("says nothing of a run that had ended before it was seen", () => {
    const notices = new HeadRunNotices();
    assert.equal(notices.next(aHeadRun("Failed")), undefined);
  });
});
