// CloudWatch Logs in the simulator through the real SDK: GetLogEvents token semantics, the
// 1 MB cap, FilterLogEvents, Describe*, writes, and a long log written at a controlled rate.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
  type GetLogEventsCommandInput,
} from "@aws-sdk/client-cloudwatch-logs";
import { StartBuildCommand } from "@aws-sdk/client-codebuild";
import { startSimulator, type Simulator } from "../sim/index";
import { waitForBuild } from "./helpers/sim-builds";
import { simClients, type Clients } from "./helpers/sim-clients";

const G = "/test/tokens";
const S = "stream-a";

describe("simulated CloudWatch Logs", () => {
  let sim: Simulator;
  let c: Clients;
  const get = (input: Partial<GetLogEventsCommandInput>) =>
    c.logs.send(new GetLogEventsCommand({ logGroupName: G, logStreamName: S, ...input }));

  before(async () => {
    sim = await startSimulator({ scenario: "big-log", speed: 4 });
    c = simClients(sim);
    sim.logs.append(
      G,
      S,
      Array.from({ length: 25 }, (_, i) => `line ${i + 1}`),
    );
  });
  after(async () => {
    c.destroy();
    await sim.close();
  });

  it("reads forward from the head in pages, without duplicates, and keeps the token when idle", async () => {
    const seen: string[] = [];
    let out = await get({ startFromHead: true, limit: 10 });
    assert.match(out.nextForwardToken!, /^f\/\d+$/);
    assert.match(out.nextBackwardToken!, /^b\/\d+$/);
    seen.push(...out.events!.map((e) => e.message!));
    for (let i = 0; i < 2; i++) {
      out = await get({ nextToken: out.nextForwardToken, limit: 10 });
      seen.push(...out.events!.map((e) => e.message!));
    }
    assert.deepEqual(
      seen,
      Array.from({ length: 25 }, (_, i) => `line ${i + 1}`),
    );
    const idleToken = out.nextForwardToken!;
    const idle = await get({ nextToken: idleToken, limit: 10 });
    assert.deepEqual(idle.events, []);
    assert.equal(idle.nextForwardToken, idleToken, "no new events: the same forward token");
    const again = await get({ nextToken: idleToken });
    assert.equal(again.nextForwardToken, idleToken);

    sim.logs.append(G, S, ["line 26", "line 27"]);
    const fresh = await get({ nextToken: idleToken });
    assert.deepEqual(
      fresh.events!.map((e) => e.message),
      ["line 26", "line 27"],
    );
    assert.notEqual(fresh.nextForwardToken, idleToken);
    for (const e of fresh.events!) {
      assert.equal(typeof e.timestamp, "number");
      assert.equal(typeof e.ingestionTime, "number");
    }
  });

  it("returns the newest events by default and walks back with the backward token", async () => {
    const tail = await get({ limit: 5 });
    assert.deepEqual(
      tail.events!.map((e) => e.message),
      ["line 23", "line 24", "line 25", "line 26", "line 27"],
    );
    const back = await get({ nextToken: tail.nextBackwardToken, limit: 5 });
    assert.deepEqual(
      back.events!.map((e) => e.message),
      ["line 18", "line 19", "line 20", "line 21", "line 22"],
    );
    const start = await get({ nextToken: "b/0" });
    assert.deepEqual(start.events, []);
    assert.equal(start.nextBackwardToken, "b/" + "0".repeat(56), "at the head the backward token stays put");
    // Following a backward page's forward token continues right after it.
    const fwd = await get({ nextToken: back.nextForwardToken, limit: 2 });
    assert.deepEqual(
      fwd.events!.map((e) => e.message),
      ["line 23", "line 24"],
    );
  });

  it("filters by startTime/endTime and rejects invalid tokens", async () => {
    const stream = "timed";
    const group = "/test/timed";
    await c.logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await c.logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
    await c.logs.send(
      new PutLogEventsCommand({
        logGroupName: group,
        logStreamName: stream,
        logEvents: [1000, 2000, 3000, 4000].map((t) => ({
          timestamp: 1_700_000_000_000 + t,
          message: `at ${t}`,
        })),
      }),
    );
    const out = await c.logs.send(
      new GetLogEventsCommand({
        logGroupName: group,
        logStreamName: stream,
        startFromHead: true,
        startTime: 1_700_000_002_000,
        endTime: 1_700_000_004_000,
      }),
    );
    assert.deepEqual(
      out.events!.map((e) => e.message),
      ["at 2000", "at 3000"],
    );
    await assert.rejects(get({ nextToken: "x/123" }), { name: "InvalidParameterException" });
    await assert.rejects(
      c.logs.send(new GetLogEventsCommand({ logGroupName: "/no/such", logStreamName: S })),
      {
        name: "ResourceNotFoundException",
        message: "The specified log group does not exist.",
      },
    );
    await assert.rejects(get({ logStreamName: "no-such-stream" }), {
      name: "ResourceNotFoundException",
      message: "The specified log stream does not exist.",
    });
    await assert.rejects(get({ limit: 10_001 }), { name: "InvalidParameterException" });
  });

  it("caps an answer at 1 MB and continues from there", async () => {
    const big = "x".repeat(200_000);
    sim.logs.append(
      "/test/big",
      "s",
      Array.from({ length: 10 }, (_, i) => `${i}${big}`),
    );
    const first = await c.logs.send(
      new GetLogEventsCommand({ logGroupName: "/test/big", logStreamName: "s", startFromHead: true }),
    );
    assert.equal(first.events?.length, 5, "5 × (200 kB + 26 B) fits in 1,048,576 bytes, 6 do not");
    const second = await c.logs.send(
      new GetLogEventsCommand({
        logGroupName: "/test/big",
        logStreamName: "s",
        nextToken: first.nextForwardToken,
      }),
    );
    assert.deepEqual(
      second.events?.map((e) => e.message![0]),
      ["5", "6", "7", "8", "9"],
    );
  });

  it("writes with CreateLogGroup/CreateLogStream/PutLogEvents and refuses duplicates", async () => {
    await c.logs.send(new CreateLogGroupCommand({ logGroupName: "/test/write" }));
    await assert.rejects(c.logs.send(new CreateLogGroupCommand({ logGroupName: "/test/write" })), {
      name: "ResourceAlreadyExistsException",
    });
    await c.logs.send(new CreateLogStreamCommand({ logGroupName: "/test/write", logStreamName: "w" }));
    await assert.rejects(
      c.logs.send(new CreateLogStreamCommand({ logGroupName: "/test/write", logStreamName: "w" })),
      {
        name: "ResourceAlreadyExistsException",
      },
    );
    await assert.rejects(
      c.logs.send(new CreateLogStreamCommand({ logGroupName: "/test/none", logStreamName: "w" })),
      {
        name: "ResourceNotFoundException",
      },
    );
    const now = Date.now();
    const put = await c.logs.send(
      new PutLogEventsCommand({
        logGroupName: "/test/write",
        logStreamName: "w",
        logEvents: [
          { timestamp: now, message: "one" },
          { timestamp: now + 1, message: "two" },
        ],
      }),
    );
    assert.match(put.nextSequenceToken ?? "", /^\d+$/);
    await assert.rejects(
      c.logs.send(
        new PutLogEventsCommand({
          logGroupName: "/test/write",
          logStreamName: "w",
          logEvents: [
            { timestamp: now + 5, message: "late" },
            { timestamp: now, message: "early" },
          ],
        }),
      ),
      { name: "InvalidParameterException", message: /chronological order/ },
    );
    assert.deepEqual(
      sim.logs.events("/test/write", "w").map((e) => e.message),
      ["one", "two"],
    );
  });

  it("filters events across streams with a pattern, pages them, and gives unique event ids", async () => {
    sim.logs.append("/test/filter", "a", ["ERROR one", "ok", "ERROR two"]);
    sim.logs.append("/test/filter", "b", ["ERROR three", "fine"]);
    const page1 = await c.logs.send(
      new FilterLogEventsCommand({
        logGroupName: "/test/filter",
        filterPattern: "ERROR",
        limit: 2,
        interleaved: true,
      }),
    );
    assert.equal(page1.events?.length, 2);
    assert.ok(page1.nextToken);
    const page2 = await c.logs.send(
      new FilterLogEventsCommand({
        logGroupName: "/test/filter",
        filterPattern: "ERROR",
        nextToken: page1.nextToken,
      }),
    );
    assert.equal(page2.nextToken, undefined);
    const events = [...page1.events, ...page2.events!];
    assert.deepEqual(events.map((e) => e.message).sort(), ["ERROR one", "ERROR three", "ERROR two"]);
    assert.equal(new Set(events.map((e) => e.eventId)).size, 3);
    assert.ok(events.every((e) => e.logStreamName === "a" || e.logStreamName === "b"));
    const onlyB = await c.logs.send(
      new FilterLogEventsCommand({ logGroupName: "/test/filter", logStreamNames: ["b"] }),
    );
    assert.deepEqual(
      onlyB.events?.map((e) => e.message),
      ["ERROR three", "fine"],
    );
  });

  it("describes groups and streams with prefixes, ordering and paging", async () => {
    const groups = await c.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/test/" }));
    const names = groups.logGroups!.map((g) => g.logGroupName);
    assert.deepEqual(names, [...names].sort());
    assert.ok(names.includes("/test/tokens") && names.includes("/test/write"));
    assert.ok(!names.some((n) => n?.startsWith("/aws/")));
    const g = groups.logGroups!.find((x) => x.logGroupName === "/test/tokens")!;
    assert.equal(g.logGroupArn, "arn:aws:logs:us-east-1:123456789012:log-group:/test/tokens");
    assert.equal(g.arn, `${g.logGroupArn}:*`);
    const paged = await c.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/test/", limit: 2 }));
    assert.equal(paged.logGroups?.length, 2);
    const rest = await c.logs.send(
      new DescribeLogGroupsCommand({ logGroupNamePrefix: "/test/", nextToken: paged.nextToken }),
    );
    assert.deepEqual(
      [...paged.logGroups, ...rest.logGroups!].map((x) => x.logGroupName),
      names,
    );

    sim.logs.append("/test/filter", "c", ["newest"]);
    const latest = await c.logs.send(
      new DescribeLogStreamsCommand({
        logGroupName: "/test/filter",
        orderBy: "LastEventTime",
        descending: true,
        limit: 1,
      }),
    );
    assert.equal(latest.logStreams?.[0]?.logStreamName, "c");
    assert.equal(typeof latest.logStreams?.[0]?.lastEventTimestamp, "number");
    const prefixed = await c.logs.send(
      new DescribeLogStreamsCommand({ logGroupName: "/test/filter", logStreamNamePrefix: "b" }),
    );
    assert.deepEqual(
      prefixed.logStreams?.map((s) => s.logStreamName),
      ["b"],
    );
    await assert.rejects(
      c.logs.send(
        new DescribeLogStreamsCommand({
          logGroupName: "/test/filter",
          logStreamNamePrefix: "b",
          orderBy: "LastEventTime",
        }),
      ),
      { name: "InvalidParameterException" },
    );
  });

  it("writes a 20,000-line BUILD phase at the scenario's rate, in bursts", async () => {
    // big-log: 2,000 lines per simulated second, at speed 4 → 8,000 lines/s → 2.5 s for 20,000 lines.
    const started = (await c.codebuild.send(new StartBuildCommand({ projectName: "big-log" }))).build!;
    const done = await waitForBuild(c.codebuild, started.id!);
    assert.equal(done.buildStatus, "SUCCEEDED");
    const events = sim.logs.events(done.logs!.groupName!, done.logs!.streamName!);
    const rows = events.filter((e) => /^row \d+\/20000: checksum ok\n$/.test(e.message));
    assert.equal(rows.length, 20_000);
    assert.deepEqual(
      rows.slice(0, 3).map((e) => e.message),
      ["row 1/20000: checksum ok\n", "row 2/20000: checksum ok\n", "row 3/20000: checksum ok\n"],
    );
    const span = rows.at(-1)!.timestamp - rows[0]!.timestamp;
    assert.ok(span >= 2000 && span <= 4000, `20,000 lines took ${span} ms; expected about 2,500`);
    const bursts = new Set(rows.map((e) => e.timestamp)).size;
    // Late timers mean fewer, bigger bursts — never one big write, never a line at a time.
    assert.ok(bursts >= 8 && bursts <= 40, `${bursts} bursts; expected about 25 (every 100 ms)`);
  });
});
