// The HTTP server: every request goes the same way whatever its protocol — the admin endpoint
// (/__sim/…), then the first front-end that claims the request (front-ends.ts) reads it and names
// the service and operation (services.ts), the SigV4 check, the fault decision (faults.ts), the
// handler, and the front-end's answer; every request ends in the call record.
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer } from "node:http";
import { ADMIN_PREFIX, handleAdmin } from "./admin";
import type { Clock } from "./clock";
import type { BuildEngine } from "./engine";
import { SimError } from "./errors";
import { DEFAULT_SLOW_MS, faultError, type FaultKind, type FaultTable } from "./faults";
import { FALLBACK_FRONT_END, FRONT_ENDS } from "./front-ends";
import { Input } from "./input";
import type { PipelineEngine } from "./pipeline-engine";
import type { QuotaBuckets } from "./quota-buckets";
import type { FrontEnd, RequestHead, Route, ServiceDef, WireAnswer, WireRequest } from "./protocol";
import { signingNameOf } from "./services";
import { verifySigV4 } from "./sigv4";
import type { World } from "./state";

export interface SimCall {
  /** JSON protocols: the X-Amz-Target header, e.g. "CodeBuild_20161006.ListProjects" ("" if
   *  absent). Other protocols: "service.Operation". */
  target: string;
  /** The front-end that read the request ("awsJson1_1", "awsJson1_0", …). */
  protocol: string;
  /** The service (as named in services.ts), when the request named a known one. */
  service?: string;
  /** The operation ("ListProjects"), when the request named a known one. */
  operation?: string;
  /** When the answer was sent, or the request ended without one (epoch ms). */
  at: number;
  /** The HTTP status answered; 0 when none was (an injected reset or stall, or the client left). */
  status: number;
  /** How long answering took. */
  ms: number;
  /** Region from the credential scope, when the signature was readable. */
  region?: string;
  /** The fault injected into this request, if any. */
  fault?: FaultKind;
}

const MAX_BODY = 10 * 1024 * 1024;

export interface ServerDeps {
  world: World;
  engine: BuildEngine;
  pipelines: PipelineEngine;
  clock: Clock;
  faults: FaultTable;
  secrets: ReadonlyMap<string, string>;
  services: readonly ServiceDef[];
  /** Front-ends tried before the built-in ones (FRONT_ENDS). */
  frontEnds?: readonly FrontEnd[];
  onCall: (call: SimCall) => void;
  /** Request-rate quotas (opt-in): a request over its operation's quota is throttled. */
  quotas?: QuotaBuckets;
}

/** The client went away before the request was read. */
class ClientGone extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let ended = false;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new SimError("SerializationException", "Request body too large", 413));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => {
      ended = true;
      resolve(Buffer.concat(chunks));
    });
    req.on("error", () => reject(new ClientGone()));
    req.on("close", () => {
      if (!ended) reject(new ClientGone());
    });
  });
}

function requestHead(req: IncomingMessage): RequestHead {
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!.toLowerCase();
    const value = req.rawHeaders[i + 1]!;
    headers[name] = Object.hasOwn(headers, name) ? `${headers[name]},${value}` : value;
  }
  return {
    method: req.method ?? "GET",
    url,
    path: q < 0 ? url : url.slice(0, q),
    query: q < 0 ? "" : url.slice(q + 1),
    headers,
    rawHeaders: req.rawHeaders,
  };
}

function bodyOf(a: WireAnswer): Buffer {
  return typeof a.body === "string" ? Buffer.from(a.body, "utf8") : a.body;
}

function write(res: ServerResponse, a: WireAnswer): void {
  if (res.headersSent || res.destroyed) return;
  const body = bodyOf(a);
  res.writeHead(a.status, { ...a.headers, "Content-Length": body.length, Date: new Date().toUTCString() });
  res.end(body);
}

/** A streamed answer: chunks as they come, until the stream ends or the connection closes. */
async function writeStream(res: ServerResponse, a: WireAnswer): Promise<void> {
  if (!a.stream || res.headersSent || res.destroyed) return;
  const gone = new AbortController();
  res.once("close", () => gone.abort());
  res.writeHead(a.status, { ...a.headers, Date: new Date().toUTCString() });
  res.flushHeaders();
  try {
    for await (const chunk of a.stream(gone.signal)) {
      if (res.destroyed) break;
      res.write(chunk);
    }
  } finally {
    gone.abort();
    if (!res.destroyed) res.end();
  }
}

/** Headers with the full Content-Length, half of the body, then the connection closed. */
function writeTruncated(res: ServerResponse, a: WireAnswer): void {
  if (res.headersSent || res.destroyed) return;
  const body = bodyOf(a);
  res.writeHead(a.status, { ...a.headers, "Content-Length": body.length, Date: new Date().toUTCString() });
  const part = body.subarray(0, Math.floor(body.length / 2));
  if (part.length > 0) res.write(part, () => res.destroy());
  else {
    res.flushHeaders();
    setImmediate(() => res.destroy());
  }
}

/** Resolves when the client (or sim.close()) closes the connection. */
function closed(res: ServerResponse): Promise<void> {
  if (res.destroyed || res.socket?.destroyed !== false) return Promise.resolve();
  return new Promise((resolve) => res.once("close", () => resolve()));
}

/** Waits `ms`; false if the connection closed meanwhile. */
function pause(ms: number, res: ServerResponse): Promise<boolean> {
  if (res.destroyed || res.socket?.destroyed !== false) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onClose = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      res.off("close", onClose);
      resolve(true);
    }, ms);
    res.once("close", onClose);
  });
}

export interface SimServer {
  server: Server;
  /** Resolves when every request under way has ended (and is on record). */
  settled: () => Promise<void>;
}

export function createSimServer(deps: ServerDeps): SimServer {
  const underWay = new Set<Promise<void>>();
  const frontEnds = [...(deps.frontEnds ?? []), ...FRONT_ENDS];
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const head = requestHead(req);

    if (head.path.startsWith(ADMIN_PREFIX)) {
      const body = await readBody(req);
      handleAdmin({ ...head, remoteAddress: req.socket.remoteAddress, body }, res, deps.faults);
      return;
    }

    const frontEnd: FrontEnd = frontEnds.find((f) => f.claims(head)) ?? FALLBACK_FRONT_END;
    let route: Route | undefined;
    let region: string | undefined;
    let fault: FaultKind | undefined;
    const record = (status: number): void => {
      deps.onCall({
        target: route?.label ?? head.headers["x-amz-target"] ?? "",
        protocol: frontEnd.name,
        ...(route?.service && route.operation
          ? { service: route.service.name, operation: route.operation }
          : {}),
        at: Date.now(),
        status,
        ms: Date.now() - started,
        ...(region ? { region } : {}),
        ...(fault ? { fault } : {}),
      });
    };

    try {
      const wire: WireRequest = { ...head, body: await readBody(req) };
      route = frontEnd.route(wire, deps.services);
      const service = route.service;
      region = verifySigV4(
        { method: wire.method, url: wire.url, rawHeaders: req.rawHeaders, body: wire.body },
        { secrets: deps.secrets, ...(service ? { expectedService: signingNameOf(service) } : {}) },
      ).region;
      const operation = route.operation;
      const handler = service && operation !== undefined ? service.ops[operation] : undefined;
      if (!service || operation === undefined || !handler) throw frontEnd.unknownOperation(route);
      const resolved = { ...route, service, operation };

      const decision = deps.faults.decide({ service: service.name, operation, target: route.label });
      fault = decision?.kind;
      if (decision) {
        const error = faultError(decision, service);
        if (error) throw error;
        if (decision.kind === "reset") {
          req.socket.resetAndDestroy();
          return record(0);
        }
        if (decision.kind === "stall") {
          await closed(res);
          return record(0);
        }
        if (decision.kind === "slow" && !(await pause(decision.rule.delayMs ?? DEFAULT_SLOW_MS, res)))
          return record(0);
      }
      const admitted =
        deps.quotas?.admit({ service: service.name, operation, accountId: deps.world.accountId, region }) ??
        true;
      if (!admitted) throw faultError({ kind: "throttle", rule: { kind: "throttle" } }, service)!;

      const out = handler({
        region: deps.world.region(region),
        world: deps.world,
        input: new Input(frontEnd.parse(wire, resolved), service.name),
        engine: deps.engine,
        pipelines: deps.pipelines,
        clock: deps.clock,
      });
      const answer = frontEnd.result(out ?? {}, resolved, wire);
      if (answer.stream) {
        await writeStream(res, answer);
        return record(answer.status);
      }
      if (fault === "truncate") writeTruncated(res, answer);
      else write(res, answer);
      record(answer.status);
    } catch (e) {
      if (e instanceof ClientGone) return record(0);
      let error: SimError;
      if (e instanceof SimError) error = e;
      else {
        console.error("[sim] internal error:", e);
        error = new SimError("InternalFailure", e instanceof Error ? e.message : String(e), 500);
      }
      const answer = frontEnd.error(error, route, head);
      if (fault === "truncate") writeTruncated(res, answer);
      else write(res, answer);
      record(error.status);
    }
  }

  const server = createServer((req, res) => {
    const handling = handle(req, res).catch((e: unknown) => {
      console.error("[sim] internal error:", e);
      res.destroy();
    });
    underWay.add(handling);
    void handling.finally(() => underWay.delete(handling));
  });
  return {
    server,
    settled: async () => {
      while (underWay.size > 0) await Promise.all([...underWay]);
    },
  };
}
