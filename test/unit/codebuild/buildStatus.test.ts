import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { phaseName, summaryLine } from "../../../src/codebuild/model/buildStatus";
import { aFinishedBuild, aPhase } from "./builders";

const now = new Date("2026-11-29T10:00:42Z");

describe("the summary line at the end of a log", () => {
  it("names the status, the failing phase and the duration", () => {
    const build = aFinishedBuild("FAILED", {
      number: 3,
      projectName: "api-service",
      phases: [aPhase("INSTALL", "SUCCEEDED"), aPhase("BUILD", "FAILED")],
    });
    assert.equal(
      summaryLine(build, now),
      "──── Build api-service #3 FAILED (phase BUILD FAILED) in 1m 3s ────",
    );
    assert.equal(phaseName("UPLOAD_ARTIFACTS"), "Upload artifacts");
  });
});
