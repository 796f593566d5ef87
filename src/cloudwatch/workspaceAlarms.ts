import * as vscode from "vscode";
import { Disposable } from "../core/disposable";
import { log } from "../workbench/logger";
import { WORKSPACE_ALARMS_TTL_MS } from "./model/pollPolicy";

/** CodeDeploy's command: the alarms of this workspace's deployment groups. */
export const GROUP_ALARMS_COMMAND = "awsCicd.deploy.groupAlarmNames";
/** How long CodeDeploy's answer may take. */
const ANSWER_MS = 5000;

export interface GroupAlarms {
  readonly application: string;
  readonly group: string;
  readonly alarms: readonly string[];
}

function isGroupAlarms(value: unknown): value is GroupAlarms {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.application === "string" &&
    typeof v.group === "string" &&
    Array.isArray(v.alarms) &&
    v.alarms.every((a) => typeof a === "string")
  );
}

/**
 * The alarms of the deployment groups of this workspace, as CodeDeploy's part of the extension
 * tells them (`awsCicd.deploy.groupAlarmNames`) — none while that command does not exist. Asked
 * again after a while, and at once after a git event or a refresh.
 */
export class WorkspaceAlarms extends Disposable {
  private cached: { at: number; groups: readonly GroupAlarms[] } | undefined;
  private pending: Promise<readonly GroupAlarms[]> | undefined;
  private saidMissing = false;

  invalidate(): void {
    this.cached = undefined;
  }

  async names(): Promise<ReadonlySet<string>> {
    return new Set((await this.groups()).flatMap((g) => g.alarms));
  }

  /** The deployment groups that use an alarm ("api-service/production"). */
  async groupsOf(alarm: string): Promise<string[]> {
    return (await this.groups())
      .filter((g) => g.alarms.includes(alarm))
      .map((g) => `${g.application}/${g.group}`);
  }

  private groups(): Promise<readonly GroupAlarms[]> {
    if (this.cached && Date.now() - this.cached.at < WORKSPACE_ALARMS_TTL_MS)
      return Promise.resolve(this.cached.groups);
    this.pending ??= this.ask().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async ask(): Promise<readonly GroupAlarms[]> {
    let groups: GroupAlarms[] = [];
    const commands = await vscode.commands.getCommands(true);
    if (!commands.includes(GROUP_ALARMS_COMMAND)) {
      if (!this.saidMissing) {
        this.saidMissing = true;
        log.info(
          "cloudwatch",
          `${GROUP_ALARMS_COMMAND} is not available: no deployment group alarms to watch yet`,
        );
      }
    } else {
      try {
        // Another part's answer gets a deadline like any request: a hung one must not hold notifications.
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${ANSWER_MS / 1000} s`)), ANSWER_MS);
        });
        const answer: unknown = await Promise.race([
          // `load`: CodeDeploy reads the groups it has not read yet (the tree may never have shown them).
          vscode.commands.executeCommand(GROUP_ALARMS_COMMAND, { load: true }),
          late,
        ]).finally(() => clearTimeout(timer));
        groups = Array.isArray(answer) ? answer.filter(isGroupAlarms) : [];
      } catch (error) {
        log.warn(
          "cloudwatch",
          `${GROUP_ALARMS_COMMAND} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    this.cached = { at: Date.now(), groups };
    return groups;
  }
}
