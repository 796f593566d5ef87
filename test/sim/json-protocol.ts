// The AWS JSON protocols (1.1 and 1.0): POST / with X-Amz-Target "Prefix.Operation", a JSON
// object in and out, errors as {"__type": code, "message": ...}. When the client says
// `x-amzn-query-mode: true` (JSON services that replaced a query API, like CloudWatch), errors
// also carry the query protocol's code in `x-amzn-query-error: Code;Sender|Receiver`.
import { randomUUID } from "node:crypto";
import { SimError } from "./errors";
import type { FrontEnd, RequestHead, Route, WireAnswer } from "./protocol";
import type { Json } from "./state";

function mediaType(req: RequestHead): string {
  return (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
}

export function awsJson(version: "1.0" | "1.1"): FrontEnd {
  const contentType = `application/x-amz-json-${version}`;
  const answer = (status: number, body: Json, extra: Record<string, string> = {}): WireAnswer => ({
    status,
    headers: { "Content-Type": contentType, "x-amzn-RequestId": randomUUID(), ...extra },
    body: JSON.stringify(body),
  });
  const self: FrontEnd = {
    name: `awsJson${version.replace(".", "_")}`,

    claims(req) {
      const type = mediaType(req);
      if (version === "1.0") return type === contentType;
      // 1.1 also takes any X-Amz-Target request that does not say it is JSON 1.0.
      return type === contentType || req.headers["x-amz-target"] !== undefined;
    },

    route(req, services): Route {
      if (req.method !== "POST")
        throw new SimError("UnknownOperationException", `Unsupported method ${req.method}`, 404);
      const label = req.headers["x-amz-target"] ?? "";
      const dot = label.indexOf(".");
      if (dot <= 0) return { label };
      const service = services.find((s) => s.frontEnd === self && s.key === label.slice(0, dot));
      const operation = label.slice(dot + 1);
      if (!service) return { label };
      return Object.hasOwn(service.ops, operation) ? { label, service, operation } : { label, service };
    },

    parse(req) {
      const text = req.body.toString("utf8").trim();
      if (text === "") return {};
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        throw new SimError("SerializationException", "Start of structure or map found where not expected.");
      }
      return parsed as Json;
    },

    result(out) {
      return answer(200, out);
    },

    error(e, _route, req) {
      const queryMode = (req.headers["x-amzn-query-mode"] ?? "").toLowerCase() === "true";
      return answer(
        e.status,
        { __type: e.code, message: e.message },
        queryMode ? { "x-amzn-query-error": `${e.code};${e.status >= 500 ? "Receiver" : "Sender"}` } : {},
      );
    },

    unknownOperation(route) {
      return new SimError("UnknownOperationException", `Unknown operation ${route.label}`);
    },
  };
  return self;
}

/** AWS JSON 1.1: CodeBuild, CloudWatch Logs, CodePipeline, CodeDeploy. */
export const awsJson1_1 = awsJson("1.1");
/** AWS JSON 1.0: CloudWatch (query-compatible), DynamoDB, … */
export const awsJson1_0 = awsJson("1.0");
