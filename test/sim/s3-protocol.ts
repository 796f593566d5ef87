// S3's REST-XML protocol, path style (`/bucket/key`), as far as the simulator serves S3: the
// front-end claims requests whose SigV4 credential scope names `s3`, routes on method and path,
// decodes `aws-chunked` bodies whose chunks are unsigned (STREAMING-UNSIGNED-PAYLOAD-TRAILER),
// and writes S3's answers: XML documents or raw object bodies, errors as
// `<Error><Code>…</Code><Message>…</Message></Error>` with S3's statuses.
import { randomUUID } from "node:crypto";
import { SimError } from "./errors";
import type { FrontEnd, RequestHead, Route, WireAnswer } from "./protocol";
import { escapeXml } from "./query-protocol";
import type { Json } from "./state";

const SCOPE = /Credential=[^/,\s]+\/\d{8}\/[^/,\s]+\/s3\/aws4_request/;

/** What an S3 handler answers: an XML document, or an object's bytes, with headers. */
export interface S3Answer {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  /** An XML document (without the declaration). */
  readonly xml?: string;
  /** Raw body, base64. */
  readonly base64?: string;
}

function operationOf(
  method: string,
  bucket: string,
  key: string,
  query: URLSearchParams,
): string | undefined {
  if (!bucket) return method === "GET" ? "ListBuckets" : undefined;
  if (!key) {
    if (method === "PUT") return "CreateBucket";
    if (method === "HEAD") return "HeadBucket";
    if (method === "DELETE") return "DeleteBucket";
    if (method === "GET") return query.get("list-type") === "2" ? "ListObjectsV2" : "ListObjects";
    return undefined;
  }
  if (method === "PUT") return "PutObject";
  if (method === "GET") return "GetObject";
  if (method === "HEAD") return "HeadObject";
  if (method === "DELETE") return "DeleteObject";
  return undefined;
}

function split(path: string): { bucket: string; key: string } {
  const trimmed = path.replace(/^\/+/, "");
  const slash = trimmed.indexOf("/");
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw new SimError("InvalidURI", "Couldn't parse the specified URI.");
    }
  };
  return slash < 0
    ? { bucket: decode(trimmed), key: "" }
    : { bucket: decode(trimmed.slice(0, slash)), key: decode(trimmed.slice(slash + 1)) };
}

/** The data of an `aws-chunked` body: `<hex size>[;chunk-signature=…]\r\n<data>\r\n` … `0\r\n[trailers]\r\n`. */
export function decodeAwsChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = body.indexOf("\r\n", at);
    if (lineEnd < 0) throw new SimError("IncompleteBody", "The request body terminated unexpectedly");
    const header = body.subarray(at, lineEnd).toString("latin1");
    const size = parseInt(header.split(";")[0]!, 16);
    if (!Number.isFinite(size) || size < 0) throw new SimError("InvalidChunkSizeError", "Invalid chunk size");
    at = lineEnd + 2;
    if (size === 0) return Buffer.concat(parts);
    if (at + size > body.length)
      throw new SimError("IncompleteBody", "The request body terminated unexpectedly");
    parts.push(body.subarray(at, at + size));
    at += size + 2;
  }
}

export const restXmlS3: FrontEnd = {
  name: "restXml",

  claims(req) {
    return SCOPE.test(req.headers.authorization ?? "");
  },

  route(req, services): Route {
    const service = services.find((s) => s.frontEnd === restXmlS3);
    const { bucket, key } = split(req.path);
    const operation = operationOf(req.method, bucket, key, new URLSearchParams(req.query));
    const label = `s3.${operation ?? req.method}`;
    if (!service) return { label };
    return operation && Object.hasOwn(service.ops, operation)
      ? { label, service, operation }
      : { label, service };
  },

  parse(req): Json {
    const { bucket, key } = split(req.path);
    const declared = req.headers["x-amz-content-sha256"] ?? "";
    if (/^STREAMING-AWS4-/.test(declared))
      throw new SimError(
        "NotImplemented",
        "The simulator does not read signed aws-chunked bodies; send the payload whole.",
        501,
      );
    const chunked =
      declared === "STREAMING-UNSIGNED-PAYLOAD-TRAILER" ||
      /aws-chunked/.test(req.headers["content-encoding"] ?? "");
    const body = chunked ? decodeAwsChunked(req.body) : req.body;
    return {
      Bucket: bucket,
      Key: key,
      Body: body.toString("base64"),
      ContentType: req.headers["content-type"] ?? "",
      Query: Object.fromEntries(new URLSearchParams(req.query)),
    };
  },

  result(out): WireAnswer {
    const answer = out as S3Answer;
    const requestId = randomUUID().replace(/-/g, "").slice(0, 16).toUpperCase();
    const headers: Record<string, string> = { "x-amz-request-id": requestId, ...(answer.headers ?? {}) };
    if (answer.xml !== undefined) {
      headers["Content-Type"] = "application/xml";
      return {
        status: answer.status ?? 200,
        headers,
        body: `<?xml version="1.0" encoding="UTF-8"?>\n${answer.xml}`,
      };
    }
    return { status: answer.status ?? 200, headers, body: Buffer.from(answer.base64 ?? "", "base64") };
  },

  error(e, _route, req: RequestHead): WireAnswer {
    const requestId = randomUUID().replace(/-/g, "").slice(0, 16).toUpperCase();
    // The query APIs' names for signature failures are S3's too.
    const code =
      e.code === "UnrecognizedClientException"
        ? "InvalidAccessKeyId"
        : e.code === "InvalidSignatureException"
          ? "SignatureDoesNotMatch"
          : e.code;
    const status = code === "InvalidAccessKeyId" || code === "SignatureDoesNotMatch" ? 403 : e.status;
    const headers = { "x-amz-request-id": requestId, "Content-Type": "application/xml" };
    // HEAD answers carry no body.
    if (req.method === "HEAD") return { status, headers, body: "" };
    return {
      status,
      headers,
      body:
        `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(code)}</Code>` +
        `<Message>${escapeXml(e.message)}</Message><RequestId>${requestId}</RequestId></Error>`,
    };
  },

  unknownOperation(route) {
    return new SimError(
      "NotImplemented",
      `A header or method you provided implies functionality that is not implemented (${route.label}).`,
      501,
    );
  },
};
