import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { messageLines, stripAnsi } from "../../../src/core/ansi";
import {
  formatBytes,
  channelLine,
  formatDuration,
  relativeTime,
  shortInitiator,
  shortSourceVersion,
} from "../../../src/core/format";

describe("formatting for people", () => {
  it("writes durations in the largest two units", () => {
    assert.equal(formatDuration(0), "0s");
    assert.equal(formatDuration(42_400), "42s");
    assert.equal(formatDuration(63_000), "1m 3s");
    assert.equal(formatDuration(2 * 3600_000 + 5 * 60_000), "2h 5m");
  });

  it("writes sizes in powers of 1,024, one decimal under 10", () => {
    assert.equal(formatBytes(512), "512 B");
    assert.equal(formatBytes(1_448_576), "1.4 MB");
    assert.equal(formatBytes(1_048_100), "1.0 MB", "not 1024 KB");
    assert.equal(formatBytes(1023), "1023 B");
    assert.equal(formatBytes(15 * 1024 * 1024), "15 MB");
    assert.equal(formatBytes(0), "0 B");
  });

  it("writes times relative to now", () => {
    const now = new Date("2026-11-29T12:00:00Z");
    assert.equal(relativeTime(new Date("2026-11-29T11:59:30Z"), now), "just now");
    assert.equal(relativeTime(new Date("2026-11-29T11:55:00Z"), now), "5 min ago");
    assert.equal(relativeTime(new Date("2026-11-29T09:00:00Z"), now), "3 h ago");
    assert.equal(relativeTime(new Date("2026-11-28T12:00:00Z"), now), "yesterday");
    assert.equal(relativeTime(new Date("2025-01-02T12:00:00Z"), now), "2025-01-02");
  });

  it("shortens commit ids and refs but leaves branch names", () => {
    assert.equal(shortSourceVersion("0123456789abcdef0123456789abcdef01234567"), "0123456");
    assert.equal(shortSourceVersion("refs/heads/feature/x"), "feature/x");
    assert.equal(shortSourceVersion("main"), "main");
    assert.equal(shortSourceVersion(undefined), undefined);
  });

  it("shows who started a build without the user/ prefix or role ARN", () => {
    assert.equal(shortInitiator("user/alice"), "alice");
    assert.equal(
      shortInitiator("arn:aws:sts::123456789012:assumed-role/Dev/bob@example.com"),
      "bob@example.com",
    );
    assert.equal(shortInitiator("codepipeline/release"), "codepipeline/release");
  });
});

describe("log lines", () => {
  it("strips colours, cursor moves and OSC links", () => {
    assert.equal(stripAnsi("\u001b[32mPASS\u001b[0m \u001b[1mtests\u001b[22m"), "PASS tests");
    assert.equal(
      stripAnsi("\u001b]8;;http://x\u0007link\u001b]8;;\u0007 \u001b[2K\u001b[1Gdone"),
      "link done",
    );
  });

  it("splits an event into lines without the trailing newline", () => {
    assert.deepEqual(messageLines("one\n"), ["one"]);
    assert.deepEqual(messageLines("a\r\nb\rc"), ["a", "b", "c"]);
    assert.deepEqual(messageLines(""), [""]);
  });

  it("cuts a line longer than an output channel shows, saying how much was left out", () => {
    assert.equal(channelLine("short"), "short");
    const long = "x".repeat(262_144);
    const cut = channelLine(long);
    assert.equal(cut.length < 8_100, true);
    assert.ok(cut.startsWith("x".repeat(8_000)));
    assert.match(cut, /\[…254,144 more characters not shown\]$/);
  });
});
