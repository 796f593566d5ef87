/** CloudWatch Logs as the followers need it, independent of the SDK's shapes. */

export interface LogLocation {
  readonly groupName: string;
  readonly streamName: string;
}

export interface LogEvent {
  readonly timestamp?: number;
  readonly message?: string;
}

export interface LogPage {
  readonly events: readonly LogEvent[];
  readonly nextForwardToken?: string;
}

/** What a log follower needs from CloudWatch Logs. Every call can be aborted. */
export interface LogsApi {
  getLogEvents(
    request: { location: LogLocation; nextToken?: string; limit?: number },
    signal: AbortSignal,
  ): Promise<LogPage>;
}
