import * as vscode from "vscode";
import { Disposable } from "../core/disposable";
import { log } from "../workbench/logger";
import { parseAlarmStates, type GroupAlarmState } from "./model/groupAlarmStates";

/** The CloudWatch part's query: the states of named alarms (absent when CloudWatch is not there). */
export const ALARM_STATES_COMMAND = "awsCicd.alarm.statesOf";
/** How long CloudWatch's answer may take. */
const ANSWER_MS = 5000;
/** A state read this recently is not asked again when a row is drawn or expanded. */
const FRESH_MS = 15_000;

/**
 * The states of the deployment groups' alarms, asked of the CloudWatch part of the extension
 * through its command (which answers from the alarms it already watches and reads only those it
 * does not know). No CloudWatch import: without that command the rows show the names only.
 * Asked when a group's alarms are shown or expanded, at most every 15 s per alarm.
 */
export class GroupAlarmStates extends Disposable {
  private readonly known = new Map<string, { at: number; state: GroupAlarmState }>();
  private readonly pending = new Map<string, Promise<void>>();
  private available: boolean | undefined;
  private readonly onDidChangeEmitter = this.register(new vscode.EventEmitter<readonly string[]>());
  /** Fires the names whose state changed (or became known). */
  readonly onDidChange = this.onDidChangeEmitter.event;

  /** What is known now, without asking. */
  get(name: string): GroupAlarmState | undefined {
    return this.known.get(name)?.state;
  }

  /** The known states of these names (undefined when none is known). */
  snapshot(names: readonly string[]): ReadonlyMap<string, GroupAlarmState> | undefined {
    const out = new Map<string, GroupAlarmState>();
    for (const n of names) {
      const s = this.get(n);
      if (s) out.set(n, s);
    }
    return out.size > 0 ? out : undefined;
  }

  /** Asks CloudWatch for the names not read in the last 15 s; resolves when they are known (or not). */
  async refresh(names: readonly string[]): Promise<void> {
    const now = Date.now();
    const stale = [...new Set(names)].filter((n) => {
      const k = this.known.get(n);
      return !k || now - k.at >= FRESH_MS;
    });
    if (stale.length === 0) return;
    const key = stale.sort().join("\u0000");
    let p = this.pending.get(key);
    if (!p) {
      p = this.ask(stale).finally(() => this.pending.delete(key));
      this.pending.set(key, p);
    }
    await p;
  }

  reset(): void {
    this.known.clear();
  }

  private async ask(names: string[]): Promise<void> {
    if (!this.available) {
      // Asked again until it exists: the CloudWatch part may register it after this one.
      this.available = (await vscode.commands.getCommands(true)).includes(ALARM_STATES_COMMAND);
      if (!this.available) return;
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ANSWER_MS / 1000} s`)), ANSWER_MS);
      });
      const answer: unknown = await Promise.race([
        vscode.commands.executeCommand(ALARM_STATES_COMMAND, names),
        late,
      ]);
      const at = Date.now();
      const changed: string[] = [];
      for (const s of parseAlarmStates(answer)) {
        const before = this.known.get(s.name)?.state;
        this.known.set(s.name, { at, state: s });
        if (
          !before ||
          before.state !== s.state ||
          before.changed?.getTime() !== s.changed?.getTime() ||
          before.reason !== s.reason
        )
          changed.push(s.name);
      }
      if (changed.length > 0) this.onDidChangeEmitter.fire(changed);
    } catch (error) {
      log.warn(
        "deploy",
        `${ALARM_STATES_COMMAND} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    } finally {
      clearTimeout(timer);
    }
  }
}
