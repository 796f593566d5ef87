import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildStatusBarLook } from "../../../src/codebuild/model/statusBarText";
import { aBuild, aFinishedBuild } from "./builders";

const now = new Date("2026-11-29T10:00:42Z");

describe("the status bar", () => {
  it("spins with the phase while the build runs", () => {
    const look = buildStatusBarLook(aBuild({ number: 5, currentPhase: "PRE_BUILD" }), now);
    assert.equal(look.text, "$(sync~spin) web-app #5 · Pre build");
    assert.equal(look.failed, false);
  });

  it("shows a check and the duration on success, a cross on failure", () => {
    assert.equal(
      buildStatusBarLook(aFinishedBuild("SUCCEEDED", { number: 5 }), now).text,
      "$(check) web-app #5 · 1m 3s",
    );
    const failed = buildStatusBarLook(
      aFinishedBuild("FAILED", { number: 6, projectName: "api-service" }),
      now,
    );
    assert.equal(failed.text, "$(x) api-service #6 failed · 1m 3s");
    assert.ok(failed.failed);
  });

  it("says a running build this window asked to stop is stopping", () => {
    const look = buildStatusBarLook(aBuild({ number: 5, currentPhase: "BUILD" }), now, true);
    assert.equal(look.text, "$(sync~spin) web-app #5 · stopping");
    assert.match(look.tooltip, /is stopping/);
    assert.equal(
      buildStatusBarLook(aFinishedBuild("STOPPED", { number: 5 }), now, true).text,
      "$(circle-slash) web-app #5 stopped · 1m 3s",
    );
  });
});
