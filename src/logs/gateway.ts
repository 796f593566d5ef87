import type { LogLocation, LogPage, LogsApi } from "../codebuild/model/types";
import type { AwsClients } from "../aws/clients";

/** CloudWatch Logs through the SDK v3 client. */
export class LogsGateway implements LogsApi {
  constructor(private readonly clients: AwsClients) {}

  async getLogEvents(
    request: { location: LogLocation; nextToken?: string; limit?: number },
    signal: AbortSignal,
  ): Promise<LogPage> {
    const [client, { GetLogEventsCommand }] = await Promise.all([
      this.clients.logs(),
      import("@aws-sdk/client-cloudwatch-logs"),
    ]);
    const page = await client.send(
      new GetLogEventsCommand({
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
