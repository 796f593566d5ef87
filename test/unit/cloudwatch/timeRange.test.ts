import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseDate, parseRange } from "../../../src/cloudwatch/model/timeRange";

/** What is wrong with a range, or "" for a good one. */
const problem = (r: ReturnType<typeof parseRange>) => (typeof r === "string" ? r : "");

describe("Search Log Group's custom time range", () => {
  const now = Date.UTC(2026, 11, 2, 12, 0);

  it("two dates, in UTC with a Z, or up to now", () => {
    assert.deepEqual(parseRange("2026-12-02 10:00Z .. 2026-12-02 11:30Z", now), {
      start: Date.UTC(2026, 11, 2, 10, 0),
      end: Date.UTC(2026, 11, 2, 11, 30),
    });
    assert.deepEqual(parseRange("2026-12-02T10:00:15Z .. now", now), {
      start: Date.UTC(2026, 11, 2, 10, 0, 15),
      end: now,
    });
    assert.equal(
      parseDate("2026-12-02"),
      new Date(2026, 11, 2).getTime(),
      "a day alone is its midnight, local time",
    );
  });

  it("says what is wrong in words", () => {
    assert.match(problem(parseRange("yesterday", now)), /two dates separated by “\.\.”/);
    assert.match(problem(parseRange("2026-13-02 .. now", now)), /“2026-13-02” is not a date/);
    assert.match(problem(parseRange("2026-02-30 10:00 .. now", now)), /is not a date/);
    assert.equal(
      parseRange("2026-12-02 11:00Z .. 2026-12-02 10:00Z", now),
      "The end must be after the start.",
    );
  });

  it("reads a long line in one pass and refuses it", () => {
    assert.equal(parseDate("2".repeat(100_000)), undefined);
    assert.match(problem(parseRange(`${"1".repeat(50_000)} .. ${"2".repeat(50_000)}`, now)), /is not a date/);
  });
});
