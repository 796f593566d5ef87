import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_PAGES_PER_ROUND, pollTail } from "../../../src/logs/pollingTail";
import { RateMeter } from "../../../src/logs/rateMeter";
import { contentKey, SeenEvents } from "../../../src/logs/seenEvents";
import { runTail, type TailMode } from "../../../src/logs/tail";
import type { FilterRequest, TailApi, TailEvent, TailTarget } from "../../../src/logs/tailTypes";
import { FakeTail } from "./fakeTail";

const settle = (ms = 30) => new Promise((r) => setTimeout(r, ms));
const fast = { pollMs: 5, idlePollMs: 10 };
const A = { name: "/app/a", arn: "arn:aws:logs:us-east-1:1:log-group:/app/a" };
const B = { name: "/app/b", arn: "arn:aws:logs:us-east-1:1:log-group:/app/b" };

function run(api: FakeTail, target: TailTarget, preferPolling: boolean, startTime?: number) {
  const stop = new AbortController();
  const out = { events: [] as TailEvent[], notices: [] as string[], modes: [] as TailMode[] };
  const done = runTail({
    api,
    target,
    signal: stop.signal,
    preferPolling,
    onEvents: (e) => out.events.push(...e),
    onNotice: (n) => out.notices.push(n),
    onMode: (m) => out.modes.push(m),
    polling: fast,
    ...(startTime !== undefined ? { now: () => startTime } : {}),
  });
  return { ...out, done, stop: () => (stop.abort(), done) };
}
const messages = (events: readonly TailEvent[]) => events.map((e) => e.message);

describe("the events seen by a tail (exactly once)", () => {
  it("drops an event read again, keeps two identical events, forgets what is older than the window", () => {
    const seen = new SeenEvents();
    seen.add("x", 100);
    seen.add("x", 100);
    assert.equal(seen.take("x"), true);
    assert.equal(seen.take("x"), true);
    assert.equal(seen.take("x"), false, "two occurrences, taken twice");
    const window = new SeenEvents();
    window.add("old", 1);
    window.add("new", 500);
    window.forgetBefore(100);
    assert.equal(window.has("old"), false);
    assert.equal(window.has("new"), true);
    assert.equal(window.size, 1);
    // Taken occurrences are the oldest: forgetting the first of two keeps the second.
    const twice = new SeenEvents();
    twice.add("y", 1);
    twice.add("y", 2);
    assert.equal(twice.take("y"), true);
    twice.forgetBefore(2);
    assert.equal(twice.has("y"), true);
    assert.equal(twice.take("y"), true);
    assert.equal(twice.has("y"), false);
  });

  it("events per second over the last ten seconds", () => {
    let now = 1_000_000;
    const meter = new RateMeter(10, () => now);
    meter.add(30);
    now += 4000;
    meter.add(20);
    assert.equal(meter.perSecond(), 5);
    now += 20_000;
    assert.equal(meter.perSecond(), 0, "nothing lately");
  });
});

const MINUTE = 60_000;

/**
 * FilterLogEvents as CloudWatch pages a filtered read of a busy group: each page scans one
 * minute of it (with the `matches` in that minute), most of them empty, with a token while
 * minutes are left. The tail is stopped after `max` requests; every `throttleEvery`th is throttled.
 */
function minutePages(options: {
  max: number;
  matches?: readonly TailEvent[];
  throttleEvery?: number;
  /** Groups answered in one page whatever their time range. */
  onePage?: readonly string[];
}) {
  const requests: FilterRequest[] = [];
  const stop = new AbortController();
  const api: TailApi = {
    async filterLogEvents(request) {
      requests.push(request);
      await Promise.resolve();
      if (requests.length >= options.max) stop.abort();
      if (options.throttleEvery && requests.length % options.throttleEvery === 0) {
        const e = new Error("Rate exceeded");
        e.name = "ThrottlingException";
        throw e;
      }
      const from = request.startTime ?? 0;
      const to = request.endTime ?? from;
      const ofGroup = (options.matches ?? []).filter((e) => e.group === request.group);
      if (options.onePage?.includes(request.group))
        return { events: ofGroup.filter((e) => e.timestamp >= from && e.timestamp <= to) };
      const page = Number(request.nextToken ?? 0);
      const pageStart = from + page * MINUTE;
      const events = ofGroup.filter(
        (e) => e.timestamp >= pageStart && e.timestamp < Math.min(to + 1, pageStart + MINUTE),
      );
      return pageStart + MINUTE <= to ? { events, nextToken: String(page + 1) } : { events };
    },
    startLiveTail: () => Promise.reject(new Error("not used")),
  };
  /** Tails `target` from minute 0 with the clock at 25 minutes, 5 minutes on at each round; the events delivered. */
  const run = async (target: TailTarget): Promise<TailEvent[]> => {
    let clock = 25 * MINUTE;
    const events: TailEvent[] = [];
    await pollTail({
      api,
      target,
      signal: stop.signal,
      startTime: 0,
      now: () => (clock += 5 * MINUTE),
      onEvents: (e) => events.push(...e),
      onNotice: () => {},
      pollMs: 1,
      idlePollMs: 1,
    });
    return events;
  };
  return { api, requests, stop, run };
}

describe("tailing by polling FilterLogEvents", () => {
  it("delivers every event once across pages and overlapping polls, in timestamp order over groups", async () => {
    const api = new FakeTail(3);
    const t0 = Date.now() - 5000;
    api.write(A.name, "s", ["before the tail"], t0 - 10_000);
    api.write(B.name, "s", ["b0"], t0 - 10_000);
    const tail = run(api, { groups: [A, B] }, true, t0);
    await settle();
    api.write(A.name, "s1", ["a1", "a2", "a3", "a4"], t0 + 10);
    api.write(B.name, "s2", ["b1"], t0 + 20);
    api.write(A.name, "s1", ["a5"], t0 + 30);
    await settle(80);
    api.write(A.name, "s1", ["a6", "a6"], t0 + 40);
    await settle(80);
    assert.equal(await tail.stop(), "stopped");
    assert.deepEqual(messages(tail.events), ["a1", "a2", "a3", "a4", "b1", "a5", "a6", "a6"]);
    assert.ok(
      api.requests.some((r) => r.nextToken),
      "pages were followed",
    );
    assert.ok(
      api.requests.every((r) => r.endTime !== undefined),
      "each round reads up to one instant",
    );
    assert.equal(tail.modes[0], "polling");
  });

  it("a group that goes away is dropped with a notice; with none left the tail ends", async () => {
    const api = new FakeTail();
    api.write(A.name, "s", ["x"], 0);
    api.write(B.name, "s", ["y"], 0);
    const tail = run(api, { groups: [A, B] }, true);
    await settle();
    api.groups.delete(B.name);
    await settle();
    api.write(A.name, "s", ["still here"]);
    await settle(60);
    api.groups.delete(A.name);
    assert.equal(await tail.done, "ended");
    assert.deepEqual(messages(tail.events), ["still here"]);
    assert.equal(tail.notices.filter((n) => /does not exist \(any more\)/.test(n)).length, 2);
  });

  it("a refused filter pattern ends the tail with the service's refusal", async () => {
    const api = new FakeTail();
    api.write(A.name, "s", ["x"]);
    api.failNext("InvalidParameterException", 1, "Invalid filter pattern");
    const tail = run(api, { groups: [A], pattern: "{" }, true);
    await assert.rejects(tail.done, /Invalid filter pattern/);
  });

  it("throttling waits and retries without a word; failures that persist are said once", async () => {
    const api = new FakeTail();
    api.write(A.name, "s", ["x"], 0);
    const notices: string[] = [];
    const stop = new AbortController();
    api.failNext("ThrottlingException", 3);
    api.failNext("InternalFailure", 4, "We encountered an internal error");
    const events: TailEvent[] = [];
    const done = pollTail({
      api,
      target: { groups: [A] },
      signal: stop.signal,
      startTime: Date.now() - 1000,
      onEvents: (e) => events.push(...e),
      onNotice: (n) => notices.push(n),
      pollMs: 1,
      idlePollMs: 2,
      maxBackoffMs: 4,
    });
    await settle(200);
    api.write(A.name, "s", ["after the failures"]);
    await settle(100);
    stop.abort();
    await done;
    assert.deepEqual(notices, [
      "Reading the log groups keeps failing, retrying: We encountered an internal error",
    ]);
    assert.deepEqual(messages(events), ["after the failures"]);
  });

  it("a filter that matches nothing for long reads each stretch of the log once, and a long read goes on from its token", async () => {
    const minute = MINUTE;
    const { requests, run } = minutePages({
      max: 200,
      matches: [{ group: A.name, stream: "s", message: "ERROR boom", timestamp: 25 * minute + 5, id: "e1" }],
    });
    const events = await run({ groups: [A], pattern: "ERROR" });
    const key = (r: FilterRequest) => `${r.startTime}/${r.endTime}/${r.nextToken ?? ""}`;
    assert.equal(new Set(requests.map(key)).size, requests.length, "no page is read twice");
    // The first read (30 minutes, 31 pages) stops at the cap and goes on from its token.
    assert.equal(requests[MAX_PAGES_PER_ROUND]!.nextToken, String(MAX_PAGES_PER_ROUND));
    assert.equal(requests[MAX_PAGES_PER_ROUND]!.startTime, 0);
    assert.deepEqual(messages(events), ["ERROR boom"]);
    // After it (and the round that finished it), each read covers the 5 minutes since the last
    // one ended and 70 s before (10 s, and a minute for a clock ahead of CloudWatch's): 7 pages.
    const later = requests.filter((r) => r.startTime !== 0 && !r.nextToken).slice(1);
    assert.ok(later.length > 20, `${later.length} reads after the first`);
    assert.ok(
      later.every((r) => r.endTime! - r.startTime! === 5 * minute + 70_000),
      "each read starts 70 s before where the last one ended",
    );
  });

  it("a read cut at the page cap holds back the other groups' newer events: all come in timestamp order", async () => {
    const minute = MINUTE;
    const event = (group: string, at: number) => ({
      group,
      stream: "s",
      message: `${group} ${at / minute}`,
      timestamp: at,
      id: `${group}${at}`,
    });
    // /app/a has 31 minutes to read (31 pages: cut at 20); /app/b answers in one page.
    const { run } = minutePages({
      max: 40,
      matches: [event(A.name, 5 * minute), event(A.name, 25 * minute), event(B.name, 28 * minute)],
      onePage: [B.name],
    });
    const events = await run({ groups: [A, B] });
    assert.deepEqual(messages(events), ["/app/a 5", "/app/a 25", "/app/b 28"]);
  });

  it("a read that fails part-way goes on from its last page, not from its start", async () => {
    const minute = MINUTE;
    // Throttled now and then, as a tail near the call ceiling is.
    const { api, requests, stop } = minutePages({ max: 300, throttleEvery: 15 });
    let clock = 60 * minute;
    await pollTail({
      api,
      target: { groups: [A], pattern: "ERROR" },
      signal: stop.signal,
      startTime: 0,
      now: () => (clock += minute),
      onEvents: () => {},
      onNotice: () => {},
      pollMs: 1,
      idlePollMs: 1,
      maxBackoffMs: 1,
    });
    // The first read's 62 pages, each asked for once, or twice when throttled.
    const asked = new Map<string, number>();
    for (const r of requests.filter((q) => q.startTime === 0))
      asked.set(r.nextToken ?? "", (asked.get(r.nextToken ?? "") ?? 0) + 1);
    assert.equal(asked.size, 62);
    assert.ok(
      [...asked.values()].every((times) => times <= 2),
      JSON.stringify([...asked]),
    );
    assert.ok(
      requests.some((r) => r.startTime! > 0),
      "later reads start later",
    );
  });

  it("a clock 15 s ahead of CloudWatch's misses no event that is ingested late", async () => {
    // An event every 500 ms, readable 1.5 s after its timestamp; a request takes 300 ms.
    let real = 1_000_000;
    const written: (TailEvent & { readable: number })[] = [];
    let n = 0;
    const pass = (ms: number) => {
      const end = real + ms;
      for (let t = Math.ceil(real / 500) * 500; t < end; t += 500)
        written.push({
          group: A.name,
          stream: "s",
          timestamp: t,
          readable: t + 1500,
          message: `m${t}`,
          id: String(++n),
        });
      real = end;
    };
    const stop = new AbortController();
    let calls = 0;
    const api: TailApi = {
      async filterLogEvents(r) {
        await Promise.resolve();
        if (++calls > 200) stop.abort();
        pass(300);
        const events = written.filter(
          (e) => e.readable <= real && e.timestamp >= r.startTime! && e.timestamp <= r.endTime!,
        );
        return { events: events.map(({ readable: _r, ...e }) => e) };
      },
      startLiveTail: () => Promise.reject(new Error("not used")),
    };
    const got: TailEvent[] = [];
    await pollTail({
      api,
      target: { groups: [A] },
      signal: stop.signal,
      startTime: real,
      now: () => {
        pass(1700);
        return real + 15_000;
      },
      onEvents: (e) => got.push(...e),
      onNotice: () => {},
      pollMs: 1,
      idlePollMs: 1,
    });
    const due = written.filter((e) => e.readable <= real - 30_000);
    const have = new Set(got.map((e) => e.id));
    assert.deepEqual(
      due.filter((e) => !have.has(e.id)).map((e) => e.message),
      [],
    );
    assert.equal(got.length, have.size, "each once");
  });
});

describe("tailing through Live Tail", () => {
  it("delivers the session's events; says once when they are sampled", async () => {
    const api = new FakeTail();
    api.write(A.name, "s", ["old"], 0);
    const tail = run(api, { groups: [A] }, false);
    await settle();
    assert.deepEqual(tail.modes, ["live"]);
    api.write(A.name, "s", ["one", "two"]);
    api.live!.update({ sampled: true, events: [] });
    api.live!.update({ sampled: true, events: [] });
    await settle();
    await tail.stop();
    assert.deepEqual(messages(tail.events), ["one", "two"]);
    assert.equal(tail.notices.filter((n) => /sends a sample/.test(n)).length, 1);
    assert.equal(api.requests.length, 0, "no FilterLogEvents while Live Tail works");
  });

  it("refused (too many sessions, no permission, no Live Tail at the endpoint): polls instead and says why", async () => {
    const api = new FakeTail();
    api.write(A.name, "s", ["old"], 0);
    api.liveRefusal = Object.assign(
      new Error("You have reached the maximum number of concurrent Live Tail sessions (15)."),
      { name: "LimitExceededException" },
    );
    const tail = run(api, { groups: [A] }, false);
    await settle();
    api.write(A.name, "s", ["by polling"]);
    await settle(60);
    await tail.stop();
    assert.deepEqual(tail.modes, ["polling"]);
    assert.match(
      tail.notices[0] ?? "",
      /^Live Tail is not available \(too many concurrent Live Tail sessions in this account/,
    );
    assert.deepEqual(messages(tail.events), ["by polling"]);
  });

  it("a session that ends is followed by polling from where it stopped, repeating nothing", async () => {
    const api = new FakeTail();
    api.write(A.name, "s", ["old"], 0);
    const tail = run(api, { groups: [A] }, false);
    await settle();
    const t = Date.now();
    api.write(A.name, "s", ["live 1", "live 2"], t);
    await settle();
    api.live!.fail("SessionTimeoutException", "Session timed out after 3 hours.");
    api.write(A.name, "s", ["after the session"], t + 1);
    await settle(80);
    await tail.stop();
    assert.deepEqual(tail.modes, ["live", "polling"]);
    assert.match(
      tail.notices.join("\n"),
      /The Live Tail session ended \(Live Tail sessions last at most three hours\): continuing by polling/,
    );
    assert.deepEqual(messages(tail.events), ["live 1", "live 2", "after the session"]);
  });

  it("an invalid pattern or a missing group is not worked around: the tail ends with the refusal", async () => {
    const api = new FakeTail();
    api.liveRefusal = Object.assign(new Error("Invalid filter pattern"), {
      name: "InvalidParameterException",
    });
    api.write(A.name, "s", ["x"], 0);
    await assert.rejects(run(api, { groups: [A], pattern: "{" }, false).done, {
      name: "InvalidParameterException",
    });
    api.liveRefusal = undefined;
    await assert.rejects(
      run(api, { groups: [{ name: "/missing", arn: "arn:…:log-group:/missing" }] }, false).done,
      { name: "ResourceNotFoundException" },
    );
  });

  it("prefers polling when told to, and for groups without an ARN", async () => {
    const api = new FakeTail();
    api.write(A.name, "s", ["x"], 0);
    const told = run(api, { groups: [A] }, true);
    const noArn = run(api, { groups: [{ name: A.name }] }, false);
    await settle();
    await Promise.all([told.stop(), noArn.stop()]);
    assert.match(told.notices[0] ?? "", /awsCicd\.cloudwatch\.tail\.preferPolling is on/);
    assert.deepEqual(noArn.modes, ["polling"]);
    assert.equal(api.live, undefined, "no session was started");
  });

  it("content keys tell Live Tail's events apart by group, stream, time and message", () => {
    const e = { group: "g", stream: "s", timestamp: 1, message: "m" };
    assert.notEqual(contentKey(e), contentKey({ ...e, stream: "t" }));
    assert.equal(contentKey(e), contentKey({ ...e }));
  });
});
