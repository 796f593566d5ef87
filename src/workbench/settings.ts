import * as vscode from "vscode";
import type { ConnectionSettings } from "../aws/connection";

export const SECTION = "awsCicd";
/** The settings every part shares; a service keeps its own keys in its folder's settings.ts. */
export const Setting = {
  profile: "profile",
  region: "region",
  endpointUrl: "endpointUrl",
  maxCallsPerMinute: "polling.maxCallsPerMinute",
} as const;

export function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

/** Whether a configuration change touches `awsCicd.<key>`. */
export function affects(event: vscode.ConfigurationChangeEvent, key: string): boolean {
  return event.affectsConfiguration(`${SECTION}.${key}`);
}

/** Settings a workspace cannot set (package.json: `"scope": "machine"`): where signed requests go. */
const MACHINE_SCOPED: readonly string[] = [Setting.profile, Setting.endpointUrl];

/** Machine-scoped settings a workspace tries to set: VS Code ignores them; the log says so. */
export function ignoredWorkspaceSettings(): string[] {
  const c = config();
  return MACHINE_SCOPED.filter((key) => {
    const inspected = c.inspect(key);
    return inspected?.workspaceValue !== undefined || inspected?.workspaceFolderValue !== undefined;
  }).map((key) => `${SECTION}.${key}`);
}

/** The ceiling of background calls a minute (pollers and log followers together). */
export function maxCallsPerMinute(): number {
  return Math.max(10, config().get<number>(Setting.maxCallsPerMinute, 120));
}

export function connectionSettings(): ConnectionSettings {
  const c = config();
  return {
    profile: c.get<string>(Setting.profile, ""),
    region: c.get<string>(Setting.region, ""),
    endpointUrl: c.get<string>(Setting.endpointUrl, ""),
  };
}

/**
 * Writes a setting where it is in force: the workspace if it sets it, else the user settings
 * (always for a machine-scoped one).
 */
export async function updateSetting(key: string, value: string): Promise<void> {
  const c = config();
  const inspected = c.inspect(key);
  const target = MACHINE_SCOPED.includes(key)
    ? vscode.ConfigurationTarget.Global
    : inspected?.workspaceFolderValue !== undefined
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : inspected?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
  await c.update(key, value, target);
}
