import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildActions } from "../../../src/codepipeline/model/status";
import type { PipelineState } from "../../../src/codepipeline/model/types";

describe("the builds a pipeline's actions ran", () => {
  it("are the actions whose external id is a CodeBuild build id, not a source action's commit", () => {
    const state: PipelineState = {
      pipelineName: "web-app-release",
      stages: [
        {
          name: "Source",
          transitionEnabled: true,
          actions: [
            {
              name: "Checkout",
              latest: { status: "Succeeded", externalExecutionId: "9b7d3a1".repeat(5) + "abcde" },
            },
          ],
        },
        {
          name: "Build",
          transitionEnabled: true,
          actions: [
            {
              name: "Compile",
              latest: {
                status: "Failed",
                externalExecutionId: "web-app:2b1f6c1e-0c3d-4a8e-9f6a-1d2e3f4a5b6c",
              },
            },
            { name: "Lint", latest: { status: "InProgress" } },
          ],
        },
        {
          name: "Approval",
          transitionEnabled: true,
          actions: [{ name: "Approve", latest: { status: "InProgress", externalExecutionId: "a-token-id" } }],
        },
      ],
    };
    assert.deepEqual(buildActions(state), [
      { stage: "Build", action: "Compile", buildId: "web-app:2b1f6c1e-0c3d-4a8e-9f6a-1d2e3f4a5b6c" },
    ]);
  });
});
