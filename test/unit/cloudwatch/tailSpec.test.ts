import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { rateText, tailKey, tailText, tailTitle } from "../../../src/cloudwatch/model/tailSpec";
import type { TailEvent } from "../../../src/logs/tailTypes";

// eslint-disable-next-line no-control-regex
const ANSI_COLOUR = /\u001b\[[0-9;]*m/g;
const api = { name: "/app/api-service", arn: "arn:aws:logs:us-east-1:1:log-group:/app/api-service" };
const worker = { name: "/app/worker" };
const ev = (group: string, stream: string, message: string): TailEvent => ({
  group,
  stream,
  message,
  timestamp: 1,
});

describe("a tail's channel", () => {
  it("is named for what it tails", () => {
    assert.equal(tailTitle({ groups: [api] }), "Tail: /app/api-service");
    assert.equal(
      tailTitle({ groups: [api, worker], pattern: "ERROR" }),
      "Tail: /app/api-service + 1 more (ERROR)",
    );
    assert.equal(tailTitle({ groups: [api], streamNames: ["web-1"] }), "Tail: /app/api-service [web-1]");
    assert.equal(tailTitle({ groups: [api], streamPrefix: "web-" }), "Tail: /app/api-service [web-*]");
  });

  it("the same groups, streams and pattern are the same tail, in any order", () => {
    assert.equal(
      tailKey({ groups: [api, worker], pattern: "ERROR" }),
      tailKey({ groups: [worker, api], pattern: "ERROR" }),
    );
    assert.notEqual(tailKey({ groups: [api] }), tailKey({ groups: [api], pattern: "ERROR" }));
  });

  it("prefixes each line with group/stream for several groups, the stream for one group, nothing for one stream", () => {
    const events = [ev(api.name, "web-1", "GET /orders 200"), ev(worker.name, "w-1", "job done\n")];
    assert.equal(
      tailText({ groups: [api, worker] }, events),
      "[/app/api-service/web-1] GET /orders 200\n[/app/worker/w-1] job done\n",
    );
    assert.equal(tailText({ groups: [api] }, [events[0]!]), "[web-1] GET /orders 200\n");
    assert.equal(tailText({ groups: [api], streamNames: ["web-1"] }, [events[0]!]), "GET /orders 200\n");
  });

  it("a multi-line event prefixes each of its lines; a huge line is cut, saying how much", () => {
    assert.equal(
      tailText({ groups: [api] }, [ev(api.name, "s", "Error: boom\n    at f (a.js:1:2)\n")]),
      "[s] Error: boom\n[s]     at f (a.js:1:2)\n",
    );
    const long = tailText({ groups: [api], streamNames: ["s"] }, [ev(api.name, "s", "x".repeat(20_000))]);
    assert.match(long, /^x{16384}… \(3616 more characters\)\n$/);
  });

  it("every line of the corpus' real build outputs comes through once, ANSI colours stripped", () => {
    const dir = join(__dirname, "../../../../shared/corpus/logs");
    const files = readdirSync(dir).filter((f) => f.endsWith(".txt"));
    assert.ok(files.length >= 10);
    for (const file of files) {
      const text = readFileSync(join(dir, file), "utf8");
      const lines = text.replace(/\r\n?/g, "\n").replace(ANSI_COLOUR, "").replace(/\n$/, "").split("\n");
      const asEvents = lines.map((l) => ev(api.name, "build", l));
      assert.equal(
        tailText({ groups: [api], streamNames: ["build"] }, asEvents),
        lines.map((l) => `${l}\n`).join(""),
        file,
      );
      const asOne = tailText({ groups: [api, worker] }, [ev(api.name, "build", text)])
        .split("\n")
        .slice(0, -1);
      assert.equal(asOne.length, lines.length, file);
      assert.ok(
        asOne.every((l) => l.startsWith("[/app/api-service/build] ")),
        file,
      );
    }
  });

  it("the rate reads as events per second", () => {
    assert.deepEqual([0, 0.25, 3.14, 12.6, 480].map(rateText), ["0.0/s", "0.3/s", "3.1/s", "13/s", "480/s"]);
  });
});
