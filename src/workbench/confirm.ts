import * as vscode from "vscode";
import { mustConfirm, type ChangePolicy, type ConfirmSetting } from "../aws/confirmPolicy";
import { accountOf } from "../aws/identity";
import type { ConnectionManager } from "./connectionManager";
import { log } from "./logger";
import { config } from "./settings";

export const ConfirmSettingKey = {
  confirm: "confirm",
  protectedAccounts: "protectedAccounts",
  protectedRegions: "protectedRegions",
} as const;

/** A change to AWS the user asked for. */
export interface Change {
  /** The question's verb: "Stop" (the question reads "Stop build web-app #5?"). */
  readonly verb: string;
  /** What it acts on, as the user knows it: "build web-app #5". */
  readonly subject: string;
  /** The button that goes ahead: "Stop Build". */
  readonly action: string;
  /** What cannot be taken back (stop, reject, abandon, disable, deploy, delete). */
  readonly destructive: boolean;
  /** A line on what happens, shown under the question. */
  readonly detail?: string;
}

function policy(): ChangePolicy {
  const c = config();
  return {
    setting: c.get<ConfirmSetting>(ConfirmSettingKey.confirm, "destructive"),
    protectedAccounts: c.get<string[]>(ConfirmSettingKey.protectedAccounts, []),
    protectedRegions: c.get<string[]>(ConfirmSettingKey.protectedRegions, []),
  };
}

/**
 * Asks before a change when the policy says so (`awsCicd.confirm`, protected accounts and
 * regions), in a modal that names the action, the resource, the account and the region.
 * Resolves whether to go ahead.
 */
export async function confirmChange(
  connection: ConnectionManager,
  change: Change,
  signal: AbortSignal,
): Promise<boolean> {
  const { connection: current, clients } = await connection.ready();
  const rules = policy();
  const region = current.region;
  const lookUp = () =>
    accountOf(clients, signal).catch((error: unknown) => {
      log.warn("confirm", `could not tell the account (STS GetCallerIdentity): ${String(error)}`);
      return undefined;
    });
  let account: string | undefined;
  let ask = mustConfirm(rules, { destructive: change.destructive, account: undefined, region });
  if (ask || rules.protectedAccounts.length > 0) {
    account = await lookUp();
    ask = mustConfirm(rules, { destructive: change.destructive, account, region });
  }
  if (!ask) return true;
  const where = `Account ${account ?? "(unknown: STS did not answer)"} · region ${region} · profile ${current.profile ?? "default chain"}`;
  const answer = await vscode.window.showWarningMessage(
    `${change.verb} ${change.subject}?`,
    { modal: true, detail: [where, change.detail].filter(Boolean).join("\n\n") },
    change.action,
  );
  return answer === change.action;
}
