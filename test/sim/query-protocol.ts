// The AWS query protocol (STS, CloudFormation, …): POST / with a form-encoded body
// `Action=Op&Version=2011-06-15&Param.member.1=…`, XML answers
// `<OpResponse xmlns=…><OpResult>…</OpResult><ResponseMetadata>…</ResponseMetadata></OpResponse>`
// and XML errors `<ErrorResponse><Error><Type>Sender</Type><Code>…</Code><Message>…`.
//
// Input: the flattened names become a JSON object (`A.member.2.B=x` → {A: [, {B: "x"}]},
// `A.entry.1.key=k&A.entry.1.value=v` → {A: {k: v}}). Output: a handler's JSON is written as
// XML members in order: arrays as `<member>` lists, objects as nested elements, Date values and
// numbers as text, Map values as `<entry><key>…</key><value>…</value></entry>` (the model's map
// shapes). A service that needs its XML namespace sets ServiceDef.xmlNamespace.
import { randomUUID } from "node:crypto";
import { SimError } from "./errors";
import type { FrontEnd, RequestHead, Route, ServiceDef, WireAnswer } from "./protocol";
import type { Json } from "./state";

const FORM = "application/x-www-form-urlencoded";

function mediaType(req: RequestHead): string {
  return (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
}

function form(req: { body: Buffer; query: string; method: string }): URLSearchParams {
  return new URLSearchParams(req.method === "GET" ? req.query : req.body.toString("utf8"));
}

/** Text as XML character data: markup characters and CR as references (a parser would turn a
 *  literal CR into LF), characters XML 1.0 cannot carry at all dropped. */
export function escapeXml(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[<>&"'\r]|[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, (c) =>
    /[<>&"'\r]/.test(c) ? `&#${c.charCodeAt(0)};` : "",
  );
}

/** Flattened query parameters → a JSON object. */
export function unflatten(params: URLSearchParams): Json {
  const root: Record<string, unknown> = {};
  for (const [name, value] of params) {
    if (name === "Action" || name === "Version") continue;
    const parts = name.split(".");
    if (parts.some((p) => p === "" || p === "__proto__" || p === "constructor" || p === "prototype"))
      throw new SimError("MalformedInput", `Malformed parameter name ${name}`);
    let node: Record<string, unknown> | unknown[] = root;
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i]!;
      const last = i === parts.length - 1;
      if ((part === "member" || part === "entry") && /^\d+$/.test(parts[i + 1] ?? "")) {
        // `member.N` / `entry.N`: the parent is a list (maps are folded below).
        const index = Number(parts[i + 1]) - 1;
        if (index < 0 || index > 10_000) throw new SimError("MalformedInput", `Bad index in ${name}`);
        if (!Array.isArray(node)) throw new SimError("MalformedInput", `Malformed parameter name ${name}`);
        i++;
        if (i === parts.length - 1) node[index] = value;
        else node = (node[index] ??= {}) as Record<string, unknown>;
        continue;
      }
      if (Array.isArray(node)) throw new SimError("MalformedInput", `Malformed parameter name ${name}`);
      if (last) {
        node[part] = value;
      } else {
        const next = parts[i + 1]!;
        node[part] ??= next === "member" || next === "entry" ? [] : {};
        node = node[part] as Record<string, unknown>;
      }
    }
  }
  return foldEntries(root) as Json;
}

/** `[{key, value}]` lists that came from `entry.N` become maps. */
function foldEntries(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items: unknown[] = value.filter((v) => v !== undefined);
    const entries = items.every(
      (v) =>
        typeof v === "object" &&
        v !== null &&
        "key" in v &&
        Object.keys(v).every((k) => k === "key" || k === "value"),
    );
    if (entries && items.length > 0)
      return Object.fromEntries(
        items.map((v) => [(v as { key: string }).key, (v as { value?: unknown }).value ?? ""]),
      );
    return items.map(foldEntries);
  }
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, foldEntries(v)]));
  return value;
}

/** A handler's JSON as query-protocol XML members. */
export function toXml(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Map)
    return [...(value as Map<unknown, unknown>)]
      .map(([k, v]) => `<entry><key>${toXml(k)}</key><value>${toXml(v)}</value></entry>`)
      .join("");
  if (Array.isArray(value)) return value.map((v) => `<member>${toXml(v)}</member>`).join("");
  if (typeof value === "object") {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
      .join("");
  }
  return escapeXml(typeof value === "string" ? value : JSON.stringify(value));
}

function namespaceOf(service: ServiceDef | undefined): string {
  return service?.xmlNamespace ?? "";
}

const QUERY_AUTH_CODES: Readonly<Record<string, string>> = {
  UnrecognizedClientException: "InvalidClientTokenId",
  InvalidSignatureException: "SignatureDoesNotMatch",
};

export const awsQuery: FrontEnd = {
  name: "awsQuery",

  claims(req) {
    if (req.headers["x-amz-target"] !== undefined) return false;
    if (req.method === "POST") return mediaType(req) === FORM;
    return req.method === "GET" && /(^|&)Action=/.test(req.query);
  },

  route(req, services): Route {
    const params = form(req);
    const action = params.get("Action") ?? "";
    const version = params.get("Version") ?? "";
    const service = services.find((s) => s.frontEnd === awsQuery && s.key === version);
    const label = `${service?.name ?? version}.${action}`;
    if (!service || !action) return { label, ...(service ? { service } : {}) };
    return Object.hasOwn(service.ops, action) ? { label, service, operation: action } : { label, service };
  },

  parse(req) {
    return unflatten(form(req));
  },

  result(out, route): WireAnswer {
    const op = route.operation;
    const ns = namespaceOf(route.service);
    const body =
      `<${op}Response${ns ? ` xmlns="${ns}"` : ""}>` +
      `<${op}Result>${toXml(out)}</${op}Result>` +
      `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>` +
      `</${op}Response>`;
    return { status: 200, headers: { "Content-Type": "text/xml", "x-amzn-RequestId": randomUUID() }, body };
  },

  error(e, route): WireAnswer {
    const ns = namespaceOf(route?.service);
    // The query APIs name the signature failures their own way.
    const code = QUERY_AUTH_CODES[e.code] ?? e.code;
    const type = e.status >= 500 ? "Receiver" : "Sender";
    const requestId = randomUUID();
    const body =
      `<ErrorResponse${ns ? ` xmlns="${ns}"` : ""}><Error><Type>${type}</Type>` +
      `<Code>${escapeXml(code)}</Code><Message>${escapeXml(e.message)}</Message></Error>` +
      `<RequestId>${requestId}</RequestId></ErrorResponse>`;
    return { status: e.status, headers: { "Content-Type": "text/xml", "x-amzn-RequestId": requestId }, body };
  },

  unknownOperation(route) {
    return new SimError(
      "InvalidAction",
      `The action ${route.label.split(".").pop() ?? ""} is not valid for this endpoint.`,
    );
  },
};
