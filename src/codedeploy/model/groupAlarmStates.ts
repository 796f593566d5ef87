import type { Deployment } from "./types";

/**
 * A deployment group's alarm as CloudWatch tells it (`awsCicd.alarm.statesOf`). CodeDeploy knows
 * only the names; the state comes from the CloudWatch part of the extension when it is there.
 */
export interface GroupAlarmState {
  readonly name: string;
  /** Absent: the alarm does not exist in this region (or CloudWatch could not say). */
  readonly state?: "ALARM" | "INSUFFICIENT_DATA" | "OK";
  readonly reason?: string;
  readonly changed?: Date;
}

/** What `awsCicd.alarm.statesOf` answers, checked; entries of any other shape are left out. */
export function parseAlarmStates(answer: unknown): GroupAlarmState[] {
  if (!Array.isArray(answer)) return [];
  const out: GroupAlarmState[] = [];
  for (const raw of answer as unknown[]) {
    if (typeof raw !== "object" || raw === null) continue;
    const v = raw as Record<string, unknown>;
    if (typeof v.name !== "string") continue;
    const state =
      v.state === "ALARM" || v.state === "INSUFFICIENT_DATA" || v.state === "OK" ? v.state : undefined;
    const changed = typeof v.changed === "string" ? new Date(v.changed) : undefined;
    out.push({
      name: v.name,
      ...(state ? { state } : {}),
      ...(typeof v.reason === "string" ? { reason: v.reason } : {}),
      ...(changed && !Number.isNaN(changed.getTime()) ? { changed } : {}),
    });
  }
  return out;
}

/** How an alarm's state reads in the tree. */
export function alarmStateLook(s: GroupAlarmState | undefined): {
  word: string;
  icon: string;
  color?: string;
} {
  switch (s?.state) {
    case "ALARM":
      return { word: "in alarm", icon: "bell-dot", color: "testing.iconFailed" };
    case "OK":
      return { word: "OK", icon: "pass", color: "testing.iconPassed" };
    case "INSUFFICIENT_DATA":
      return { word: "insufficient data", icon: "question" };
    default:
      return s
        ? { word: "not found in CloudWatch", icon: "warning", color: "list.warningForeground" }
        : { word: "state unknown", icon: "bell" };
  }
}

/** The Alarms row's summary: "1 in alarm", "all OK", … ("" while the states are unknown). */
export function alarmsSummary(
  names: readonly string[],
  states: ReadonlyMap<string, GroupAlarmState> | undefined,
): string {
  if (!states) return "";
  const known = names.map((n) => states.get(n)).filter((s): s is GroupAlarmState => !!s);
  if (known.length === 0) return "";
  const inAlarm = known.filter((s) => s.state === "ALARM").length;
  if (inAlarm > 0) return `${inAlarm} in alarm`;
  if (known.length === names.length && known.every((s) => s.state === "OK")) return "all OK";
  const noData = known.filter((s) => s.state === "INSUFFICIENT_DATA").length;
  const missing = known.filter((s) => !s.state).length;
  return [noData ? `${noData} insufficient data` : "", missing ? `${missing} not found` : ""]
    .filter(Boolean)
    .join(", ");
}

/** CodeDeploy's error code for a deployment an alarm stopped. */
export const ALARM_STOP_CODE = "ALARM_ACTIVE";

/**
 * The alarms that stopped a deployment (error ALARM_ACTIVE), or undefined when no alarm stopped
 * it. CodeDeploy's message names them ("… Activated alarms: a, b"): the group's alarms that the
 * message names, longest name first so that `x-5xx` does not also claim `x-5xx-rate`; then any
 * other names after "alarms:". When the message names none, the group's alarms whose state went
 * to ALARM before the deployment ended (CloudWatch's word); else [] — stopped by an alarm, which
 * one unknown.
 */
export function alarmsThatStopped(
  d: Deployment,
  groupAlarms: readonly string[],
  states?: ReadonlyMap<string, GroupAlarmState>,
): string[] | undefined {
  if (d.error?.code !== ALARM_STOP_CODE) return undefined;
  const message = d.error.message ?? "";
  const found: string[] = [];
  let rest = message;
  for (const name of [...groupAlarms].sort((a, b) => b.length - a.length)) {
    const at = indexOfWord(rest, name);
    if (at < 0) continue;
    found.push(name);
    rest = rest.slice(0, at) + " ".repeat(name.length) + rest.slice(at + name.length);
  }
  const listed = /alarms?:\s*(.+)$/i.exec(rest)?.[1];
  if (listed)
    for (const part of listed.split(/[,\s]+/)) {
      const name = part.replace(/[.;]+$/, "").trim();
      if (name && !found.includes(name)) found.push(name);
    }
  if (found.length > 0) return order(found, message);
  if (!states) return [];
  const end = d.completeTime?.getTime() ?? Number.POSITIVE_INFINITY;
  return groupAlarms.filter((n) => {
    const s = states.get(n);
    return s?.state === "ALARM" && (!s.changed || s.changed.getTime() <= end + 60_000);
  });
}

/** `name` in `text` as a whole alarm name (not part of a longer one). */
function indexOfWord(text: string, name: string): number {
  let from = 0;
  for (;;) {
    const at = text.indexOf(name, from);
    if (at < 0) return -1;
    const before = text[at - 1];
    const after = text[at + name.length];
    if ((before === undefined || !/[\w\-/.]/.test(before)) && (after === undefined || !/[\w\-/]/.test(after)))
      return at;
    from = at + 1;
  }
}

/** In the order the message names them. */
function order(names: string[], message: string): string[] {
  return [...names].sort((a, b) => indexOfWord(message, a) - indexOfWord(message, b));
}

/** "alarm a", "alarms a and b", "alarms a, b and c", "an alarm". */
export function alarmsPhrase(names: readonly string[]): string {
  if (names.length === 0) return "an alarm";
  if (names.length === 1) return `alarm ${names[0]}`;
  return `alarms ${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
