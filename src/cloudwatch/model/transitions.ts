import type { Alarm, AlarmState } from "./types";

/** An alarm that changed state since it was last seen. */
export interface Transition {
  readonly alarm: Alarm;
  /** Undefined for an alarm seen for the first time (created, or newly in view) that changed since. */
  readonly from?: AlarmState;
}

/** What identifies one state change of an alarm: its name and when it changed. */
export function transitionKey(alarm: Alarm): string {
  return `${alarm.name}@${alarm.stateChanged?.getTime() ?? "?"}@${alarm.state}`;
}

/**
 * The state changes between what was known and a fresh answer. An alarm known before moved if
 * its state or the time of its last change differs; an alarm not known before counts only if it
 * changed after `since` (when watching began), so a first load reports nothing.
 */
export function transitions(
  known: ReadonlyMap<string, Alarm>,
  fresh: readonly Alarm[],
  since: Date,
): Transition[] {
  const out: Transition[] = [];
  for (const alarm of fresh) {
    const before = known.get(alarm.name);
    if (before) {
      if (before.state !== alarm.state || before.stateChanged?.getTime() !== alarm.stateChanged?.getTime())
        out.push({ alarm, from: before.state });
    } else if (alarm.stateChanged && alarm.stateChanged.getTime() > since.getTime()) {
      out.push({ alarm });
    }
  }
  return out;
}
