/** A time range for Search Log Group: a preset ("last 1 h") or two dates. */
export interface TimeRange {
  readonly start: number;
  readonly end: number;
}

export const RANGE_PRESETS: readonly { readonly label: string; readonly minutes: number }[] = [
  { label: "Last 15 minutes", minutes: 15 },
  { label: "Last hour", minutes: 60 },
  { label: "Last 3 hours", minutes: 180 },
  { label: "Last 12 hours", minutes: 720 },
  { label: "Last 24 hours", minutes: 1440 },
  { label: "Last 7 days", minutes: 10_080 },
];

const DATE = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?\s*(Z|UTC)?\s*$/i;

/** "2026-12-02 10:00" (local time, or UTC with a Z), "2026-12-02" (midnight). */
export function parseDate(text: string): number | undefined {
  if (text.length > 40) return undefined;
  const m = DATE.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map((x) => Number(x ?? "0")) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const utc = !!m[7];
  const date = utc ? new Date(Date.UTC(y, mo - 1, d, h, mi, s)) : new Date(y, mo - 1, d, h, mi, s);
  const same = utc
    ? date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && date.getUTCHours() === h
    : date.getMonth() === mo - 1 && date.getDate() === d && date.getHours() === h;
  return same && mi < 60 && s < 60 ? date.getTime() : undefined;
}

/**
 * "2026-12-02 10:00 .. 2026-12-02 11:30": a custom range. Returns the range, or what is wrong
 * with the text in words.
 */
export function parseRange(text: string, now: number): TimeRange | string {
  const parts = text.split(/\s*(?:\.\.|–|—|\bto\b)\s*/);
  if (parts.length !== 2)
    return "Write two dates separated by “..”, e.g. 2026-12-02 10:00 .. 2026-12-02 11:30";
  const start = parseDate(parts[0]!);
  const end = parts[1]!.trim().toLowerCase() === "now" ? now : parseDate(parts[1]!);
  if (start === undefined) return `“${parts[0]}” is not a date (YYYY-MM-DD or YYYY-MM-DD HH:MM).`;
  if (end === undefined) return `“${parts[1]}” is not a date (YYYY-MM-DD, YYYY-MM-DD HH:MM or now).`;
  if (end <= start) return "The end must be after the start.";
  return { start, end };
}
