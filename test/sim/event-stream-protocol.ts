// AWS JSON 1.1 operations whose answer is an event stream (CloudWatch Logs StartLiveTail): the
// request is read as JSON 1.1, errors before the stream starts are JSON 1.1 errors, and the
// answer is `application/vnd.amazon.eventstream`, written message by message while the
// operation's stream produces them (see event-stream.ts for the encoding).
import { randomUUID } from "node:crypto";
import { SimError } from "./errors";
import { LOGS_PREFIX } from "./constants";
import { awsJson1_1 } from "./json-protocol";
import type { FrontEnd, Route } from "./protocol";
import type { Json } from "./state";

/** What a handler returns under EVENT_STREAM: the messages, encoded, until the stream ends. */
export interface EventStreamAnswer {
  stream(signal: AbortSignal): AsyncIterable<Buffer>;
}

export const EVENT_STREAM = "__eventStream";

/** A handler's answer that is an event stream. */
export function eventStreamAnswer(answer: EventStreamAnswer): Json {
  return { [EVENT_STREAM]: answer };
}

/** A front-end for the JSON 1.1 operations named in `targets` (X-Amz-Target values). */
export function awsJson1_1EventStream(targets: readonly string[]): FrontEnd {
  const self: FrontEnd = {
    name: "awsJson1_1",
    claims: (req) => targets.includes(req.headers["x-amz-target"] ?? ""),
    route(req, services): Route {
      if (req.method !== "POST")
        throw new SimError("UnknownOperationException", `Unsupported method ${req.method}`, 404);
      const label = req.headers["x-amz-target"] ?? "";
      const dot = label.indexOf(".");
      const service = services.find((s) => s.frontEnd === self && s.key === label.slice(0, dot));
      const operation = label.slice(dot + 1);
      if (!service) return { label };
      return Object.hasOwn(service.ops, operation) ? { label, service, operation } : { label, service };
    },
    parse: (req, route) => awsJson1_1.parse(req, route),
    result(out, route, req) {
      const answer = out[EVENT_STREAM] as EventStreamAnswer | undefined;
      if (!answer) return awsJson1_1.result(out, route, req);
      return {
        status: 200,
        headers: {
          "Content-Type": "application/vnd.amazon.eventstream",
          "x-amzn-RequestId": randomUUID(),
        },
        body: "",
        stream: (signal) => answer.stream(signal),
      };
    },
    error: (e, route, req) => awsJson1_1.error(e, route, req),
    unknownOperation: (route) => awsJson1_1.unknownOperation(route),
  };
  return self;
}

/** The event-stream operations served: CloudWatch Logs StartLiveTail. */
export const awsJson1_1Streams = awsJson1_1EventStream([`${LOGS_PREFIX}.StartLiveTail`]);
