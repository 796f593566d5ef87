import type { ClientsSource } from "../aws/clients";
import { deadlineError, REQUEST_DEADLINE_MS, withoutDeadline } from "../aws/send";
import type {
  FilterPage,
  FilterRequest,
  LiveTailUpdate,
  LogGroupsApi,
  LogGroupSummary,
  LogStreamSummary,
  TailApi,
  TailEvent,
  TailTarget,
} from "./tailTypes";

/** DescribeLogGroups answers at most 50 groups a page. */
const GROUPS_PAGE = 50;
/** DescribeLogStreams answers at most 50 streams a page. */
const STREAMS_PAGE = 50;

/** `arn:aws:logs:r:a:log-group:NAME:*` → `arn:aws:logs:r:a:log-group:NAME` (what Live Tail takes). */
export function liveTailArn(arn: string | undefined): string | undefined {
  return arn?.replace(/:\*$/, "");
}

/** The group name in a log group ARN. */
export function groupNameOfArn(arn: string): string {
  const at = arn.indexOf(":log-group:");
  return at < 0 ? arn : arn.slice(at + ":log-group:".length).replace(/:\*$/, "");
}

/** A Live Tail session's end, as an error the caller can tell apart (its name is the exception's). */
function streamException(name: string, message: string | undefined): Error {
  const error = new Error(message ?? name);
  error.name = name;
  return error;
}

/** CloudWatch Logs for tails, searches and log group pickers, through the SDK v3 client. */
export class TailGateway implements TailApi, LogGroupsApi {
  constructor(private readonly clients: ClientsSource) {}

  private async sdk() {
    const [sdk, clients] = await Promise.all([import("./tailSdk.lazy.js"), this.clients()]);
    const client = await clients.client("logs", (config) => new sdk.CloudWatchLogsClient(config));
    return { client, sdk };
  }

  async filterLogEvents(request: FilterRequest, signal: AbortSignal): Promise<FilterPage> {
    const { client, sdk } = await this.sdk();
    const answer = await client.send(
      new sdk.FilterLogEventsCommand({
        logGroupName: request.group,
        logStreamNames: request.streamNames?.length ? [...request.streamNames] : undefined,
        logStreamNamePrefix: request.streamPrefix || undefined,
        filterPattern: request.pattern || undefined,
        startTime: request.startTime,
        endTime: request.endTime,
        nextToken: request.nextToken,
        limit: request.limit,
      }),
      { abortSignal: signal },
    );
    const events: TailEvent[] = [];
    for (const e of answer.events ?? []) {
      events.push({
        group: request.group,
        stream: e.logStreamName ?? "",
        timestamp: e.timestamp ?? 0,
        ingestionTime: e.ingestionTime,
        message: e.message ?? "",
        id: e.eventId,
      });
    }
    return { events, nextToken: answer.nextToken };
  }

  async startLiveTail(target: TailTarget, signal: AbortSignal): Promise<AsyncIterable<LiveTailUpdate>> {
    const { client, sdk } = await this.sdk();
    const arns = target.groups.map((g) => liveTailArn(g.arn) ?? g.name);
    const nameOf = new Map(target.groups.map((g) => [liveTailArn(g.arn) ?? g.name, g.name]));
    // The session lives as long as the caller's signal; only its start has a deadline.
    const session = new AbortController();
    const forward = () => session.abort(signal.reason);
    if (signal.aborted) forward();
    signal.addEventListener("abort", forward, { once: true });
    let late = false;
    const deadline = setTimeout(() => {
      late = true;
      session.abort();
    }, REQUEST_DEADLINE_MS);
    let answer;
    try {
      answer = await withoutDeadline(client).send(
        new sdk.StartLiveTailCommand({
          logGroupIdentifiers: arns,
          logStreamNames: target.streamNames?.length ? [...target.streamNames] : undefined,
          logStreamNamePrefixes: target.streamPrefix ? [target.streamPrefix] : undefined,
          logEventFilterPattern: target.pattern || undefined,
        }),
        { abortSignal: session.signal },
      );
    } catch (error) {
      signal.removeEventListener("abort", forward);
      throw late && !signal.aborted ? deadlineError(REQUEST_DEADLINE_MS) : error;
    } finally {
      clearTimeout(deadline);
    }
    const stream = answer.responseStream;
    if (!stream) throw streamException("SessionStreamingException", "Live Tail answered without a stream.");
    return {
      async *[Symbol.asyncIterator]() {
        try {
          yield* updates(stream);
        } finally {
          signal.removeEventListener("abort", forward);
          session.abort();
        }
      },
    };

    async function* updates(source: NonNullable<typeof stream>): AsyncGenerator<LiveTailUpdate> {
      for await (const message of source) {
        if (message.sessionUpdate) {
          const update = message.sessionUpdate;
          yield {
            sampled: update.sessionMetadata?.sampled ?? false,
            events: (update.sessionResults ?? []).map((e) => ({
              group: nameOf.get(e.logGroupIdentifier ?? "") ?? groupNameOfArn(e.logGroupIdentifier ?? ""),
              stream: e.logStreamName ?? "",
              timestamp: e.timestamp ?? 0,
              ingestionTime: e.ingestionTime,
              message: e.message ?? "",
            })),
          };
        } else if (message.SessionTimeoutException) {
          throw streamException("SessionTimeoutException", message.SessionTimeoutException.message);
        } else if (message.SessionStreamingException) {
          throw streamException("SessionStreamingException", message.SessionStreamingException.message);
        }
      }
    }
  }

  async describeLogGroups(
    query: { pattern?: string; prefix?: string; max: number },
    signal: AbortSignal,
  ): Promise<{ groups: LogGroupSummary[]; truncated: boolean }> {
    const { client, sdk } = await this.sdk();
    const groups: LogGroupSummary[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new sdk.DescribeLogGroupsCommand({
          logGroupNamePattern: query.prefix ? undefined : query.pattern || undefined,
          logGroupNamePrefix: query.prefix || undefined,
          limit: GROUPS_PAGE,
          nextToken,
        }),
        { abortSignal: signal },
      );
      for (const g of page.logGroups ?? []) {
        if (!g.logGroupName) continue;
        groups.push({
          name: g.logGroupName,
          arn: g.logGroupArn ?? liveTailArn(g.arn),
          storedBytes: g.storedBytes,
          retentionDays: g.retentionInDays,
          created: g.creationTime,
        });
      }
      nextToken = page.nextToken;
    } while (nextToken && groups.length < query.max);
    return { groups: groups.slice(0, query.max), truncated: !!nextToken || groups.length > query.max };
  }

  async describeLogStreams(group: string, max: number, signal: AbortSignal): Promise<LogStreamSummary[]> {
    const { client, sdk } = await this.sdk();
    const page = await client.send(
      new sdk.DescribeLogStreamsCommand({
        logGroupName: group,
        orderBy: "LastEventTime",
        descending: true,
        limit: Math.min(STREAMS_PAGE, max),
      }),
      { abortSignal: signal },
    );
    return (page.logStreams ?? [])
      .filter((s) => !!s.logStreamName)
      .map((s) => ({ name: s.logStreamName!, lastEventTime: s.lastEventTimestamp }));
  }
}
