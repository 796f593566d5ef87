import type { DeploymentGroup } from "./types";

/** What `awsCicd.deploy.groupAlarmNames` answers for each group: its CloudWatch alarms. */
export interface GroupAlarms {
  readonly application: string;
  readonly group: string;
  readonly alarms: string[];
  /** Whether the group stops (and rolls back, when auto-rollback on alarm is on) when one fires. */
  readonly alarmsEnabled: boolean;
  readonly rollbackOnAlarm: boolean;
}

export function groupAlarms(groups: readonly DeploymentGroup[]): GroupAlarms[] {
  return groups
    .filter((g) => g.alarms.names.length > 0)
    .map((g) => ({
      application: g.application,
      group: g.name,
      alarms: [...g.alarms.names],
      alarmsEnabled: g.alarms.enabled,
      rollbackOnAlarm: g.autoRollback.enabled && g.autoRollback.events.includes("DEPLOYMENT_STOP_ON_ALARM"),
    }));
}
