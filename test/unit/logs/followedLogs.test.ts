import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FollowedLogs, type FollowEnd, type LineSink } from "../../../src/logs/followedLogs";

class RecordingSink implements LineSink {
  text = "";
  shown = 0;
  disposed = false;
  append(text: string): void {
    this.text += text;
  }
  show(): void {
    this.shown++;
  }
  dispose(): void {
    this.disposed = true;
  }
}

function registry() {
  const sinks: RecordingSink[] = [];
  const logs = new FollowedLogs(() => {
    const sink = new RecordingSink();
    sinks.push(sink);
    return sink;
  });
  return { logs, sinks };
}

const settle = () => new Promise((r) => setImmediate(r));

describe("the registry of followed logs", () => {
  it("follows a key once: a second show reveals the same channel", async () => {
    const { logs, sinks } = registry();
    let release!: (end: FollowEnd) => void;
    const run = () => new Promise<FollowEnd>((resolve) => (release = resolve));
    assert.equal(logs.follow("build:1", "Build: a #1", run), true);
    assert.equal(logs.follow("build:1", "Build: a #1", run), false);
    assert.equal(sinks.length, 1);
    assert.equal(sinks[0]?.shown, 2);
    assert.ok(logs.isFollowing("build:1"));
    assert.deepEqual(logs.followingKeys("build:"), ["build:1"]);
    release("completed");
    await settle();
    assert.equal(logs.isFollowing("build:1"), false);
    assert.equal(logs.endOf("build:1"), "completed");
    assert.equal(
      logs.follow("build:1", "Build: a #1", run),
      false,
      "a completed log is shown, not read again",
    );
  });

  it("tells which followed logs are on screen; a sink that cannot tell counts as on screen", () => {
    const visible = new Set<string>(["Build: b #2"]);
    const logs = new FollowedLogs((name) => {
      const sink = new RecordingSink();
      return name.startsWith("Tail") ? sink : Object.assign(sink, { isVisible: () => visible.has(name) });
    });
    const running = () => new Promise<FollowEnd>(() => undefined);
    logs.follow("build:1", "Build: a #1", running);
    logs.follow("build:2", "Build: b #2", running);
    logs.follow("tail:g", "Tail: g", running);
    assert.deepEqual(logs.onScreenKeys("build:"), ["build:2"]);
    assert.deepEqual(logs.onScreenKeys(), ["build:2", "tail:g"]);
    visible.add("Build: a #1");
    assert.deepEqual(logs.onScreenKeys("build:"), ["build:1", "build:2"]);
  });

  it("starts afresh in a new channel when the follower failed or was stopped", async () => {
    const { logs, sinks } = registry();
    logs.follow("build:2", "Build: b #2", () => Promise.reject(new Error("AccessDenied")));
    await settle();
    assert.equal(logs.endOf("build:2"), "failed");
    assert.match(sinks[0]?.text ?? "", /Following stopped: AccessDenied/);
    assert.equal(
      logs.follow("build:2", "Build: b #2", () => Promise.resolve("completed")),
      true,
    );
    assert.equal(sinks.length, 2);
    assert.ok(sinks[0]?.disposed, "the stale channel is closed");
  });

  it("stops every follower with a reason, and their signals abort", async () => {
    const { logs, sinks } = registry();
    const signals: AbortSignal[] = [];
    const run = ({ signal }: { signal: AbortSignal }) =>
      new Promise<FollowEnd>((resolve) => {
        signals.push(signal);
        signal.addEventListener("abort", () => resolve("stopped"));
      });
    logs.follow("build:a", "a", run);
    logs.follow("tail:b", "b", run);
    logs.stopAll("The AWS profile or region changed");
    await settle();
    assert.ok(signals.every((s) => s.aborted));
    assert.ok(sinks.every((s) => s.text.includes("The AWS profile or region changed")));
    assert.deepEqual(logs.followingKeys(), []);
  });

  it("keeps at most eight channels, closing the oldest finished ones", async () => {
    const { logs, sinks } = registry();
    for (let i = 0; i < 10; i++) logs.follow(`build:${i}`, `${i}`, () => Promise.resolve("completed"));
    await settle();
    logs.follow("build:new", "new", () => Promise.resolve("completed"));
    assert.equal(sinks.filter((s) => !s.disposed).length, 8);
    assert.ok(sinks[0]?.disposed && sinks[1]?.disposed);
  });

  it("closes every channel and stops every follower when disposed", () => {
    const { logs, sinks } = registry();
    let aborted = false;
    logs.follow("build:x", "x", ({ signal }) => {
      signal.addEventListener("abort", () => (aborted = true));
      return new Promise<FollowEnd>(() => undefined);
    });
    logs.dispose();
    assert.ok(aborted);
    assert.ok(sinks[0]?.disposed);
  });
});
