/** Tailing CloudWatch log groups (Live Tail or FilterLogEvents), independent of the SDK's shapes. */

/** A log group to tail: its name, and its ARN (Live Tail names groups by ARN). */
export interface TailGroup {
  readonly name: string;
  readonly arn?: string;
}

/** What a tail reads: up to 10 groups, optionally only some streams, events matching a pattern. */
export interface TailTarget {
  readonly groups: readonly TailGroup[];
  /** Only these streams (one group only). */
  readonly streamNames?: readonly string[];
  /** Only streams whose name starts with this (one group only). */
  readonly streamPrefix?: string;
  /** A CloudWatch Logs filter pattern; empty or absent: every event. */
  readonly pattern?: string;
}

export interface TailEvent {
  readonly group: string;
  readonly stream: string;
  readonly timestamp: number;
  readonly ingestionTime?: number;
  readonly message: string;
  /** FilterLogEvents' eventId (Live Tail events have none). */
  readonly id?: string;
}

export interface FilterRequest {
  readonly group: string;
  readonly streamNames?: readonly string[];
  readonly streamPrefix?: string;
  readonly pattern?: string;
  readonly startTime?: number;
  readonly endTime?: number;
  readonly nextToken?: string;
  readonly limit?: number;
}

export interface FilterPage {
  readonly events: readonly TailEvent[];
  readonly nextToken?: string;
}

/** One message of a Live Tail session after its start: the events of the last second. */
export interface LiveTailUpdate {
  readonly sampled: boolean;
  readonly events: readonly TailEvent[];
}

export interface LogGroupSummary {
  readonly name: string;
  /** Without the trailing `:*` (what Live Tail takes). */
  readonly arn?: string;
  readonly storedBytes?: number;
  readonly retentionDays?: number;
  readonly created?: number;
}

export interface LogStreamSummary {
  readonly name: string;
  readonly lastEventTime?: number;
}

/** What tails and searches need from CloudWatch Logs. Every call can be aborted. */
export interface TailApi {
  filterLogEvents(request: FilterRequest, signal: AbortSignal): Promise<FilterPage>;
  /**
   * Starts a Live Tail session. Resolves once the session has started (its first message); the
   * updates follow until the session ends (the iterable ends) or fails (it throws).
   */
  startLiveTail(target: TailTarget, signal: AbortSignal): Promise<AsyncIterable<LiveTailUpdate>>;
}

/** Listing log groups and streams (pickers, the tree). */
export interface LogGroupsApi {
  /** Groups whose name contains `pattern` (case-insensitive), in name order, at most `max`. */
  describeLogGroups(
    query: { pattern?: string; prefix?: string; max: number },
    signal: AbortSignal,
  ): Promise<{ groups: LogGroupSummary[]; truncated: boolean }>;
  /** The group's streams, most recent event first, at most `max`. */
  describeLogStreams(group: string, max: number, signal: AbortSignal): Promise<LogStreamSummary[]>;
}
