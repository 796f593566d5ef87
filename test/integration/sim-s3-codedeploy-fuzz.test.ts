// Fuzzing the simulator's S3 front-end (the CodeDeploy push's upload) with fast-check: whatever
// arrives behind a correct SigV4 signature — any method, path, header, body, aws-chunked framing,
// declared checksum — the server answers S3's XML error (or a real answer), never a 5xx, and a
// bucket keeps serving. 5xx answers come only from injected faults, and none are configured here.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import fc from "fast-check";
import { startSimulator, type Simulator } from "../sim/index";
import { sendSigned, type RawAnswer } from "../sim/raw-client";

const RUNS = Number(process.env.SIM_FUZZ_RUNS ?? 150);
const BUCKET = "acme-deploy-artifacts-123456789012";

function assertS3Answer(a: RawAnswer, method: string): void {
  assert.ok(a.status < 500, `not a 5xx: ${a.status} ${a.body.toString()}`);
  assert.ok(a.headers["x-amz-request-id"], "a request id");
  if (a.status < 300 || method === "HEAD") return;
  assert.match(
    a.body.toString("utf8"),
    /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<Error><Code>[A-Za-z]+<\/Code><Message>[^<]*<\/Message>.*<RequestId>[0-9A-F]+<\/RequestId><HostId>[0-9A-F]+<\/HostId><\/Error>$/s,
  );
}

const segment = fc.stringMatching(/^[A-Za-z0-9._~%-]{1,20}$/);
const key = fc.array(segment, { minLength: 0, maxLength: 4 }).map((parts) => parts.join("/"));

describe("fuzzing the simulator's S3 front-end", () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ scenario: "demo", speed: 1 });
  });
  after(() => sim.close());

  const send = (method: string, path: string, headers: Record<string, string>, body?: Buffer) =>
    sendSigned(
      sim.url,
      { method, path, headers, ...(body ? { body } : {}) },
      { service: "s3", region: sim.region, credentials: sim.credentials },
    );

  it("answers any signed method, bucket and key with S3's XML error or a real answer", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("GET", "PUT", "HEAD", "DELETE", "POST", "PATCH"),
        fc.oneof(fc.constant(BUCKET), segment),
        key,
        fc.uint8Array({ maxLength: 200 }),
        async (method, bucket, k, body) => {
          const a = await send(
            method,
            `/${bucket}${k ? `/${k}` : ""}`,
            {},
            method === "PUT" ? Buffer.from(body) : undefined,
          );
          assertS3Answer(a, method);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("refuses malformed aws-chunked bodies and wrong checksums with a 4xx, takes well-formed ones", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.boolean(),
        fc.option(fc.string({ maxLength: 12 }), { nil: undefined }),
        async (data, wellFormed, checksum) => {
          const payload = Buffer.from(data);
          const body = wellFormed
            ? Buffer.concat([
                Buffer.from(`${payload.length.toString(16)}\r\n`),
                payload,
                Buffer.from(
                  `\r\n0\r\n${checksum !== undefined ? `x-amz-checksum-crc32:${checksum}\r\n` : ""}\r\n`,
                ),
              ])
            : payload;
          const a = await send(
            "PUT",
            `/${BUCKET}/fuzz/chunked.bin`,
            {
              "content-encoding": "aws-chunked",
              "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
              "x-amz-decoded-content-length": String(payload.length),
              ...(checksum !== undefined ? { "x-amz-trailer": "x-amz-checksum-crc32" } : {}),
            },
            body,
          );
          assertS3Answer(a, "PUT");
          if (wellFormed && checksum === undefined) assert.equal(a.status, 200, a.body.toString());
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("keeps serving: an object put after the fuzz reads back", async () => {
    const put = await send("PUT", `/${BUCKET}/after/fuzz.txt`, {}, Buffer.from("still here"));
    assert.equal(put.status, 200);
    const got = await send("GET", `/${BUCKET}/after/fuzz.txt`, {});
    assert.equal(got.body.toString(), "still here");
  });
});
