// The HTTP front: AWS JSON 1.1 over POST /, X-Amz-Target dispatch (CodeBuild, Logs, CodePipeline),
// SigV4 check, faults, and a record of every answered call.
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Clock } from "./clock";
import { codebuildOps } from "./codebuild-api";
import { codepipelineOps } from "./codepipeline-api";
import { CODEBUILD_PREFIX, CODEPIPELINE_PREFIX, LOGS_PREFIX } from "./constants";
import type { BuildEngine } from "./engine";
import { SimError, type Service } from "./errors";
import type { FaultTable } from "./faults";
import { Input } from "./input";
import { logsOps } from "./logs-api";
import type { Handler } from "./op-context";
import type { PipelineEngine } from "./pipeline-engine";
import { verifySigV4 } from "./sigv4";
import type { Json, World } from "./state";

export interface SimCall {
  /** The X-Amz-Target header, e.g. "CodeBuild_20161006.ListProjects" ("" if absent). */
  target: string;
  /** When the answer was sent (epoch ms). */
  at: number;
  status: number;
  /** How long answering took. */
  ms: number;
  /** Region from the credential scope, when the signature was readable. */
  region?: string;
}

const MAX_BODY = 10 * 1024 * 1024;
const SERVICES: Record<string, { service: Service; ops: Record<string, Handler> }> = {
  [CODEBUILD_PREFIX]: { service: "codebuild", ops: codebuildOps },
  [LOGS_PREFIX]: { service: "logs", ops: logsOps },
  [CODEPIPELINE_PREFIX]: { service: "codepipeline", ops: codepipelineOps },
};

export interface ServerDeps {
  world: World;
  engine: BuildEngine;
  pipelines: PipelineEngine;
  clock: Clock;
  faults: FaultTable;
  secrets: ReadonlyMap<string, string>;
  onCall: (call: SimCall) => void;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new SimError("SerializationException", "Request body too large", 413));
        req.destroy();
      } else chunks.push(c);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: Json): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/x-amz-json-1.1",
    "Content-Length": Buffer.byteLength(text),
    "x-amzn-RequestId": randomUUID(),
    Date: new Date().toUTCString(),
  });
  res.end(text);
}

function errorBody(e: SimError): Json {
  return { __type: e.code, message: e.message };
}

export function createSimServer(deps: ServerDeps): Server {
  async function answer(
    req: IncomingMessage,
    meta: { region?: string },
  ): Promise<{ status: number; body: Json }> {
    const target = String(req.headers["x-amz-target"] ?? "");
    const dot = target.indexOf(".");
    const svc = dot > 0 ? SERVICES[target.slice(0, dot)] : undefined;
    const handler = svc?.ops[target.slice(dot + 1)];
    if (req.method !== "POST")
      throw new SimError("UnknownOperationException", `Unsupported method ${req.method ?? ""}`, 404);
    const body = await readBody(req);
    const scope = verifySigV4(
      { method: req.method, url: req.url ?? "/", rawHeaders: req.rawHeaders, body },
      { secrets: deps.secrets, ...(svc ? { expectedService: svc.service } : {}) },
    );
    meta.region = scope.region;
    if (!svc || !handler) {
      throw new SimError("UnknownOperationException", `Unknown operation ${target}`);
    }
    const fault = deps.faults.take(target);
    if (fault) throw fault;

    let parsed: unknown = {};
    const text = body.toString("utf8").trim();
    if (text !== "") {
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new SimError("SerializationException", "Start of structure or map found where not expected.");
      }
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new SimError("SerializationException", "Start of structure or map found where not expected.");
    }
    const region = deps.world.region(scope.region);
    const out = handler({
      region,
      input: new Input(parsed as Json, svc.service),
      engine: deps.engine,
      pipelines: deps.pipelines,
      clock: deps.clock,
    });
    return { status: 200, body: out ?? {} };
  }

  return createServer((req, res) => {
    const started = Date.now();
    const target = String(req.headers["x-amz-target"] ?? "");
    const meta: { region?: string } = {};
    const finish = (status: number, body: Json): void => {
      send(res, status, body);
      const region = meta.region;
      deps.onCall({
        target,
        at: Date.now(),
        status,
        ms: Date.now() - started,
        ...(region ? { region } : {}),
      });
    };
    answer(req, meta).then(
      (r) => finish(r.status, r.body),
      (e: unknown) => {
        if (e instanceof SimError) finish(e.status, errorBody(e));
        else {
          console.error("[sim] internal error:", e);
          finish(500, { __type: "InternalFailure", message: e instanceof Error ? e.message : String(e) });
        }
      },
    );
  });
}
