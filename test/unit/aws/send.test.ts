import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { withDeadline, withDeadlines, withoutDeadline } from "../../../src/aws/send";

/** A request that never ends and never looks at its signal (the SDK waiting for credentials). */
const hangs = () => new Promise<never>(() => undefined);

describe("a request's deadline", { timeout: 5000 }, () => {
  // The deadline's timer does not keep Node alive (nor need it: the extension host stays up).
  let alive: NodeJS.Timeout;
  before(() => (alive = setInterval(() => undefined, 1000)));
  after(() => clearInterval(alive));

  it("lets the caller go at the deadline even when the request ignores its signal", async () => {
    const started = Date.now();
    await assert.rejects(withDeadline(new AbortController().signal, hangs, 200), { name: "TimeoutError" });
    assert.ok(Date.now() - started < 2000);
  });

  it("lets the caller go when it cancels, as a cancellation", async () => {
    const cancel = new AbortController();
    setTimeout(() => cancel.abort(), 50);
    await assert.rejects(withDeadline(cancel.signal, hangs, 60_000), { name: "AbortError" });
  });

  it("answers as the request does", async () => {
    assert.equal(await withDeadline(new AbortController().signal, () => Promise.resolve(7), 1000), 7);
    await assert.rejects(
      withDeadline(new AbortController().signal, () => Promise.reject(new Error("refused")), 1000),
      /refused/,
    );
  });

  it("a client's every send has the deadline, but for an upload (no limit on its attempt)", async () => {
    const sent: unknown[] = [];
    const client = {
      region: "us-east-1",
      send(command: string, options?: { abortSignal?: AbortSignal; requestTimeout?: number }) {
        sent.push([command, options?.requestTimeout]);
        // The upload takes longer than the deadline: it has none.
        return command === "upload"
          ? new Promise((resolve) => setTimeout(() => resolve("uploaded"), 300))
          : hangs();
      },
    };
    const deadlined = withDeadlines(client, 100);
    const signal = new AbortController().signal;
    await assert.rejects(deadlined.send("list", { abortSignal: signal }), { name: "TimeoutError" });
    await assert.rejects(deadlined.send("list"), { name: "TimeoutError" }, "without a signal too");
    assert.equal(await deadlined.send("upload", { abortSignal: signal, requestTimeout: 0 }), "uploaded");
    assert.deepEqual(sent, [
      ["list", undefined],
      ["list", undefined],
      ["upload", 0],
    ]);
    assert.equal(deadlined.region, "us-east-1", "the rest of the client as it is");
    assert.equal(withoutDeadline(deadlined), client, "a stream's send goes to the client itself");
    assert.equal(withoutDeadline(client), client);
  });
});
