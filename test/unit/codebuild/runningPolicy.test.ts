import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { POLL } from "../../../src/codebuild/model/pollPolicy";
import { buildsToPoll, type RunningBuildsView } from "../../../src/codebuild/model/runningPolicy";
import { aBuild } from "./builders";

const now = 1_000_000;

function view(overrides: Partial<RunningBuildsView>): RunningBuildsView {
  return {
    running: [],
    followed: [],
    followedOnScreen: [],
    holds: () => true,
    watched: [],
    expandedProjects: () => false,
    describedAt: () => 0,
    now,
    ...overrides,
  };
}

describe("which running builds are polled", () => {
  const web = aBuild({ id: "web-app:1", projectName: "web-app" });
  const api = aBuild({ id: "api-service:1", projectName: "api-service" });
  const docs = aBuild({ id: "docs-site:1", projectName: "docs-site" });

  it("polls none that nobody looks at", () => {
    assert.deepEqual(buildsToPoll(view({ running: [web, api, docs] })), []);
  });

  it("polls the builds on the status bar, in the Current Branch view and under expanded projects", () => {
    const ids = buildsToPoll(
      view({
        running: [web, api, docs],
        watched: [web.id, undefined],
        expandedProjects: (name) => name === "docs-site",
      }),
    );
    assert.deepEqual(ids, [web.id, docs.id]);
  });

  it("asks for a followed build whose log is on screen only every followedStatusMs: its log tells the phases", () => {
    const recently = view({
      running: [web],
      followed: [web.id],
      followedOnScreen: [web.id],
      watched: [web.id],
      describedAt: () => now - 1000,
    });
    assert.deepEqual(buildsToPoll(recently), []);
    const longAgo = view({
      running: [web],
      followed: [web.id],
      followedOnScreen: [web.id],
      describedAt: () => now - POLL.followedStatusMs,
    });
    assert.deepEqual(buildsToPoll(longAgo), [web.id]);
  });

  it("polls a followed build whose log nobody looks at like a shown one, shown or not: its end wakes the follower", () => {
    const ids = buildsToPoll(
      view({
        running: [web, api, docs],
        followed: [web.id, docs.id],
        followedOnScreen: [docs.id],
        describedAt: () => now - 1000,
      }),
    );
    assert.deepEqual(ids, [web.id]);
  });

  it("asks again for a followed build the store no longer holds (a Refresh forgot it)", () => {
    const ids = buildsToPoll(view({ running: [], followed: [web.id], holds: () => false }));
    assert.deepEqual(ids, [web.id]);
  });
});
