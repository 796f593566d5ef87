// What a protocol front-end is: the part of the server that knows one AWS wire protocol
// (AWS JSON 1.1, AWS JSON 1.0, and later the query protocol, REST-XML, …). The server does
// the rest the same way for every protocol: admin endpoint, SigV4, faults, the call record.
// A front-end is registered by one line in front-ends.ts; a service by one line in services.ts.
import type { SimError } from "./errors";
import type { Handler } from "./op-context";
import type { Json } from "./state";

/** The request before its body is read. */
export interface RequestHead {
  method: string;
  /** Path and query exactly as received. */
  url: string;
  /** `url` up to the "?". */
  path: string;
  /** `url` after the "?" ("" if none). */
  query: string;
  /** Lower-case names; repeated headers joined with ",". */
  headers: Readonly<Record<string, string>>;
  /** Node's rawHeaders (names as sent), for SigV4. */
  rawHeaders: readonly string[];
}

export interface WireRequest extends RequestHead {
  body: Buffer;
}

/** What a front-end makes of a request: which service and operation it names. */
export interface Route {
  /** What the call record shows as `target`: the X-Amz-Target header for the JSON protocols;
   *  other front-ends use "service.Operation". */
  label: string;
  /** The registered service the request names, if any. */
  service?: ServiceDef;
  /** The operation's name as in the service model ("ListProjects"), if the request names one. */
  operation?: string;
}

/** A route that names a known service and one of its operations. */
export interface ResolvedRoute extends Route {
  service: ServiceDef;
  operation: string;
}

export interface WireAnswer {
  status: number;
  /** Content-Length and Date are added by the server. */
  headers: Record<string, string>;
  body: string | Buffer;
  /** A streamed answer (an event stream): `body` is ignored, the chunks are written as they come
   *  (no Content-Length) and the answer ends when the iterable does. `signal` aborts when the
   *  client goes away or the simulator closes. */
  stream?: (signal: AbortSignal) => AsyncIterable<Buffer>;
}

export interface FrontEnd {
  /** For logs and the call record: "awsJson1_1", "awsJson1_0", "awsQuery", "restXml", … */
  readonly name: string;
  /** Whether the request is in this front-end's wire format, from the head alone (headers,
   *  method, path). The first front-end in FRONT_ENDS that claims a request gets it. */
  claims(req: RequestHead): boolean;
  /** Names the service (among `services` registered with this front-end) and the operation.
   *  Leave them undefined when the request names none: the server answers
   *  `unknownOperation` after checking the signature, as AWS does. Throw a SimError to refuse
   *  the request before authentication (e.g. a method the protocol never uses). */
  route(req: WireRequest, services: readonly ServiceDef[]): Route;
  /** The operation's input as the handlers take it (a JSON object). Throws a SimError (the
   *  protocol's serialization error) for input it cannot read. */
  parse(req: WireRequest, route: ResolvedRoute): Json;
  /** A handler's answer on the wire. */
  result(out: Json, route: ResolvedRoute, req: WireRequest): WireAnswer;
  /** An error on the wire. `route` is undefined when the request failed before routing. */
  error(e: SimError, route: Route | undefined, req: RequestHead): WireAnswer;
  /** The error for a request that names no known service or operation. */
  unknownOperation(route: Route): SimError;
}

/** An injected error as a service answers it (see faults.ts for the defaults). */
export interface ErrorShape {
  code: string;
  status: number;
  message: string;
}

export type ErrorFaultKind = "throttle" | "internal" | "unavailable" | "expired";

export interface ServiceDef {
  /** Name in errors (`invalidInput`), fault scopes, fault counts and the call record:
   *  "codebuild", "logs", "codepipeline", … */
  name: string;
  /** The SigV4 signing name the credential scope must carry ("monitoring" for CloudWatch,
   *  "s3", …). Default: `name`. */
  signingName?: string;
  /** The protocol the service speaks. */
  frontEnd: FrontEnd;
  /** How requests name the service in that protocol: the X-Amz-Target prefix for JSON
   *  ("CodeBuild_20161006"), the Version for the query protocol ("2010-05-15"), … */
  key: string;
  /** Operation name → handler. */
  ops: Readonly<Record<string, Handler>>;
  /** The query protocol's and REST-XML's answer namespace (`xmlns`). */
  xmlNamespace?: string;
  /** Where the service answers injected faults differently from the defaults in faults.ts
   *  (e.g. the query protocol's "Throttling", S3's 503 "SlowDown"). */
  faultErrors?: Partial<Record<ErrorFaultKind, ErrorShape>>;
}
