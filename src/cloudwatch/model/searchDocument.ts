import { messageLines } from "../../core/ansi";
import type { TailEvent } from "../../logs/tailTypes";
import { logEventsConsoleUrl } from "./consoleLinks";

export interface SearchResult {
  readonly region: string;
  readonly group: string;
  readonly pattern: string;
  readonly start: number;
  readonly end: number;
  readonly events: readonly TailEvent[];
  /** More events matched than were read (the search stops at a limit). */
  readonly truncated: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The read-only document of a search: what was searched, a console link to the same search, the
 * events (time, stream, message), and a console link per stream that had events.
 */
export function searchDocument(result: SearchResult): string {
  const { region, group, pattern, start, end, events } = result;
  const lines: string[] = [
    `# ${group} — ${pattern ? `pattern ${pattern}` : "every event"}`,
    `# ${iso(start)} .. ${iso(end)} (${region}) · ${events.length} event${events.length === 1 ? "" : "s"}${result.truncated ? " (the first ones: narrow the range or the pattern for the rest)" : ""}`,
    `# In the console: ${logEventsConsoleUrl(region, group, { pattern, start, end })}`,
    "",
  ];
  if (events.length === 0) lines.push("No events matched.");
  for (const e of events) {
    const head = `${iso(e.timestamp)}  ${e.stream}  `;
    const [first = "", ...rest] = messageLines(e.message);
    lines.push(head + first);
    for (const line of rest) lines.push(" ".repeat(head.length) + line);
  }
  const streams = [...new Set(events.map((e) => e.stream))];
  if (streams.length > 0) {
    lines.push("", "# Streams in the console:");
    for (const stream of streams)
      lines.push(`#   ${stream}: ${logEventsConsoleUrl(region, group, { stream, pattern, start, end })}`);
  }
  return lines.join("\n") + "\n";
}
