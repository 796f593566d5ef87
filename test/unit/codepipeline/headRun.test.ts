import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  executionPlace,
  headRunStatusBarLook,
  HeadRunNotices,
  type HeadExecution,
} from "../../../src/codepipeline/model/headRun";
import type { ExecutionStatus, PipelineState } from "../../../src/codepipeline/model/types";

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

describe("where a running execution is", () => {
  const state = (...latest: [string, string | undefined, string | undefined][]): PipelineState => ({
    pipelineName: "web-app-release",
    stages: latest.map(([name, executionId, status]) => ({
      name,
      transitionEnabled: true,
      actions: [],
      ...(executionId && status ? { latestExecution: { executionId, status } } : {}),
    })),
  });

  it("runs in the stage that shows it in progress", () => {
    const s = state(
      ["Source", "new", "Succeeded"],
      ["Build", "new", "InProgress"],
      ["Approval", "old", "InProgress"],
    );
    assert.deepEqual(executionPlace(s, "new"), { stage: "Build" });
  });

  it("is queued for the stage after its last while an earlier execution holds it, not said to be there", () => {
    const s = state(
      ["Source", "new", "Succeeded"],
      ["Build", "new", "Succeeded"],
      ["Approval", "old", "InProgress"],
      ["Deploy", "old", "Succeeded"],
    );
    assert.deepEqual(executionPlace(s, "new"), { queuedFor: "Approval" });
    const look = headRunStatusBarLook(aHeadRun("InProgress", executionPlace(s, "new")));
    assert.equal(look.text, "$(sync~spin) web-app-release · queued for Approval");
  });

  it("says nothing when the state shows it nowhere, or past its last stage", () => {
    const s = state(["Source", "old", "Succeeded"], ["Build", "old", "InProgress"]);
    assert.deepEqual(executionPlace(s, "new"), {});
    assert.deepEqual(executionPlace(state(["Source", "new", "Succeeded"]), "new"), {});
    assert.deepEqual(executionPlace(undefined, "new"), {});
    assert.equal(headRunStatusBarLook(aHeadRun("InProgress")).text, "$(sync~spin) web-app-release");
  });
});
