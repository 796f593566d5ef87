/** When a change to AWS asks first. */

/** `awsCicd.confirm`: which changes ask before they are made. */
export type ConfirmSetting = "destructive" | "all" | "none";

export interface ChangePolicy {
  readonly setting: ConfirmSetting;
  /** `awsCicd.protectedAccounts` / `awsCicd.protectedRegions`: where every change asks. */
  readonly protectedAccounts: readonly string[];
  readonly protectedRegions: readonly string[];
}

export interface ChangeTarget {
  /** Stopping, rejecting, abandoning, disabling, deploying, deleting: what cannot be taken back. */
  readonly destructive: boolean;
  readonly account: string | undefined;
  readonly region: string;
}

/**
 * Whether to ask: always in a protected account or region; otherwise as the setting says —
 * destructive changes only (the default), every change, or none.
 */
export function mustConfirm(policy: ChangePolicy, target: ChangeTarget): boolean {
  const isProtected =
    policy.protectedRegions.includes(target.region) ||
    (target.account !== undefined && policy.protectedAccounts.includes(target.account));
  if (isProtected) return true;
  switch (policy.setting) {
    case "all":
      return true;
    case "none":
      return false;
    default:
      return target.destructive;
  }
}
