import type { AlarmHistoryItem, AlarmState } from "./types";

/** HistoryData longer than this is not read (AWS keeps it to a few KB). */
const MAX_HISTORY_DATA = 65_536;

function stateOf(value: unknown): AlarmState | undefined {
  return value === "ALARM" || value === "OK" || value === "INSUFFICIENT_DATA" ? value : undefined;
}

/** The states a StateUpdate history item moved between, read from its HistoryData JSON. */
export function historyTransition(data: string | undefined): { from?: AlarmState; to?: AlarmState } {
  if (!data || data.length > MAX_HISTORY_DATA) return {};
  try {
    const parsed = JSON.parse(data) as {
      oldState?: { stateValue?: unknown };
      newState?: { stateValue?: unknown };
    };
    const from = stateOf(parsed.oldState?.stateValue);
    const to = stateOf(parsed.newState?.stateValue);
    return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
  } catch {
    return {};
  }
}

const itemKey = (h: AlarmHistoryItem) => `${h.timestamp.getTime()}\u0000${h.type}\u0000${h.summary}`;

/**
 * An alarm's history kept between refreshes: what was read before, plus what was read since its
 * newest item (the boundary is read again: items seen twice count once), newest first, nothing
 * older than `since`.
 */
export function mergeHistory(
  known: readonly AlarmHistoryItem[],
  fresh: readonly AlarmHistoryItem[],
  since: number,
): AlarmHistoryItem[] {
  const seen = new Set<string>();
  const out: AlarmHistoryItem[] = [];
  for (const h of [...fresh, ...known]) {
    const key = itemKey(h);
    if (seen.has(key) || h.timestamp.getTime() < since) continue;
    seen.add(key);
    out.push(h);
  }
  return out.sort((a, b) => b.timestamp.getTime() - a.timestamp.getTime());
}

/** Where the next read of the history starts: the newest item known, or `since`. */
export function historyFrom(known: readonly AlarmHistoryItem[], since: number): number {
  return Math.max(since, ...known.map((h) => h.timestamp.getTime()));
}
