import { messageLines } from "../../core/ansi";
import type { TailEvent, TailTarget } from "../../logs/tailTypes";

/** At most this many groups in one tail (Live Tail's limit). */
export const MAX_TAIL_GROUPS = 10;

/** The key of a tail in the registry of followed logs: the same groups, streams and pattern are the same tail. */
export function tailKey(target: TailTarget): string {
  const groups = target.groups.map((g) => g.name).sort();
  const streams = target.streamNames ? [...target.streamNames].sort().join(",") : (target.streamPrefix ?? "");
  return `tail:${groups.join("|")}#${streams}#${target.pattern ?? ""}`;
}

/** "Tail: /app/api-service", "Tail: /app/api-service + 1 more (ERROR)": the channel's name. */
export function tailTitle(target: TailTarget): string {
  const first = target.groups[0]?.name ?? "";
  const more = target.groups.length > 1 ? ` + ${target.groups.length - 1} more` : "";
  const streams = target.streamNames?.length
    ? ` [${target.streamNames.length === 1 ? target.streamNames[0] : `${target.streamNames.length} streams`}]`
    : target.streamPrefix
      ? ` [${target.streamPrefix}*]`
      : "";
  const pattern = target.pattern
    ? ` (${target.pattern.length > 40 ? `${target.pattern.slice(0, 39)}…` : target.pattern})`
    : "";
  return `Tail: ${first}${more}${streams}${pattern}`;
}

/** Whether lines say where they come from: several groups, or one group's several streams. */
function prefixOf(target: TailTarget): (event: TailEvent) => string {
  if (target.groups.length > 1) return (e) => `[${e.group}/${e.stream}] `;
  if (target.streamNames?.length === 1) return () => "";
  return (e) => `[${e.stream}] `;
}

/** Longest line written to the channel (a longer one is cut, with a note). */
const MAX_LINE = 16_384;

/** The channel's text for a batch of events: one line per message line, prefixed when there are several sources. */
export function tailText(target: TailTarget, events: readonly TailEvent[]): string {
  const prefix = prefixOf(target);
  let out = "";
  for (const event of events) {
    const head = prefix(event);
    for (const line of messageLines(event.message)) {
      out +=
        head +
        (line.length > MAX_LINE
          ? `${line.slice(0, MAX_LINE)}… (${line.length - MAX_LINE} more characters)`
          : line) +
        "\n";
    }
  }
  return out;
}

/** "3.2/s", "0.4/s", "120/s": the status bar's rate. */
export function rateText(perSecond: number): string {
  if (perSecond >= 10) return `${Math.round(perSecond)}/s`;
  return `${(Math.round(perSecond * 10) / 10).toFixed(1)}/s`;
}
