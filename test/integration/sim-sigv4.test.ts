// The simulator's SigV4 verifier (test/sim/sigv4.ts) against requests signed by the AWS SDK's
// own signer (@smithy/signature-v4), for the protocols the simulator is to speak: the query
// protocol's form POST (body signed), JSON 1.0, and S3 PUTs (x-amz-content-sha256, possibly
// UNSIGNED-PAYLOAD or a streaming payload; the path signed as sent; virtual hosts).
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { SIM_CREDENTIALS } from "../sim/constants";
import { SimError } from "../sim/errors";
import { signedHeaders, type RawRequest, type SigningOptions } from "../sim/raw-client";
import { verifySigV4, type SignedRequest } from "../sim/sigv4";

const ENDPOINT = "http://127.0.0.1:4599";
const secrets = new Map([[SIM_CREDENTIALS.accessKeyId, SIM_CREDENTIALS.secretAccessKey]]);

function signing(service: string, extra: Partial<SigningOptions> = {}): SigningOptions {
  return { service, region: "eu-west-1", credentials: { ...SIM_CREDENTIALS }, ...extra };
}

/** The request as the server receives it after the SDK signed it. */
async function received(req: RawRequest, o: SigningOptions): Promise<SignedRequest> {
  const headers = await signedHeaders(ENDPOINT, req, o);
  const query = new URLSearchParams(req.query ?? {}).toString().replace(/\+/g, "%20");
  return {
    method: req.method,
    url: (req.path ?? "/") + (query ? `?${query}` : ""),
    rawHeaders: Object.entries(headers).flat(),
    body: Buffer.from(req.body ?? ""),
  };
}

function rejectedWith(code: string, status = 403) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof SimError, String(e));
    assert.equal(e.code, code);
    assert.equal(e.status, status);
    return true;
  };
}

const FORM = "Action=DescribeStacks&Version=2010-05-15&StackName=web%20app%2Bprod";
const formPost: RawRequest = {
  method: "POST",
  path: "/",
  headers: { "content-type": "application/x-www-form-urlencoded; charset=utf-8" },
  body: FORM,
};

describe("SigV4 verification for every protocol, with the SDK's signer", () => {
  it("accepts a query-protocol form POST whose body is signed, and names its scope", async () => {
    const req = await received(formPost, signing("cloudformation"));
    assert.equal(
      req.rawHeaders.find((h) => h.toLowerCase() === "x-amz-content-sha256"),
      undefined,
      "the query protocol sends no x-amz-content-sha256: the body's hash is signed",
    );
    const scope = verifySigV4(req, { secrets, expectedService: "cloudformation" });
    assert.equal(scope.service, "cloudformation");
    assert.equal(scope.region, "eu-west-1");
    assert.equal(scope.accessKeyId, SIM_CREDENTIALS.accessKeyId);
    assert.equal(scope.payload, "signed");
  });

  it("rejects that form POST when its body changed after signing", async () => {
    const req = await received(formPost, signing("cloudformation"));
    const tampered = { ...req, body: Buffer.from(FORM.replace("prod", "prox")) };
    assert.throws(() => verifySigV4(tampered, { secrets }), rejectedWith("InvalidSignatureException"));
  });

  it("rejects a request scoped to another service than the one it addresses", async () => {
    const req = await received(formPost, signing("cloudformation"));
    assert.throws(
      () => verifySigV4(req, { secrets, expectedService: "monitoring" }),
      (e: unknown) =>
        rejectedWith("InvalidSignatureException")(e) &&
        /scoped to correct service: 'monitoring'/.test((e as Error).message),
    );
  });

  it("accepts a JSON 1.0 POST signed for the service named in its scope (CloudWatch: monitoring)", async () => {
    const req = await received(
      {
        method: "POST",
        path: "/",
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": "GraniteServiceVersion20100801.DescribeAlarms",
          "x-amzn-query-mode": "true",
        },
        body: "{}",
      },
      signing("monitoring"),
    );
    assert.equal(verifySigV4(req, { secrets, expectedService: "monitoring" }).service, "monitoring");
  });

  it("accepts an S3 PUT with UNSIGNED-PAYLOAD, whatever the body, its path signed as sent", async () => {
    const put: RawRequest = {
      method: "PUT",
      // Spaces, a plus and an accent, encoded once as the S3 client encodes keys.
      path: "/my-bucket/reports/2024%20Q1/a%2Bb%20%C3%A9.txt",
      query: { "x-id": "PutObject" },
      headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD", "content-type": "text/plain" },
      body: "first version",
    };
    const req = await received(put, signing("s3"));
    const scope = verifySigV4(req, { secrets, expectedService: "s3" });
    assert.equal(scope.service, "s3");
    assert.equal(scope.payload, "unsigned");
    // The body is not part of the signature…
    assert.equal(verifySigV4({ ...req, body: Buffer.from("another body") }, { secrets }).payload, "unsigned");
    // …but the path is.
    assert.throws(
      () => verifySigV4({ ...req, url: req.url.replace("Q1", "Q2") }, { secrets }),
      rejectedWith("InvalidSignatureException"),
    );
  });

  it("accepts a virtual-host S3 PUT whose body hash is declared, and rejects a body that does not match it", async () => {
    const body = "hello, bucket";
    const put: RawRequest = { method: "PUT", path: "/notes/today.txt", body };
    const req = await received(put, signing("s3", { host: "my-bucket.s3.localhost:4599" }));
    const declared = req.rawHeaders[req.rawHeaders.findIndex((h) => h === "x-amz-content-sha256") + 1];
    assert.equal(declared, createHash("sha256").update(body).digest("hex"));
    assert.equal(verifySigV4(req, { secrets, expectedService: "s3" }).payload, "signed");
    assert.throws(
      () => verifySigV4({ ...req, body: Buffer.from("hello, bucket!") }, { secrets }),
      (e: unknown) =>
        rejectedWith("InvalidSignatureException")(e) &&
        /x-amz-content-sha256' header does not match/.test((e as Error).message),
    );
  });

  it("takes a streaming payload's declared hash and leaves its chunk signatures to the front-end", async () => {
    const req = await received(
      {
        method: "PUT",
        path: "/my-bucket/big.bin",
        headers: {
          "x-amz-content-sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
          "content-encoding": "aws-chunked",
          "x-amz-decoded-content-length": "5",
        },
        body: "5;chunk-signature=0000\r\nhello\r\n0;chunk-signature=0000\r\n\r\n",
      },
      signing("s3"),
    );
    const scope = verifySigV4(req, { secrets, expectedService: "s3" });
    assert.equal(scope.payload, "streaming");
    assert.match(scope.signature, /^[0-9a-f]{64}$/);
  });

  it("does not let a request swap UNSIGNED-PAYLOAD for another declared hash after signing", async () => {
    const req = await received(
      { method: "PUT", path: "/b/k", headers: { "x-amz-content-sha256": "UNSIGNED-PAYLOAD" }, body: "x" },
      signing("s3"),
    );
    const i = req.rawHeaders.indexOf("x-amz-content-sha256");
    const rawHeaders = [...req.rawHeaders];
    rawHeaders[i + 1] = createHash("sha256").update("x").digest("hex");
    assert.throws(
      () => verifySigV4({ ...req, rawHeaders }, { secrets }),
      rejectedWith("InvalidSignatureException"),
    );
  });

  it("answers a malformed query escape with a signature error, not an exception", async () => {
    const req = await received({ method: "GET", path: "/", query: { a: "1" } }, signing("s3"));
    assert.throws(
      () => verifySigV4({ ...req, url: "/?a=%zz" }, { secrets }),
      rejectedWith("InvalidSignatureException"),
    );
  });
});
