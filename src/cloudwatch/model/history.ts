import type { AlarmState } from "./types";

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
