import type { ClientsSource } from "../aws/clients";
import type { LogLocation, LogPage, LogsApi } from "./types";

/** CloudWatch Logs through the SDK v3 client. */
export class LogsGateway implements LogsApi {
  constructor(private readonly clients: ClientsSource) {}

  async getLogEvents(
    request: { location: LogLocation; nextToken?: string; limit?: number },
    signal: AbortSignal,
  ): Promise<LogPage> {
    const [sdk, clients] = await Promise.all([import("./sdk.lazy.js"), this.clients()]);
    const client = await clients.client("logs", (config) => new sdk.CloudWatchLogsClient(config));
    const page = await client.send(
      new sdk.GetLogEventsCommand({
        logGroupName: request.location.groupName,
        logStreamName: request.location.streamName,
        startFromHead: true,
        nextToken: request.nextToken,
        limit: request.limit,
      }),
      { abortSignal: signal },
    );
    return { events: page.events ?? [], nextForwardToken: page.nextForwardToken };
  }
}
