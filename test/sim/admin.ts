// The simulator's own endpoint, beside the AWS protocols on the same port: /__sim/faults.
// Unsigned, answered only to loopback clients. (Not an AWS path: S3 bucket names cannot start
// with "_", and the other protocols POST to "/".)
//   GET    /__sim/faults   → {seed, rules, spec, counts}
//   POST   /__sim/faults   {"spec": "throttle=0.3,seed=7"} or {"seed": 7, "rules": [...]} replaces
//                          the rules ("append": true adds them; "resetCounts": true zeroes counts)
//   DELETE /__sim/faults   forgets every rule and zeroes the counts
import type { ServerResponse } from "node:http";
import { FaultSpecError, toFaultConfig } from "./fault-spec";
import type { FaultTable } from "./faults";

export const ADMIN_PREFIX = "/__sim/";

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  return v4.startsWith("127.") || address === "::1";
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

export function handleAdmin(
  req: { method: string; path: string; remoteAddress: string | undefined; body: Buffer },
  res: ServerResponse,
  faults: FaultTable,
): void {
  if (!isLoopback(req.remoteAddress))
    return reply(res, 403, { message: "The simulator's admin endpoint answers loopback clients only." });
  if (req.path !== "/__sim/faults") return reply(res, 404, { message: `No admin resource ${req.path}` });
  try {
    if (req.method === "GET") return reply(res, 200, faults.state());
    if (req.method === "DELETE") {
      faults.clear();
      faults.resetCounts();
      return reply(res, 200, faults.state());
    }
    if (req.method !== "POST")
      return reply(res, 405, { message: `${req.method} is not one of GET, POST, DELETE` });
    let body: unknown;
    try {
      body = JSON.parse(req.body.toString("utf8"));
    } catch {
      throw new FaultSpecError("the body must be JSON");
    }
    if (typeof body !== "object" || body === null || Array.isArray(body))
      throw new FaultSpecError('the body must be {"spec": "..."} or {"seed": N, "rules": [...]}');
    const b = body as {
      spec?: unknown;
      seed?: unknown;
      rules?: unknown;
      append?: unknown;
      resetCounts?: unknown;
    };
    if (b.spec !== undefined && typeof b.spec !== "string") throw new FaultSpecError("spec must be a string");
    const config = toFaultConfig(b.spec ?? { seed: b.seed, rules: b.rules ?? [] });
    if (b.append === true) faults.add(config);
    else faults.configure(config);
    if (b.resetCounts === true) faults.resetCounts();
    return reply(res, 200, faults.state());
  } catch (e) {
    if (e instanceof FaultSpecError) return reply(res, 400, { message: e.message });
    throw e;
  }
}
