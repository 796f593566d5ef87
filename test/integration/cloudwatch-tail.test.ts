// Tailing log groups against the simulator with the real SDK: through Live Tail (the event
// stream) and by polling FilterLogEvents, over the same events — each delivered exactly once and
// in order — and what happens when Live Tail is refused, ends, samples, or a group goes away.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DeleteLogGroupCommand,
  PutLogEventsCommand,
  StartLiveTailCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { AwsClients, fixedClients } from "../../src/aws/clients";
import { runTail, type TailMode } from "../../src/logs/tail";
import { TailGateway } from "../../src/logs/tailGateway";
import type { TailEvent, TailGroup, TailTarget } from "../../src/logs/tailTypes";
import { startSimulator, type Simulator } from "../sim/index";
import { waitFor } from "./helpers/wait";
import { connectionTo, useSimulatorCredentials } from "./world";

interface Tail {
  readonly events: TailEvent[];
  readonly notices: string[];
  readonly modes: TailMode[];
  readonly done: Promise<unknown>;
  stop(): Promise<unknown>;
}

describe("tailing log groups", () => {
  let sim: Simulator;
  let clients: AwsClients;
  let gateway: TailGateway;
  let logs: CloudWatchLogsClient;
  let seq = 0;

  before(async () => {
    sim = await startSimulator({ speed: 20 });
    useSimulatorCredentials(sim);
    clients = new AwsClients(connectionTo(sim));
    gateway = new TailGateway(fixedClients(clients));
    logs = new CloudWatchLogsClient({
      endpoint: sim.url,
      region: sim.region,
      credentials: sim.credentials,
      disableHostPrefix: true,
      maxAttempts: 1,
    });
  });

  after(async () => {
    logs.destroy();
    clients.dispose();
    await sim.close();
  });

  async function group(name: string, streams: string[]): Promise<TailGroup> {
    await logs.send(new CreateLogGroupCommand({ logGroupName: name }));
    for (const s of streams)
      await logs.send(new CreateLogStreamCommand({ logGroupName: name, logStreamName: s }));
    const found = await gateway.describeLogGroups({ prefix: name, max: 10 }, new AbortController().signal);
    const g = found.groups.find((x) => x.name === name);
    assert.ok(g?.arn, `the ARN of ${name}`);
    return { name, arn: g.arn };
  }

  /** Writes `lines` to a stream, each with its own timestamp (one millisecond apart). */
  async function write(g: string, stream: string, lines: string[]): Promise<void> {
    const base = Date.now() + seq;
    seq += lines.length;
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: g,
        logStreamName: stream,
        logEvents: lines.map((message, i) => ({ timestamp: base + i, message })),
      }),
    );
  }

  function tail(target: TailTarget, preferPolling: boolean): Tail {
    const stop = new AbortController();
    const t = { events: [] as TailEvent[], notices: [] as string[], modes: [] as TailMode[] };
    const done = runTail({
      api: gateway,
      target,
      signal: stop.signal,
      preferPolling,
      onEvents: (events) => t.events.push(...events),
      onNotice: (text) => t.notices.push(text),
      onMode: (mode) => t.modes.push(mode),
      polling: { pollMs: 150, idlePollMs: 300 },
    });
    return { ...t, done, stop: () => (stop.abort(), done) };
  }

  const lines = (t: Tail) => t.events.map((e) => `${e.group}|${e.stream}|${e.message}`);
  /** Waits until the tail reads (a Live Tail session has started, or polling has begun). */
  const reading = (t: Tail) => waitFor("the tail to read", () => t.modes.length > 0);

  it("Live Tail and polling deliver the same filtered events of two groups exactly once, in order", async () => {
    const a = await group("/tail/orders", ["web-1", "web-2"]);
    const b = await group("/tail/worker", ["worker-1"]);
    const target = { groups: [a, b], pattern: "?ERROR ?WARN" };
    const live = tail(target, false);
    const polled = tail(target, true);
    await reading(live);
    const expected: string[] = [];
    for (let round = 0; round < 12; round++) {
      for (const [g, stream] of [
        [a.name, "web-1"],
        [b.name, "worker-1"],
        [a.name, "web-2"],
      ] as const) {
        const batch = Array.from({ length: 15 }, (_, i) =>
          i % 5 === 0
            ? `ERROR round ${round} #${i}`
            : i % 7 === 0
              ? `WARN slow ${round}`
              : `INFO ok ${round} #${i}`,
        );
        // The same line twice is two events.
        batch.push(`WARN slow ${round}`);
        await write(g, stream, batch);
        expected.push(...batch.filter((l) => /ERROR|WARN/.test(l)).map((l) => `${g}|${stream}|${l}`));
      }
      await new Promise((r) => setTimeout(r, 40));
    }
    await waitFor(
      "both tails to have every event",
      () => live.events.length >= expected.length && polled.events.length >= expected.length,
      { timeoutMs: 20_000 },
    );
    // Longer than a few polls: nothing comes twice.
    await new Promise((r) => setTimeout(r, 1000));
    await Promise.all([live.stop(), polled.stop()]);
    assert.deepEqual(live.modes, ["live"]);
    assert.deepEqual(polled.modes, ["polling"]);
    assert.deepEqual(lines(live), expected);
    assert.deepEqual(lines(polled), expected);
    assert.equal(await live.done, "stopped");
    // The session ended on the server too (its call is on record once its stream closed).
    await waitFor("the Live Tail request to end", () =>
      sim.calls.some((c) => c.operation === "StartLiveTail"),
    );
  });

  it("a Live Tail session outlives the deadline every other request has", async () => {
    const g = await group("/tail/long", ["s-1"]);
    const short = new AwsClients(connectionTo(sim), { connectMs: 1_000, attemptMs: 12_000, requestMs: 400 });
    const stop = new AbortController();
    const events: TailEvent[] = [];
    const modes: TailMode[] = [];
    const done = runTail({
      api: new TailGateway(fixedClients(short)),
      target: { groups: [g] },
      signal: stop.signal,
      preferPolling: false,
      onEvents: (e) => events.push(...e),
      onNotice: () => undefined,
      onMode: (mode) => modes.push(mode),
      polling: { pollMs: 150, idlePollMs: 300 },
    });
    try {
      await waitFor("the session to start", () => modes.length > 0);
      await new Promise((r) => setTimeout(r, 1_000)); // well past the 400 ms deadline
      await write(g.name, "s-1", ["after the deadline"]);
      await waitFor("the line to come", () => events.length > 0, { timeoutMs: 10_000 });
      assert.deepEqual(modes, ["live"], "the session went on: no fall-back to polling");
      assert.deepEqual(
        events.map((e) => e.message),
        ["after the deadline"],
      );
    } finally {
      stop.abort();
      await done;
      short.dispose();
    }
  });

  it("an invalid filter pattern ends the tail with the service's own message, in both modes", async () => {
    const g = await group("/tail/pattern", ["s"]);
    for (const preferPolling of [false, true]) {
      const t = tail({ groups: [g], pattern: '{ $.level = "ERROR" ' }, preferPolling);
      await assert.rejects(t.done, (e: Error) => {
        assert.equal(e.name, "InvalidParameterException");
        assert.equal(e.message, "If a filter pattern starts with '{' it must end with '}'");
        return true;
      });
    }
  });

  it("a Live Tail session that is refused falls back to polling and says why", async () => {
    const g = await group("/tail/refused", ["s"]);
    sim.faults.add("StartLiveTail:error=x1@AccessDeniedException/400");
    const t = tail({ groups: [g] }, false);
    await waitFor("the fallback", () => t.modes.includes("polling"));
    await write(g.name, "s", ["after the refusal"]);
    await waitFor("the event, by polling", () => t.events.length === 1);
    await t.stop();
    assert.match(
      t.notices.join("\n"),
      /Live Tail is not available \(not allowed: .*\): tailing by polling FilterLogEvents/,
    );
    assert.deepEqual(lines(t), [`${g.name}|s|after the refusal`]);
  });

  it("too many concurrent Live Tail sessions: the tail polls instead and says so", async () => {
    const g = await group("/tail/crowded", ["s"]);
    const others = new AbortController();
    const sessions = [];
    for (let i = 0; i < 15; i++) {
      const out = await logs.send(new StartLiveTailCommand({ logGroupIdentifiers: [g.arn!] }), {
        abortSignal: others.signal,
      });
      sessions.push(out);
    }
    const t = tail({ groups: [g] }, false);
    await waitFor("the fallback", () => t.modes.includes("polling"));
    others.abort();
    await write(g.name, "s", ["one", "two"]);
    await waitFor("the events", () => t.events.length === 2);
    await t.stop();
    assert.match(t.notices[0] ?? "", /too many concurrent Live Tail sessions in this account/);
    assert.deepEqual(lines(t), [`${g.name}|s|one`, `${g.name}|s|two`]);
  });

  it("a log group deleted mid-tail: the other group goes on; with none left the tail ends", async () => {
    let a = await group("/tail/keep", ["s"]);
    let b = await group("/tail/doomed", ["s"]);
    for (const preferPolling of [true, false]) {
      const t = tail({ groups: [a, b] }, preferPolling);
      await reading(t);
      await write(b.name, "s", ["doomed 1"]);
      await write(a.name, "s", ["kept 1"]);
      await waitFor("the first events", () => t.events.length === 2);
      await logs.send(new DeleteLogGroupCommand({ logGroupName: b.name }));
      await write(a.name, "s", ["kept 2"]);
      await waitFor("the event after the deletion", () => t.events.length === 3, { timeoutMs: 10_000 });
      await logs.send(new DeleteLogGroupCommand({ logGroupName: a.name }));
      assert.equal(await t.done, "ended");
      assert.deepEqual(lines(t), [`${b.name}|s|doomed 1`, `${a.name}|s|kept 1`, `${a.name}|s|kept 2`]);
      assert.match(
        t.notices.join("\n"),
        /Log group \/tail\/keep does not exist \(any more\): it is no longer tailed/,
      );
      // Again, for the other mode.
      a = await group(a.name, ["s"]);
      b = await group(b.name, ["s"]);
    }
  });
});

describe("a Live Tail session that ends (the three-hour limit)", () => {
  it("is followed by polling from where it stopped: every event once, in order", async () => {
    // At this speed three simulated hours last about 2.7 s.
    const sim = await startSimulator({ speed: 4000 });
    useSimulatorCredentials(sim);
    const clients = new AwsClients(connectionTo(sim));
    const gateway = new TailGateway(fixedClients(clients));
    sim.logs.append("/tail/long", "s", ["before the tail"]);
    const { groups } = await gateway.describeLogGroups(
      { prefix: "/tail/long", max: 1 },
      new AbortController().signal,
    );
    const stop = new AbortController();
    const events: string[] = [];
    const notices: string[] = [];
    const modes: string[] = [];
    const done = runTail({
      api: gateway,
      target: { groups },
      signal: stop.signal,
      preferPolling: false,
      onEvents: (e) => events.push(...e.map((x) => x.message)),
      onNotice: (n) => notices.push(n),
      onMode: (m) => modes.push(m),
      polling: { pollMs: 150, idlePollMs: 300 },
    });
    await waitFor("the Live Tail session", () => modes.includes("live"));
    const expected: string[] = [];
    for (let i = 0; i < 40; i++) {
      const line = `line ${i}`;
      sim.logs.append("/tail/long", "s", [line]);
      expected.push(line);
      await new Promise((r) => setTimeout(r, 100));
    }
    await waitFor("every line", () => events.length >= expected.length, { timeoutMs: 10_000 });
    assert.deepEqual(modes, ["live", "polling"]);
    await new Promise((r) => setTimeout(r, 800));
    stop.abort();
    await done;
    clients.dispose();
    await sim.close();
    assert.match(
      notices.join("\n"),
      /The Live Tail session ended \(Live Tail sessions last at most three hours\): continuing by polling/,
    );
    assert.deepEqual(events, expected);
  });
});
