// CloudWatch's wire protocol: AWS JSON 1.0 (X-Amz-Target GraniteServiceVersion20100801.*) with
// query-compatible errors. The JSON body names the error by its model shape
// ({"__type": "InvalidParameterValueException"}); a client that says `x-amzn-query-mode: true`
// (the SDKs do for CloudWatch) also gets the query API's code in `x-amzn-query-error:
// InvalidParameterValue;Sender`, which is the name the SDK gives the error.
import { SimError } from "./errors";
import { awsJson1_0 } from "./json-protocol";
import type { FrontEnd, Route } from "./protocol";

export const CLOUDWATCH_TARGET = "GraniteServiceVersion20100801";

/** Model shape → the query API's error code (botocore's `error.code` of each shape). */
const QUERY_CODES: Readonly<Record<string, string>> = {
  ResourceNotFound: "ResourceNotFound",
  ResourceNotFoundException: "ResourceNotFoundException",
  InvalidParameterValueException: "InvalidParameterValue",
  MissingRequiredParameterException: "MissingParameter",
  InvalidParameterCombinationException: "InvalidParameterCombination",
  LimitExceededFault: "LimitExceeded",
  LimitExceededException: "LimitExceededException",
  InvalidNextToken: "InvalidNextToken",
  InvalidFormatFault: "InvalidFormat",
  InternalServiceFault: "InternalServiceError",
  // Not modeled shapes: the query API's own names.
  ValidationException: "ValidationError",
  ThrottlingException: "Throttling",
};

export function queryCodeOf(code: string): string {
  return QUERY_CODES[code] ?? code;
}

export const cloudwatchJson: FrontEnd = {
  name: "awsJson1_0",
  claims: (req) =>
    awsJson1_0.claims(req) && (req.headers["x-amz-target"] ?? "").startsWith(`${CLOUDWATCH_TARGET}.`),
  route(req, services): Route {
    if (req.method !== "POST")
      throw new SimError("UnknownOperationException", `Unsupported method ${req.method}`, 404);
    const label = req.headers["x-amz-target"] ?? "";
    const dot = label.indexOf(".");
    const service = services.find((s) => s.frontEnd === cloudwatchJson && s.key === label.slice(0, dot));
    const operation = label.slice(dot + 1);
    if (!service) return { label };
    return Object.hasOwn(service.ops, operation) ? { label, service, operation } : { label, service };
  },
  parse: (req, route) => awsJson1_0.parse(req, route),
  result: (out, route, req) => awsJson1_0.result(out, route, req),
  error(e, route, req) {
    const answer = awsJson1_0.error(e, route, req);
    if ("x-amzn-query-error" in answer.headers)
      answer.headers["x-amzn-query-error"] =
        `${queryCodeOf(e.code)};${e.status >= 500 ? "Receiver" : "Sender"}`;
    return answer;
  },
  unknownOperation: (route) => awsJson1_0.unknownOperation(route),
};
