// A bare HTTP client for the simulator that signs with the AWS SDK's own SigV4 signer
// (@smithy/signature-v4): for protocols without an SDK client here yet (a new front-end's
// first tests), for fuzzing, and for the admin endpoint. Not used by the simulator itself.
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { SignatureV4 } from "@smithy/signature-v4";

/** SHA-256 / HMAC-SHA-256 in the shape the signer wants (a Checksum constructor). */
type Data = string | ArrayBuffer | ArrayBufferView;
const bytes = (d: Data): string | Uint8Array =>
  typeof d === "string"
    ? d
    : ArrayBuffer.isView(d)
      ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength)
      : new Uint8Array(d);

export class NodeSha256 {
  private hash: Hash | Hmac;
  private readonly secret: string | Uint8Array | undefined;
  constructor(secret?: Data) {
    this.secret = secret === undefined ? undefined : bytes(secret);
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash("sha256") : createHmac("sha256", this.secret);
  }
  update(data: Data): void {
    this.hash.update(bytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

export interface RawRequest {
  method: string;
  /** Path as sent on the wire (already URI-encoded), without the query. */
  path?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface RawAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface SigningOptions {
  /** The service name in the credential scope ("codebuild", "cloudformation", "s3", …). */
  service: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Host header to sign and send (virtual-host S3: "bucket.localhost:PORT"). Default: the endpoint's. */
  host?: string;
  /** S3 signs its path as sent; the others encode it once more. Default: service !== "s3". */
  uriEscapePath?: boolean;
  /** Add x-amz-content-sha256 (S3 does). Default: service === "s3". */
  applyChecksum?: boolean;
}

function queryString(query: Record<string, string> | undefined): string {
  const q = new URLSearchParams(query ?? {}).toString().replace(/\+/g, "%20");
  return q ? `?${q}` : "";
}

/** The request signed as the SDK would sign it: its headers (host, x-amz-date, authorization, …). */
export async function signedHeaders(
  endpoint: string,
  req: RawRequest,
  o: SigningOptions,
): Promise<Record<string, string>> {
  const url = new URL(endpoint);
  const signer = new SignatureV4({
    service: o.service,
    region: o.region,
    credentials: o.credentials,
    sha256: NodeSha256,
    uriEscapePath: o.uriEscapePath ?? o.service !== "s3",
    applyChecksum: o.applyChecksum ?? o.service === "s3",
  });
  const signed = await signer.sign({
    method: req.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: req.path ?? "/",
    query: req.query ?? {},
    headers: { ...req.headers, host: o.host ?? url.host },
    body: req.body,
  });
  return signed.headers;
}

/** Sends a request as it is (nothing added but Content-Length). */
export function sendRaw(
  endpoint: string,
  req: RawRequest,
  opts: { signal?: AbortSignal } = {},
): Promise<RawAnswer> {
  const url = new URL(endpoint);
  const body = req.body === undefined ? undefined : Buffer.from(req.body);
  return new Promise((resolve, reject) => {
    const r = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: req.method,
        path: (req.path ?? "/") + queryString(req.query),
        headers: { ...req.headers, ...(body ? { "content-length": String(body.length) } : {}) },
        agent: false,
        ...(opts.signal ? { signal: opts.signal } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on("error", reject);
        res.on("aborted", () => reject(new Error("the answer was cut short")));
      },
    );
    r.on("error", reject);
    r.end(body);
  });
}

/** Signs with the SDK's signer, then sends. */
export async function sendSigned(endpoint: string, req: RawRequest, o: SigningOptions): Promise<RawAnswer> {
  return sendRaw(endpoint, { ...req, headers: await signedHeaders(endpoint, req, o) });
}
