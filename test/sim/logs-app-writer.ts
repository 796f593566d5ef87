// Application log groups a scenario keeps writing to: steady traffic with occasional warnings and
// errors, as JSON lines or plain text, spread over the group's streams. The last
// `historyMinutes` are written when the scenario loads; from then on events arrive at
// `eventsPerMinute` per simulated minute until the simulator closes or the group is deleted.
import type { Clock } from "./clock";
import { mulberry32 } from "./prng";
import type { RegionState } from "./state";

export interface AppLogGroupSpec {
  name: string;
  /** Default ["main"]. */
  streams?: string[];
  /** Per simulated minute. Default 30. */
  eventsPerMinute?: number;
  /** JSON lines (default) or plain text. */
  format?: "json" | "text";
  /** Every Nth event, on average, is an error. Default 40. */
  errorEvery?: number;
  /** Minutes of past events written when the scenario loads. Default 60. */
  historyMinutes?: number;
  /** The service named in the lines. Default: the group's last path segment. */
  service?: string;
}

const PATHS = ["/orders", "/orders/{id}", "/users/{id}", "/health", "/cart", "/checkout"];
const ERRORS = [
  "Timeout calling payments-service after 3000 ms",
  "Connection reset by peer while reading from orders-db",
  "Unhandled TypeError: Cannot read properties of undefined (reading 'total')",
];
const WARNINGS = ["Slow query on orders table ({ms} ms)", "Retrying payments-service (attempt 2 of 3)"];

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The `index`-th line of a group (the same every time). */
export function appLogLine(spec: AppLogGroupSpec, index: number, at: number, stream: string): string {
  const random = mulberry32(hash(`${spec.name}#${index}`));
  const service = spec.service ?? spec.name.split("/").filter(Boolean).pop() ?? "app";
  const errorEvery = spec.errorEvery ?? 40;
  const roll = random();
  const level = roll < 1 / errorEvery ? "ERROR" : roll < 3 / errorEvery ? "WARN" : "INFO";
  const method = random() < 0.7 ? "GET" : "POST";
  const path = PATHS[Math.floor(random() * PATHS.length)]!.replace(
    "{id}",
    String(1000 + Math.floor(random() * 9000)),
  );
  const requestId = Math.floor(random() * 0xffffffff)
    .toString(16)
    .padStart(8, "0");
  const latencyMs = level === "ERROR" ? 3000 + Math.floor(random() * 50) : 5 + Math.floor(random() * 120);
  const status = level === "ERROR" ? 500 : 200;
  const time = new Date(at).toISOString();
  const detail =
    level === "ERROR"
      ? ERRORS[Math.floor(random() * ERRORS.length)]!
      : level === "WARN"
        ? WARNINGS[Math.floor(random() * WARNINGS.length)]!.replace(
            "{ms}",
            String(400 + Math.floor(random() * 600)),
          )
        : undefined;
  if (spec.format === "text") {
    return `${time} ${level} [${stream}] ${method} ${path} ${status} ${latencyMs}ms req=${requestId}${detail ? ` ${detail}` : ""}`;
  }
  return JSON.stringify({
    time,
    level,
    service,
    requestId,
    method,
    path,
    status,
    latencyMs,
    ...(detail ? { [level === "ERROR" ? "error" : "msg"]: detail } : {}),
  });
}

/** Writes the group's history, then keeps writing on the clock. */
export function startAppLogs(region: RegionState, clock: Clock, spec: AppLogGroupSpec, now: number): void {
  const streams = spec.streams?.length ? spec.streams : ["main"];
  const perMinute = spec.eventsPerMinute ?? 30;
  const history = spec.historyMinutes ?? 60;
  for (const stream of streams) region.logs.ensureStream(spec.name, stream, now - history * 60_000);
  let index = 0;
  const write = (count: number, at: (i: number) => number, ingested: number) => {
    const group = region.logs.groups.get(spec.name);
    if (!group) return false;
    const byStream = new Map<string, { timestamp: number; message: string }[]>();
    for (let i = 0; i < count; i++, index++) {
      const stream = streams[index % streams.length]!;
      const t = at(i);
      const list = byStream.get(stream) ?? [];
      list.push({ timestamp: t, message: appLogLine(spec, index, t, stream) });
      byStream.set(stream, list);
    }
    for (const [stream, events] of byStream)
      region.logs.append(region.logs.ensureStream(spec.name, stream, ingested), events, ingested);
    return true;
  };
  const past = Math.floor(history * perMinute);
  if (past > 0) write(past, (i) => now - history * 60_000 + Math.floor((i * 60_000) / perMinute), now);

  // Live: at perMinute × speed per wall minute, in bursts every 250 ms.
  const wallRate = (perMinute * clock.speed) / 60_000;
  let written = 0;
  const tick = () => {
    const due = Math.floor((clock.now() - now) * wallRate) - written;
    const at = clock.now();
    if (due > 0) {
      if (!write(due, () => at, at)) return; // the group was deleted: stop writing
      written += due;
    }
    clock.afterWall(250, tick);
  };
  clock.afterWall(250, tick);
}
