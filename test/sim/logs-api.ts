// Logs_20140328.* operations.
import { alreadyExists, invalidInput, notFound } from "./errors";
import { decodeToken, encodeToken, type Input } from "./input";
import { filterLogEvents, getLogEvents } from "./log-queries";
import type { LogGroup, LogStream } from "./log-store";
import type { Handler } from "./op-context";
import type { Json, RegionState } from "./state";

const GROUP_NAME = /^[.\-_/#A-Za-z0-9]+$/;
const badToken = () => invalidInput("logs", "The specified nextToken is invalid.");
const isOffset = (v: unknown): v is { offset: number } =>
  typeof (v as { offset?: unknown } | null)?.offset === "number";

/** logGroupName or logGroupIdentifier (a name or an ARN), exactly one of them. */
function groupName(input: Input, required: boolean): string | undefined {
  const name = input.str("logGroupName", { min: 1, max: 512 });
  const id = input.str("logGroupIdentifier", { min: 1, max: 2048 });
  if (name !== undefined && id !== undefined) {
    throw invalidInput("logs", "LogGroup name and LogGroup identifier are mutually exclusive parameters.");
  }
  if (id !== undefined) {
    const m = /^arn:[^:]+:logs:[^:]*:[^:]*:log-group:([^:]+)(:\*)?$/.exec(id);
    return m ? m[1] : id;
  }
  if (name === undefined && required) {
    throw invalidInput("logs", "Should provide either logGroupName or logGroupIdentifier.");
  }
  return name;
}

function requireGroup(region: RegionState, input: Input): LogGroup {
  const name = groupName(input, true) as string;
  const group = region.logs.groups.get(name);
  if (!group) throw notFound("The specified log group does not exist.");
  return group;
}

function requireStream(group: LogGroup, name: string): LogStream {
  const stream = group.streams.get(name);
  if (!stream) throw notFound("The specified log stream does not exist.");
  return stream;
}

function page<T>(
  items: T[],
  input: Input,
  defaultLimit: number,
  maxLimit: number,
): { items: T[]; nextToken?: string } {
  const limit = input.num("limit", { min: 1, max: maxLimit }) ?? defaultLimit;
  const token = input.str("nextToken", { min: 1 });
  const offset = token === undefined ? 0 : decodeToken(token, isOffset, badToken).offset;
  const slice = items.slice(offset, offset + limit);
  return offset + limit < items.length
    ? { items: slice, nextToken: encodeToken({ offset: offset + limit }) }
    : { items: slice };
}

function describeGroup(region: RegionState, g: LogGroup): Json {
  const arn = `arn:aws:logs:${region.region}:${region.accountId}:log-group:${g.name}`;
  let bytes = 0;
  for (const s of g.streams.values()) bytes += s.storedBytes;
  return {
    logGroupName: g.name,
    creationTime: g.creationTime,
    metricFilterCount: 0,
    arn: `${arn}:*`,
    storedBytes: bytes,
    logGroupClass: "STANDARD",
    logGroupArn: arn,
  };
}

function describeStream(region: RegionState, g: LogGroup, s: LogStream): Json {
  const out: Json = { logStreamName: s.name, creationTime: s.creationTime };
  const first = s.events[0];
  const last = s.events[s.events.length - 1];
  if (first && last) {
    out.firstEventTimestamp = first.timestamp;
    out.lastEventTimestamp = last.timestamp;
  }
  if (s.lastIngestionTime !== undefined) {
    out.lastIngestionTime = s.lastIngestionTime;
    out.uploadSequenceToken = String(s.uploads).padStart(56, "0");
  }
  out.arn = `arn:aws:logs:${region.region}:${region.accountId}:log-group:${g.name}:log-stream:${s.name}`;
  out.storedBytes = 0; // deprecated by CloudWatch Logs; always 0
  return out;
}

const getLogEventsOp: Handler = ({ region, input }) => {
  const group = requireGroup(region, input);
  const streamName = input.str("logStreamName", { required: true, min: 1, max: 512 }) as string;
  const stream = requireStream(group, streamName);
  const startTime = input.num("startTime", { min: 0 });
  const endTime = input.num("endTime", { min: 0 });
  const nextToken = input.str("nextToken", { min: 1 });
  return {
    ...getLogEvents(stream, {
      ...(startTime !== undefined ? { startTime } : {}),
      ...(endTime !== undefined ? { endTime } : {}),
      ...(nextToken !== undefined ? { nextToken } : {}),
      limit: input.num("limit", { min: 1, max: 10000 }) ?? 10000,
      startFromHead: input.bool("startFromHead") ?? false,
    }),
  };
};

const filterLogEventsOp: Handler = ({ region, input }) => {
  const group = requireGroup(region, input);
  const names = input.strList("logStreamNames", { min: 1, max: 100 });
  const prefix = input.str("logStreamNamePrefix", { min: 1 });
  if (names !== undefined && prefix !== undefined) {
    throw invalidInput("logs", "logStreamNames and logStreamNamePrefix are mutually exclusive.");
  }
  const streams = [...group.streams.values()].filter((s) =>
    names !== undefined ? names.includes(s.name) : prefix === undefined || s.name.startsWith(prefix),
  );
  const startTime = input.num("startTime", { min: 0 });
  const endTime = input.num("endTime", { min: 0 });
  const filterPattern = input.str("filterPattern", { max: 1024 });
  const nextToken = input.str("nextToken", { min: 1 });
  input.bool("interleaved");
  return {
    ...filterLogEvents({
      streams,
      ...(startTime !== undefined ? { startTime } : {}),
      ...(endTime !== undefined ? { endTime } : {}),
      ...(filterPattern !== undefined ? { filterPattern } : {}),
      ...(nextToken !== undefined ? { nextToken } : {}),
      limit: input.num("limit", { min: 1, max: 10000 }) ?? 10000,
    }),
  };
};

const describeLogGroups: Handler = ({ region, input }) => {
  const prefix = input.str("logGroupNamePrefix", { min: 1, max: 512 });
  const pattern = input.str("logGroupNamePattern", { max: 512 });
  if (prefix !== undefined && pattern !== undefined) {
    throw invalidInput(
      "logs",
      "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.",
    );
  }
  const groups = [...region.logs.groups.values()]
    .filter((g) => prefix === undefined || g.name.startsWith(prefix))
    .filter((g) => pattern === undefined || g.name.toLowerCase().includes(pattern.toLowerCase()))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const p = page(groups, input, 50, 50);
  return {
    logGroups: p.items.map((g) => describeGroup(region, g)),
    ...(p.nextToken ? { nextToken: p.nextToken } : {}),
  };
};

const describeLogStreams: Handler = ({ region, input }) => {
  const group = requireGroup(region, input);
  const prefix = input.str("logStreamNamePrefix", { min: 1, max: 512 });
  const orderBy = input.oneOf("orderBy", ["LogStreamName", "LastEventTime"] as const) ?? "LogStreamName";
  const descending = input.bool("descending") ?? false;
  if (prefix !== undefined && orderBy === "LastEventTime") {
    throw invalidInput("logs", "Cannot order by LastEventTime with a logStreamNamePrefix.");
  }
  const key = (s: LogStream): string | number =>
    orderBy === "LogStreamName" ? s.name : (s.events[s.events.length - 1]?.timestamp ?? s.creationTime);
  const streams = [...group.streams.values()]
    .filter((s) => prefix === undefined || s.name.startsWith(prefix))
    .sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      const c = ka < kb ? -1 : ka > kb ? 1 : 0;
      return descending ? -c : c;
    });
  const p = page(streams, input, 50, 50);
  return {
    logStreams: p.items.map((s) => describeStream(region, group, s)),
    ...(p.nextToken ? { nextToken: p.nextToken } : {}),
  };
};

const createLogGroup: Handler = ({ region, input, clock }) => {
  const name = input.str("logGroupName", { required: true, min: 1, max: 512 }) as string;
  if (!GROUP_NAME.test(name)) {
    throw invalidInput(
      "logs",
      `1 validation error detected: Value '${name}' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+`,
    );
  }
  if (region.logs.groups.has(name)) throw alreadyExists("The specified log group already exists");
  region.logs.ensureGroup(name, clock.now());
  return undefined;
};

const createLogStream: Handler = ({ region, input, clock }) => {
  const group = requireGroup(region, input);
  const name = input.str("logStreamName", { required: true, min: 1, max: 512 }) as string;
  if (/[:*]/.test(name)) throw invalidInput("logs", "Log stream name must not contain ':' or '*'.");
  if (group.streams.has(name)) throw alreadyExists("The specified log stream already exists");
  region.logs.ensureStream(group.name, name, clock.now());
  return undefined;
};

const putLogEvents: Handler = ({ region, input, clock }) => {
  const group = requireGroup(region, input);
  const stream = requireStream(group, input.str("logStreamName", { required: true, min: 1 }) as string);
  const raw = input.list("logEvents", { required: true, min: 1, max: 10000 }) ?? [];
  const events = raw.map((e, i) => {
    const ev = (e ?? {}) as { timestamp?: unknown; message?: unknown };
    if (typeof ev.timestamp !== "number" || typeof ev.message !== "string" || ev.message === "") {
      throw invalidInput(
        "logs",
        `1 validation error detected: Value at 'logEvents.${i + 1}.member' failed to satisfy constraint: timestamp and a non-empty message are required`,
      );
    }
    return { timestamp: ev.timestamp, message: ev.message };
  });
  for (let i = 1; i < events.length; i++) {
    if ((events[i]?.timestamp ?? 0) < (events[i - 1]?.timestamp ?? 0)) {
      throw invalidInput(
        "logs",
        "Log events in a single PutLogEvents request must be in chronological order.",
      );
    }
  }
  region.logs.append(stream, events, clock.now());
  return { nextSequenceToken: String(stream.uploads).padStart(56, "0") };
};

const deleteLogGroup: Handler = ({ region, input }) => {
  const group = requireGroup(region, input);
  region.logs.groups.delete(group.name);
  return undefined;
};

export const logsOps: Record<string, Handler> = {
  GetLogEvents: getLogEventsOp,
  FilterLogEvents: filterLogEventsOp,
  DescribeLogGroups: describeLogGroups,
  DescribeLogStreams: describeLogStreams,
  CreateLogGroup: createLogGroup,
  DeleteLogGroup: deleteLogGroup,
  CreateLogStream: createLogStream,
  PutLogEvents: putLogEvents,
};
