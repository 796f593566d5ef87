// Verifies AWS Signature Version 4 (Authorization header form) the way AWS does: rebuilds the
// canonical request and string to sign, derives the signing key from the known secret and
// compares signatures. Returns the credential scope (region, service) on success.
// Works for every protocol: the service name comes from the credential scope; a body without
// x-amz-content-sha256 (JSON, the query protocol's form) is signed by its SHA-256; S3 declares the
// hash in x-amz-content-sha256 (or UNSIGNED-PAYLOAD / STREAMING-…, taken as declared) and signs its
// path as sent (no normalization, no second encoding).
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { SimError } from "./errors";

export interface SignedRequest {
  method: string;
  /** Path and query exactly as received (req.url). */
  url: string;
  /** Node's rawHeaders: [name, value, name, value, ...]. */
  rawHeaders: string[];
  body: Buffer;
}

export interface SigV4Scope {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  /** signed: the body's hash is part of the signature; unsigned: UNSIGNED-PAYLOAD (or
   *  STREAMING-UNSIGNED-PAYLOAD-TRAILER); streaming: STREAMING-AWS4-HMAC-SHA256-PAYLOAD…, whose
   *  chunk signatures (in the aws-chunked body) are the front-end's to check. */
  payload: "signed" | "unsigned" | "streaming";
  /** The request's signature (the seed signature of a streaming body). */
  signature: string;
}

export interface SigV4Options {
  /** accessKeyId -> secret */
  secrets: ReadonlyMap<string, string>;
  /** The service the target belongs to (e.g. "codebuild"); undefined skips the check. */
  expectedService?: string;
  now?: number;
}

const ALGORITHM = "AWS4-HMAC-SHA256";
const MAX_SKEW_MS = 15 * 60 * 1000;
const MISMATCH =
  "The request signature we calculated does not match the signature you provided. " +
  "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

const sha256Hex = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string): Buffer => createHmac("sha256", key).update(data).digest();

/** x-amz-content-sha256 values that stand for the body instead of its hash. */
const UNSIGNED_PAYLOADS = new Set(["UNSIGNED-PAYLOAD", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"]);
const STREAMING_PAYLOAD = /^STREAMING-AWS4-(HMAC-SHA256|ECDSA-P256-SHA256)-PAYLOAD(-TRAILER)?$/;

/** decodeURIComponent that keeps malformed escapes as they are instead of throwing. */
function decodeLenient(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** RFC 3986 encoding as SigV4 requires (encodeURIComponent leaves !'()* alone). */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalPath(path: string, service: string): string {
  // S3 signs the path as sent (already URI-encoded once by the client), unnormalized.
  if (service === "s3") return path.startsWith("/") ? path : `/${path}`;
  // Non-S3 services: normalized path, each segment URI-encoded (the wire path is already
  // encoded once, so this is the "double encoding" the signers do).
  const segments: string[] = [];
  for (const seg of path.split("/")) {
    if (seg === "" || seg === ".") continue;
    if (seg === "..") segments.pop();
    else segments.push(seg);
  }
  const joined = "/" + segments.map(uriEncode).join("/");
  return path.endsWith("/") && segments.length > 0 ? joined + "/" : joined;
}

function canonicalQuery(query: string): string {
  if (!query) return "";
  const pairs = query
    .split("&")
    .filter((p) => p !== "")
    .map((p) => {
      const i = p.indexOf("=");
      const k = decodeLenient((i < 0 ? p : p.slice(0, i)).replace(/\+/g, " "));
      const v = i < 0 ? "" : decodeLenient(p.slice(i + 1).replace(/\+/g, " "));
      return [uriEncode(k), uriEncode(v)] as const;
    });
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

function headerValues(rawHeaders: string[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] ?? "").toLowerCase();
    const value = (rawHeaders[i + 1] ?? "").trim().replace(/\s+/g, " ");
    const list = map.get(name) ?? [];
    list.push(value);
    map.set(name, list);
  }
  return map;
}

function parseAuthorization(header: string): {
  credential: string;
  signedHeaders: string;
  signature: string;
} {
  if (!header.startsWith(ALGORITHM + " ")) {
    throw new SimError(
      "IncompleteSignatureException",
      `Unsupported signature algorithm; expected ${ALGORITHM}.`,
    );
  }
  const fields = new Map<string, string>();
  for (const part of header.slice(ALGORITHM.length + 1).split(",")) {
    const i = part.indexOf("=");
    if (i > 0) fields.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
  }
  const missing = ["Credential", "SignedHeaders", "Signature"].filter((k) => !fields.get(k));
  if (missing.length > 0) {
    throw new SimError(
      "IncompleteSignatureException",
      `Authorization header requires ${missing.map((m) => `'${m}'`).join(", ")} parameter. Authorization=${header}`,
    );
  }
  return {
    credential: fields.get("Credential") ?? "",
    signedHeaders: fields.get("SignedHeaders") ?? "",
    signature: fields.get("Signature") ?? "",
  };
}

function parseAmzDate(amzDate: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!m) return NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

function formatAmzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), "aws4_request");
}

/** Throws a SimError shaped like AWS's answer when the request is not correctly signed. */
export function verifySigV4(req: SignedRequest, opts: SigV4Options): SigV4Scope {
  const headers = headerValues(req.rawHeaders);
  const authorization = headers.get("authorization")?.[0];
  if (!authorization)
    throw new SimError("MissingAuthenticationTokenException", "Missing Authentication Token", 403);
  const auth = parseAuthorization(authorization);

  const scopeParts = auth.credential.split("/");
  if (scopeParts.length !== 5 || scopeParts[4] !== "aws4_request") {
    throw new SimError(
      "IncompleteSignatureException",
      `Credential should be scoped to a valid region, not '${scopeParts[2] ?? ""}'. `,
    );
  }
  const [accessKeyId = "", date = "", region = "", service = ""] = scopeParts;
  const secret = opts.secrets.get(accessKeyId);
  if (secret === undefined) {
    throw new SimError(
      "UnrecognizedClientException",
      "The security token included in the request is invalid.",
      403,
    );
  }
  if (opts.expectedService !== undefined && service !== opts.expectedService) {
    throw new SimError(
      "InvalidSignatureException",
      `Credential should be scoped to correct service: '${opts.expectedService}'. `,
      403,
    );
  }

  const amzDate = headers.get("x-amz-date")?.[0] ?? "";
  const signedAt = parseAmzDate(amzDate);
  if (Number.isNaN(signedAt)) {
    throw new SimError(
      "IncompleteSignatureException",
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
  }
  if (amzDate.slice(0, 8) !== date) {
    throw new SimError(
      "InvalidSignatureException",
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`,
      403,
    );
  }
  const now = opts.now ?? Date.now();
  if (signedAt < now - MAX_SKEW_MS) {
    throw new SimError(
      "InvalidSignatureException",
      `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(now - MAX_SKEW_MS)} (${formatAmzDate(now)} - 15 min.)`,
      403,
    );
  }
  if (signedAt > now + MAX_SKEW_MS) {
    throw new SimError(
      "InvalidSignatureException",
      `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(now + MAX_SKEW_MS)} (${formatAmzDate(now)} + 15 min.)`,
      403,
    );
  }

  const declaredHash = headers.get("x-amz-content-sha256")?.[0];
  const payload =
    declaredHash === undefined ||
    (!UNSIGNED_PAYLOADS.has(declaredHash) && !STREAMING_PAYLOAD.test(declaredHash))
      ? "signed"
      : UNSIGNED_PAYLOADS.has(declaredHash)
        ? "unsigned"
        : "streaming";
  const bodyHash = payload === "signed" ? sha256Hex(req.body) : "";
  if (payload === "signed" && declaredHash !== undefined && declaredHash !== bodyHash) {
    throw new SimError(
      "InvalidSignatureException",
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
      403,
    );
  }

  const signedHeaderNames = auth.signedHeaders.split(";");
  const canonicalHeaders = signedHeaderNames
    .map((name) => `${name}:${(headers.get(name) ?? []).join(",")}\n`)
    .join("");
  const q = req.url.indexOf("?");
  const path = q < 0 ? req.url : req.url.slice(0, q);
  const query = q < 0 ? "" : req.url.slice(q + 1);
  const canonicalRequest = [
    req.method.toUpperCase(),
    canonicalPath(path, service),
    canonicalQuery(query),
    canonicalHeaders,
    auth.signedHeaders,
    declaredHash ?? bodyHash,
  ].join("\n");
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  const expected = createHmac("sha256", signingKey(secret, date, region, service))
    .update(stringToSign)
    .digest("hex");

  const given = Buffer.from(auth.signature);
  const wanted = Buffer.from(expected);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
    throw new SimError(
      "InvalidSignatureException",
      `${MISMATCH}\n\nThe Canonical String for this request should have been\n'${canonicalRequest}'\n\n` +
        `The String-to-Sign should have been\n'${stringToSign}'\n`,
      403,
    );
  }
  return { accessKeyId, date, region, service, payload, signature: auth.signature };
}
