import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BuildStore } from "../../../src/codebuild/store";
import { followBuildLog } from "../../../src/codebuild/followBuild";
import type { Build, CodeBuildApi } from "../../../src/codebuild/model/types";
import { aBuild } from "./builders";
import { FakeLogStream } from "../logs/fakeLogs";
import { sleep } from "../../../src/core/sleep";

/** CodeBuild that answers with whatever the test says the build is now. */
function codebuildShowing(current: () => Build, calls: string[]): CodeBuildApi {
  const no = () => Promise.reject(new Error("not used"));
  return {
    listProjectNames: no,
    getProjects: no,
    listBuildIdsForProject: no,
    listBuildIds: no,
    startBuild: no,
    stopBuild: no,
    retryBuild: no,
    getBuilds: () => {
      calls.push("BatchGetBuilds");
      return Promise.resolve([current()]);
    },
  };
}

describe("following a build's log with its status", () => {
  it("asks for a build until CodeBuild names its log stream, takes phases from the log, and asks for its end when the log says so", async () => {
    const queued = aBuild({ currentPhase: "QUEUED", logs: undefined });
    let now: Build = queued;
    const calls: string[] = [];
    const store = new BuildStore(
      codebuildShowing(() => now, calls),
      10,
    );
    store.upsert(queued);
    const stream = new FakeLogStream();
    const phases: string[] = [];
    store.onDidChangeBuild((b) => phases.push(b.currentPhase ?? ""));
    const following = followBuildLog({
      store,
      logs: stream,
      build: queued,
      signal: new AbortController().signal,
      onLines: () => undefined,
      pollMs: 20,
      drainGraceMs: 20,
    });
    await new Promise((r) => setTimeout(r, 50));
    assert.ok(calls.length >= 1, "the build was asked for while its stream had no name");
    now = {
      ...queued,
      currentPhase: "PROVISIONING",
      logs: { groupName: "/aws/codebuild/web-app", streamName: "s" },
    };
    await new Promise((r) => setTimeout(r, 1100));
    const asked = calls.length;
    stream.write(
      "[Container] 2026/11/29 10:00:01.000001 Entering phase BUILD\n",
      "npm run build\n",
      "[Container] 2026/11/29 10:00:05.000001 Phase complete: UPLOAD_ARTIFACTS State: SUCCEEDED\n",
    );
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(
      store.build(queued.id)?.currentPhase,
      "BUILD",
      "the phase comes from the log, without a request",
    );
    assert.equal(calls.length, asked, "no request for the phase");
    now = { ...now, currentPhase: "COMPLETED", status: "SUCCEEDED", complete: true };
    assert.equal(await following, "completed", "the end was asked for after the last phase with output");
    assert.ok(phases.includes("BUILD"));
  });

  it("stops asking for a build that is past provisioning without a log stream, and says its logs are off", async () => {
    const building = aBuild({ currentPhase: "BUILD", logs: undefined });
    const calls: string[] = [];
    const store = new BuildStore(
      codebuildShowing(() => building, calls),
      10,
    );
    store.upsert(building);
    let notices = 0;
    const stop = new AbortController();
    const following = followBuildLog({
      store,
      logs: new FakeLogStream(),
      build: building,
      signal: stop.signal,
      onLines: () => undefined,
      onLogsOff: () => notices++,
      pollMs: 10,
    });
    await new Promise((r) => setTimeout(r, 120));
    stop.abort();
    await following;
    assert.equal(notices, 1);
    assert.deepEqual(calls, [], "no BatchGetBuilds from the follower once the logs are known to be off");
  });

  it("ends a long wait of a log nobody looks at as soon as the store sees the build complete", async () => {
    const running = aBuild({
      currentPhase: "BUILD",
      logs: { groupName: "/aws/codebuild/web-app", streamName: "s" },
    });
    let now: Build = running;
    const store = new BuildStore(
      codebuildShowing(() => now, []),
      10,
    );
    store.upsert(running);
    const stream = new FakeLogStream();
    stream.write("building");
    const received: string[] = [];
    const following = followBuildLog({
      store,
      logs: stream,
      build: running,
      signal: new AbortController().signal,
      onLines: (lines) => received.push(...lines),
      pollMs: 10,
      drainGraceMs: 10,
      unwatchedPollMs: 60_000,
      watched: () => false,
    });
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(stream.calls, 1, "read once, then a wait of a minute");
    stream.write("done");
    now = { ...running, currentPhase: "COMPLETED", status: "SUCCEEDED", complete: true };
    // A status poll (or anything else) tells the store; the follower drains and ends, not a minute later.
    await store.refreshBuilds([running.id], new AbortController().signal);
    const ended = await Promise.race([following, sleep(2000).then(() => "still waiting")]);
    assert.equal(ended, "completed");
    assert.deepEqual(received, ["building", "done"]);
  });
});
