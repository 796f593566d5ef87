// S3's REST protocol with XML errors, as much as a CodeDeploy push and CloudFormation's templates
// need: PUT, HEAD and GET of an object, HEAD and PUT of a bucket, GET of the service (ListBuckets). Requests are claimed by their SigV4 credential scope
// (`…/s3/aws4_request`); the bucket comes from the path (path style, what clients use with an
// endpoint override) or from a virtual host (`bucket.localhost`). Bodies may be plain, or
// `aws-chunked` (the SDKs' streaming uploads): chunk signatures (STREAMING-AWS4-HMAC-SHA256-PAYLOAD)
// and trailing checksums (x-amz-checksum-crc32, -sha1, -sha256) are checked, as S3 does.
import { createHash, createHmac, randomUUID } from "node:crypto";
import { crc32 } from "node:zlib";
import { SIM_CREDENTIALS } from "./constants";
import { SimError } from "./errors";
import type { FrontEnd, RequestHead, Route, WireAnswer } from "./protocol";
import { escapeXml } from "./query-protocol";
import { signingKey } from "./sigv4";
import type { Json } from "./state";

const EMPTY_SHA256 = createHash("sha256").update("").digest("hex");

/** An S3 error with the extra members S3 puts in its XML and headers. */
export class S3Error extends SimError {
  constructor(
    code: string,
    message: string,
    status: number,
    readonly fields: Record<string, string> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(code, message, status);
  }
}

/** What an S3 handler answers: status (200 unless said), headers and body. */
export interface S3Answer {
  status?: number;
  headers: Record<string, string>;
  body?: Buffer | string;
}

/** How S3 names the failures the shared SigV4 check reports in JSON terms. */
const AUTH_ERRORS: Record<string, { code: string; message: string; status: number }> = {
  UnrecognizedClientException: {
    code: "InvalidAccessKeyId",
    message: "The AWS Access Key Id you provided does not exist in our records.",
    status: 403,
  },
  InvalidSignatureException: {
    code: "SignatureDoesNotMatch",
    message:
      "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
    status: 403,
  },
  MissingAuthenticationTokenException: { code: "AccessDenied", message: "Access Denied", status: 403 },
  IncompleteSignatureException: {
    code: "AuthorizationHeaderMalformed",
    message: "The authorization header is malformed.",
    status: 400,
  },
};

function location(req: RequestHead): { bucket?: string; key?: string } {
  const host = (req.headers.host ?? "").split(":")[0] ?? "";
  const virtual = /^(.+)\.(localhost|s3[.-].*amazonaws\.com)$/.exec(host)?.[1];
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw new S3Error("InvalidURI", "Couldn't parse the specified URI.", 400);
    }
  };
  const path = req.path.replace(/^\//, "");
  if (virtual) return { bucket: virtual, ...(path ? { key: decode(path) } : {}) };
  const slash = path.indexOf("/");
  if (path === "") return {};
  if (slash < 0) return { bucket: decode(path) };
  const key = path.slice(slash + 1);
  return { bucket: decode(path.slice(0, slash)), ...(key ? { key: decode(key) } : {}) };
}

function operationOf(
  req: RequestHead,
  bucket: string | undefined,
  key: string | undefined,
): string | undefined {
  const query = new URLSearchParams(req.query);
  if (!bucket) {
    const listing = ["x-id", "max-buckets", "continuation-token", "prefix", "bucket-region"];
    return req.method === "GET" && [...query.keys()].every((k) => listing.includes(k))
      ? "ListBuckets"
      : undefined;
  }
  // Sub-resources (?acl, ?tagging, ?uploads, …) are operations this simulator does not have.
  if ([...query.keys()].some((k) => k !== "versionId" && k !== "x-id")) return undefined;
  if (key === undefined)
    return req.method === "HEAD" ? "HeadBucket" : req.method === "PUT" ? "CreateBucket" : undefined;
  if (req.method === "PUT") return req.headers["x-amz-copy-source"] ? undefined : "PutObject";
  if (req.method === "HEAD") return "HeadObject";
  if (req.method === "GET") return "GetObject";
  return undefined;
}

interface ScopeInfo {
  amzDate: string;
  date: string;
  region: string;
  seed: string;
}

function scopeOf(req: RequestHead): ScopeInfo {
  const auth = req.headers.authorization ?? "";
  const credential = /Credential=([^,\s]+)/.exec(auth)?.[1] ?? "";
  const [, date = "", region = ""] = credential.split("/");
  return {
    amzDate: req.headers["x-amz-date"] ?? "",
    date,
    region,
    seed: /Signature=([0-9a-f]+)/.exec(auth)?.[1] ?? "",
  };
}

const hmacHex = (key: Buffer, text: string) => createHmac("sha256", key).update(text).digest("hex");
const sha256Hex = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

/** Decodes an aws-chunked body, checking chunk signatures when the payload is signed. */
export function decodeAwsChunked(
  body: Buffer,
  signed: { scope: ScopeInfo } | undefined,
): { data: Buffer; trailers: Record<string, string> } {
  const bad = (what: string) =>
    new S3Error("IncompleteBody", `The aws-chunked body is malformed: ${what}.`, 400);
  const key = signed
    ? signingKey(SIM_CREDENTIALS.secretAccessKey, signed.scope.date, signed.scope.region, "s3")
    : undefined;
  const scope = signed ? `${signed.scope.date}/${signed.scope.region}/s3/aws4_request` : "";
  let previous = signed?.scope.seed ?? "";
  const parts: Buffer[] = [];
  let p = 0;
  for (;;) {
    const end = body.indexOf("\r\n", p);
    if (end < 0) throw bad("a chunk header has no line end");
    const header = body.subarray(p, end).toString("latin1");
    const [sizeText = "", ...extensions] = header.split(";");
    if (!/^[0-9a-fA-F]{1,16}$/.test(sizeText)) throw bad(`bad chunk size "${sizeText.slice(0, 20)}"`);
    const size = parseInt(sizeText, 16);
    const data = body.subarray(end + 2, end + 2 + size);
    if (data.length !== size) throw bad("a chunk is shorter than its size");
    if (signed && key) {
      const given = extensions
        .find((e) => e.startsWith("chunk-signature="))
        ?.slice("chunk-signature=".length);
      const wanted = hmacHex(
        key,
        [
          "AWS4-HMAC-SHA256-PAYLOAD",
          signed.scope.amzDate,
          scope,
          previous,
          EMPTY_SHA256,
          sha256Hex(data),
        ].join("\n"),
      );
      if (given !== wanted)
        throw new S3Error(
          "SignatureDoesNotMatch",
          "The request signature we calculated does not match the signature you provided (chunk signature).",
          403,
        );
      previous = wanted;
    }
    p = end + 2 + size;
    if (size === 0) break;
    if (body.subarray(p, p + 2).toString("latin1") !== "\r\n")
      throw bad("a chunk does not end with a line end");
    p += 2;
    parts.push(data);
  }
  const trailers: Record<string, string> = {};
  const rest = body.subarray(p).toString("latin1");
  for (const line of rest.split("\r\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) trailers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { data: Buffer.concat(parts), trailers };
}

const CHECKSUMS: Record<string, (data: Buffer) => string> = {
  "x-amz-checksum-crc32": (data) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(crc32(data) >>> 0);
    return b.toString("base64");
  },
  "x-amz-checksum-sha1": (data) => createHash("sha1").update(data).digest("base64"),
  "x-amz-checksum-sha256": (data) => createHash("sha256").update(data).digest("base64"),
};

/** The checksums a PUT declares (headers or trailers), each checked where the algorithm is known. */
function checkedChecksums(data: Buffer, declared: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(declared)) {
    if (!name.startsWith("x-amz-checksum-") || name === "x-amz-checksum-type") continue;
    const compute = CHECKSUMS[name];
    if (compute && compute(data) !== value)
      throw new S3Error(
        "BadDigest",
        `The ${name.slice("x-amz-checksum-".length).toUpperCase()} you specified did not match the calculated checksum.`,
        400,
      );
    out[name] = value;
  }
  return out;
}

export const restXmlS3: FrontEnd = {
  name: "restXml",

  claims(req) {
    if (req.headers["x-amz-target"] !== undefined) return false;
    return /\/s3\/aws4_request/.test(req.headers.authorization ?? "");
  },

  route(req, services): Route {
    const service = services.find((s) => s.frontEnd === restXmlS3);
    const { bucket, key } = location(req);
    const operation = operationOf(req, bucket, key);
    const label = `s3.${operation ?? req.method}`;
    if (!service) return { label };
    return operation && Object.hasOwn(service.ops, operation)
      ? { label, service, operation }
      : { label, service };
  },

  parse(req): Json {
    const { bucket, key } = location(req);
    const sha = req.headers["x-amz-content-sha256"] ?? "";
    const chunked =
      (req.headers["content-encoding"] ?? "").split(",").some((e) => e.trim() === "aws-chunked") ||
      sha.startsWith("STREAMING-");
    let body = req.body;
    let trailers: Record<string, string> = {};
    if (chunked && req.method === "PUT") {
      const signed = /^STREAMING-AWS4-HMAC-SHA256-PAYLOAD/.test(sha) ? { scope: scopeOf(req) } : undefined;
      ({ data: body, trailers } = decodeAwsChunked(req.body, signed));
      const decoded = req.headers["x-amz-decoded-content-length"];
      if (decoded !== undefined && Number(decoded) !== body.length)
        throw new S3Error(
          "IncompleteBody",
          "You did not provide the number of bytes specified by the Content-Length HTTP header.",
          400,
        );
    }
    if (req.method === "PUT" && req.headers["content-md5"]) {
      const md5 = createHash("md5").update(body).digest("base64");
      if (md5 !== req.headers["content-md5"])
        throw new S3Error("BadDigest", "The Content-MD5 you specified did not match what we received.", 400);
    }
    const declared = { ...req.headers, ...trailers };
    const metadata = Object.fromEntries(
      Object.entries(req.headers)
        .filter(([k]) => k.startsWith("x-amz-meta-"))
        .map(([k, v]) => [k.slice("x-amz-meta-".length), v]),
    );
    return {
      Bucket: bucket,
      Key: key,
      Body: body,
      ContentType: req.headers["content-type"] ?? "binary/octet-stream",
      Checksums: req.method === "PUT" ? checkedChecksums(body, declared) : {},
      ChecksumMode: req.headers["x-amz-checksum-mode"],
      VersionId: new URLSearchParams(req.query).get("versionId") ?? undefined,
      Query: Object.fromEntries(new URLSearchParams(req.query)),
      Metadata: metadata,
    };
  },

  result(out): WireAnswer {
    const answer = out as unknown as S3Answer;
    const requestId = randomUUID().replace(/-/g, "").slice(0, 16).toUpperCase();
    // A HEAD answer carries the object's length: Node sends no body for HEAD, but counts it.
    const body = answer.body ?? "";
    return {
      status: answer.status ?? 200,
      headers: { "x-amz-request-id": requestId, "x-amz-id-2": requestId, ...answer.headers },
      body,
    };
  },

  error(e, _route, req): WireAnswer {
    const mapped = e instanceof S3Error ? undefined : AUTH_ERRORS[e.code];
    const code = mapped?.code ?? e.code;
    const status = mapped?.status ?? e.status;
    const message = mapped?.message ?? e.message;
    const fields = e instanceof S3Error ? e.fields : {};
    const requestId = randomUUID().replace(/-/g, "").slice(0, 16).toUpperCase();
    const extra = Object.entries(fields)
      .map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`)
      .join("");
    const body =
      req.method === "HEAD"
        ? ""
        : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message>${extra}<RequestId>${requestId}</RequestId><HostId>${requestId}</HostId></Error>`;
    return {
      status,
      headers: {
        "Content-Type": "application/xml",
        "x-amz-request-id": requestId,
        ...(e instanceof S3Error ? e.headers : {}),
      },
      body,
    };
  },

  unknownOperation(route) {
    // What this simulator does not serve (listing, deleting, multipart, sub-resources): S3's
    // refusal of a method on a resource, a 4xx (5xx answers come only from injected faults).
    return new S3Error(
      "MethodNotAllowed",
      `The specified method is not allowed against this resource (${route.label} is not simulated).`,
      405,
    );
  },
};
