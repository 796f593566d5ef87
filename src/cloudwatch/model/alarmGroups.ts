import type { StatusLook } from "../../core/statusLook";
import { ALARM_STATES, type Alarm, type AlarmState } from "./types";

/** How each state looks in the tree, and its group's label. */
export const STATE_LOOKS: Readonly<Record<AlarmState, StatusLook & { readonly group: string }>> = {
  ALARM: { icon: "bell-dot", color: "testing.iconFailed", word: "in alarm", group: "In alarm" },
  INSUFFICIENT_DATA: {
    icon: "question",
    color: "list.warningForeground",
    word: "insufficient data",
    group: "Insufficient data",
  },
  OK: { icon: "pass", color: "testing.iconPassed", word: "OK", group: "OK" },
};

/** Alarms by state, ALARM first, then INSUFFICIENT_DATA, then OK; by name within each. */
export function groupByState(alarms: Iterable<Alarm>): { state: AlarmState; alarms: Alarm[] }[] {
  const groups = new Map<AlarmState, Alarm[]>(ALARM_STATES.map((s) => [s, []]));
  for (const alarm of alarms) groups.get(alarm.state)!.push(alarm);
  return ALARM_STATES.map((state) => ({
    state,
    alarms: groups.get(state)!.sort((a, b) => a.name.localeCompare(b.name)),
  }));
}

/** "2 in alarm", "all OK", "none in alarm, 1 without data", "no alarms": what the section's root says. */
export function alarmsSummary(alarms: readonly Alarm[]): string {
  if (alarms.length === 0) return "no alarms";
  const inAlarm = alarms.filter((a) => a.state === "ALARM").length;
  if (inAlarm > 0) return `${inAlarm} in alarm`;
  const unknown = alarms.filter((a) => a.state === "INSUFFICIENT_DATA").length;
  if (unknown === alarms.length) return "no data";
  return unknown > 0 ? `none in alarm, ${unknown} without data` : "all OK";
}
