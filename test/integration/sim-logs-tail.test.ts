// What the simulator's CloudWatch Logs gained for tails and searches, over the wire: filter
// patterns in FilterLogEvents (terms, phrases, alternatives, exclusions, JSON, space-delimited)
// with CloudWatch's refusals, DescribeLogGroups paging, and StartLiveTail's event stream — its
// messages checked against botocore's model and decoded by another SDK (boto3) too.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { after, before, describe, it } from "node:test";
import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  PutLogEventsCommand,
  StartLiveTailCommand,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { EventStreamCodec } from "@smithy/core/event-streams";
import { startSimulator, type Simulator } from "../sim/index";
import { compileFilterPattern } from "../sim/logs-filter-pattern";
import { request as httpRequest } from "node:http";
import { signedHeaders } from "../sim/raw-client";
import { loadServiceModel, validateShape } from "./helpers/model-shapes";
import { waitFor } from "./helpers/wait";

const LINES = [
  "ERROR Failed to process order 1042",
  "WARN slow query (812 ms)",
  "INFO GET /orders 200",
  'INFO GET /health 200 "kube-probe"',
  '{"level":"ERROR","latencyMs":3012,"path":"/checkout","user":{"id":7}}',
  '{"level":"INFO","latencyMs":35,"path":"/orders","tags":["a","b"]}',
  '127.0.0.1 - frank [10/Oct/2026:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 404 2326',
  '10.0.0.2 - alice [10/Oct/2026:13:55:37 -0700] "POST /login HTTP/1.0" 500 1200',
];

const swallow = (p: Promise<unknown>) => p.catch((e: unknown) => e as Error);
const toUtf8 = (b: Uint8Array) => Buffer.from(b).toString("utf8");
const fromUtf8 = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));

describe("the simulator's CloudWatch Logs for tails and searches", () => {
  let sim: Simulator;
  let logs: CloudWatchLogsClient;
  let arn: string;

  before(async () => {
    sim = await startSimulator({ speed: 1 });
    logs = new CloudWatchLogsClient({
      endpoint: sim.url,
      region: sim.region,
      credentials: sim.credentials,
      disableHostPrefix: true,
      maxAttempts: 1,
    });
    await logs.send(new CreateLogGroupCommand({ logGroupName: "/app/patterns" }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: "/app/patterns", logStreamName: "s" }));
    const t = Date.now();
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: "/app/patterns",
        logStreamName: "s",
        logEvents: LINES.map((message, i) => ({ timestamp: t + i, message })),
      }),
    );
    arn = (await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/app/patterns" })))
      .logGroups![0]!.logGroupArn!;
  });

  after(async () => {
    logs.destroy();
    await sim.close();
  });

  const matches = async (filterPattern: string) =>
    (
      (await logs.send(new FilterLogEventsCommand({ logGroupName: "/app/patterns", filterPattern })))
        .events ?? []
    ).map((e) => LINES.indexOf(e.message!));

  it("filters with terms, quoted phrases, ?alternatives and -exclusions (case-sensitive)", async () => {
    assert.deepEqual(await matches("ERROR"), [0, 4]);
    assert.deepEqual(await matches("INFO 200"), [2, 3]);
    assert.deepEqual(await matches('"GET /orders"'), [2]);
    assert.deepEqual(await matches("?ERROR ?WARN"), [0, 1, 4]);
    assert.deepEqual(await matches("INFO -kube-probe"), [2, 5]);
    assert.deepEqual(await matches("error"), [], "terms are case-sensitive");
    assert.deepEqual(await matches(""), [0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it("filters JSON events with selectors, comparisons, wildcards, && and ||", async () => {
    assert.deepEqual(await matches('{ $.level = "ERROR" }'), [4]);
    assert.deepEqual(await matches("{ $.latencyMs > 1000 }"), [4]);
    assert.deepEqual(await matches('{ ($.level = "INFO") && ($.latencyMs < 100) }'), [5]);
    assert.deepEqual(await matches('{ $.path = "/check*" || $.tags[1] = "b" }'), [4, 5]);
    assert.deepEqual(await matches("{ $.user.id = 7 }"), [4]);
    assert.deepEqual(await matches("{ $.user NOT EXISTS }"), [5]);
    assert.deepEqual(await matches('{ $.level != "ERROR" }'), [5]);
  });

  it("filters space-delimited events by field", async () => {
    assert.deepEqual(await matches("[ip, identity, user, timestamp, request, status = 404, size]"), [6]);
    assert.deepEqual(await matches("[..., status = 5*, size > 1000]"), [7]);
    assert.deepEqual(await matches('[ip, identity, user = "frank", ...]'), [6]);
  });

  it("refuses an invalid pattern with CloudWatch Logs' words", async () => {
    for (const [pattern, message] of [
      ['{ $.level = "ERROR" ', "If a filter pattern starts with '{' it must end with '}'"],
      ["[ip, user", "If a filter pattern starts with '[' it must end with ']'"],
      ["user@example.com", "Invalid character(s) in term 'user@example.com'"],
      ['"unterminated', "Invalid filter pattern"],
      ["{ $.level = }", "Invalid filter pattern"],
      ["{ level = 1 }", "Invalid filter pattern"],
    ] as const) {
      const e = (await swallow(
        logs.send(new FilterLogEventsCommand({ logGroupName: "/app/patterns", filterPattern: pattern })),
      )) as Error;
      assert.equal(e.name, "InvalidParameterException", pattern);
      assert.equal(e.message, message, pattern);
    }
  });

  it("matches in time linear in the message, whatever the pattern", () => {
    const long = `${"a".repeat(200_000)}"`;
    for (const pattern of ['"aaaa*b"', '{ $.x = "a*a*a*a*b" }', "[a, ..., b = a*a*a*b]", "?x ?y ?z aaaa"]) {
      const started = performance.now();
      compileFilterPattern(pattern)(long);
      assert.ok(performance.now() - started < 200, `${pattern} took ${performance.now() - started} ms`);
    }
  });

  it("DescribeLogGroups answers 50 groups a page at most, every group once", async () => {
    for (let i = 0; i < 120; i++) sim.logs.append(`/paging/g${String(i).padStart(3, "0")}`, "s", ["x"]);
    const names: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const page = await logs.send(
        new DescribeLogGroupsCommand({ logGroupNamePrefix: "/paging/", nextToken }),
      );
      assert.ok((page.logGroups?.length ?? 0) <= 50);
      names.push(...(page.logGroups ?? []).map((g) => g.logGroupName!));
      nextToken = page.nextToken;
      pages++;
    } while (nextToken);
    assert.equal(pages, 3);
    assert.equal(new Set(names).size, 120);
    const found = await logs.send(new DescribeLogGroupsCommand({ logGroupNamePattern: "G11" }));
    assert.deepEqual(
      found.logGroups?.map((g) => g.logGroupName).slice(0, 2),
      ["/paging/g110", "/paging/g111"],
      "a pattern is case-insensitive",
    );
  });

  it("StartLiveTail streams event-stream messages that match botocore's model, with CRCs any decoder checks", async () => {
    const stop = new AbortController();
    const body: Buffer[] = [];
    // A bare signed request whose answer is read as it comes (the stream does not end by itself).
    const req = {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "Logs_20140328.StartLiveTail",
      },
      body: JSON.stringify({ logGroupIdentifiers: [arn], logEventFilterPattern: "ERROR" }),
    };
    const headers = await signedHeaders(sim.url, req, {
      service: "logs",
      region: sim.region,
      credentials: sim.credentials,
    });
    const url = new URL(sim.url);
    let contentType: string | undefined;
    const request = new Promise<void>((resolve) => {
      const r = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          method: "POST",
          path: "/",
          headers: { ...headers, "content-length": String(Buffer.byteLength(req.body)) },
          agent: false,
          signal: stop.signal,
        },
        (res) => {
          contentType = res.headers["content-type"];
          res.on("data", (c: Buffer) => body.push(c));
          res.on("close", () => resolve());
          res.on("error", () => resolve());
        },
      );
      r.on("error", () => resolve());
      r.end(req.body);
    });
    await waitFor("the session start", () => body.length > 0);
    sim.logs.append("/app/patterns", "s", ["ERROR live one", "INFO not this", "ERROR live two"]);
    const codec = new EventStreamCodec(toUtf8, fromUtf8);
    const decoded = await waitFor("two messages with the events", () => {
      const messages = [];
      let rest = Buffer.concat(body);
      while (rest.length >= 4 && rest.length >= rest.readUInt32BE(0)) {
        const size = rest.readUInt32BE(0);
        messages.push(codec.decode(rest.subarray(0, size)));
        rest = rest.subarray(size);
      }
      return messages.some((m) => toUtf8(m.body).includes("live two")) ? messages : undefined;
    });
    stop.abort();
    await request;
    assert.equal(contentType, "application/vnd.amazon.eventstream");
    const model = loadServiceModel("logs");
    const problems: string[] = [];
    assert.deepEqual(
      decoded.slice(0, 2).map((m) => m.headers[":event-type"]?.value),
      ["initial-response", "sessionStart"],
      "the initial response first, as in every JSON event stream",
    );
    for (const m of decoded.slice(1)) {
      assert.equal(m.headers[":message-type"]?.value, "event");
      assert.equal(m.headers[":content-type"]?.value, "application/json");
      const type = String(m.headers[":event-type"]?.value);
      const shape =
        type === "sessionStart"
          ? "LiveTailSessionStart"
          : type === "sessionUpdate"
            ? "LiveTailSessionUpdate"
            : `unknown ${type}`;
      for (const p of validateShape(model, shape, JSON.parse(toUtf8(m.body))))
        problems.push(`${type} ${p.path}: ${p.problem}`);
    }
    assert.deepEqual(problems, []);
    const results = decoded.flatMap(
      (m) =>
        (JSON.parse(toUtf8(m.body)) as { sessionResults?: { message: string; logGroupIdentifier: string }[] })
          .sessionResults ?? [],
    );
    assert.deepEqual(
      results.map((r) => r.message),
      ["ERROR live one", "ERROR live two"],
    );
    assert.ok(results.every((r) => r.logGroupIdentifier === arn));
  });

  it("StartLiveTail is decoded by boto3 as well (another SDK's event-stream parser)", async () => {
    const script = `
import json, sys, boto3
from botocore.config import Config
c = boto3.client("logs", endpoint_url=sys.argv[1], region_name=sys.argv[2], aws_access_key_id=sys.argv[3],
                 aws_secret_access_key=sys.argv[4], config=Config(inject_host_prefix=False, retries={"max_attempts": 1}))
out = c.start_live_tail(logGroupIdentifiers=[sys.argv[5]], logEventFilterPattern="boto")
for event in out["responseStream"]:
    if "sessionStart" in event:
        print("start", flush=True)
    for r in event.get("sessionUpdate", {}).get("sessionResults", []):
        print(json.dumps(r["message"]), flush=True)
        if "last" in r["message"]:
            sys.exit(0)
`;
    let output = "";
    const child = execFile(
      "python3",
      ["-c", script, sim.url, sim.region, sim.credentials.accessKeyId, sim.credentials.secretAccessKey, arn],
      { timeout: 30_000 },
    );
    child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    await waitFor("boto3's session to start", () => output.includes("start"), { timeoutMs: 20_000 });
    sim.logs.append("/app/patterns", "s", ["boto first", "not this one", "boto last"]);
    assert.equal(await exited, 0);
    assert.deepEqual(output.trim().split("\n"), ["start", '"boto first"', '"boto last"']);
  });

  it("StartLiveTail refuses what Live Tail refuses: names instead of ARNs, streams with several groups, unknown groups", async () => {
    const refused = async (input: ConstructorParameters<typeof StartLiveTailCommand>[0]) =>
      (await swallow(logs.send(new StartLiveTailCommand(input)))) as Error;
    assert.match(
      (await refused({ logGroupIdentifiers: ["/app/patterns"] })).message,
      /is not a log group ARN/,
    );
    assert.match(
      (await refused({ logGroupIdentifiers: [`${arn}:*`] })).message,
      /must not end with an asterisk/,
    );
    const other = `${arn.replace("/app/patterns", "/paging/g001")}`;
    assert.match(
      (await refused({ logGroupIdentifiers: [arn, other], logStreamNames: ["s"] })).message,
      /only be used with a single log group/,
    );
    const missing = await refused({ logGroupIdentifiers: [arn.replace("/app/patterns", "/nope")] });
    assert.equal(missing.name, "ResourceNotFoundException");
    const pattern = await refused({ logGroupIdentifiers: [arn], logEventFilterPattern: "{ $.a = " });
    assert.equal(pattern.name, "InvalidParameterException");
  });

  it("a Live Tail session over 500 matching events a second sends a sample, and says so", async () => {
    const stop = new AbortController();
    const out = await logs.send(new StartLiveTailCommand({ logGroupIdentifiers: [arn] }), {
      abortSignal: stop.signal,
    });
    sim.logs.append(
      "/app/patterns",
      "s",
      Array.from({ length: 1200 }, (_, i) => `burst ${i}`),
    );
    let sampled: { results: number; sampled: boolean } | undefined;
    try {
      for await (const event of out.responseStream!) {
        const update = event.sessionUpdate;
        if (update?.sessionResults?.length) {
          sampled = {
            results: update.sessionResults.length,
            sampled: update.sessionMetadata?.sampled ?? false,
          };
          break;
        }
      }
    } finally {
      stop.abort();
    }
    assert.deepEqual(sampled, { results: 500, sampled: true });
  });
});
