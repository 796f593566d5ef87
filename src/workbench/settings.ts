import * as vscode from "vscode";
import type { ConnectionSettings } from "../aws/connection";

export const SECTION = "awsCicd";
/** The settings every part shares; a service keeps its own keys in its folder's settings.ts. */
export const Setting = {
  profile: "profile",
  region: "region",
  endpointUrl: "endpointUrl",
} as const;

export function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

/** Whether a configuration change touches `awsCicd.<key>`. */
export function affects(event: vscode.ConfigurationChangeEvent, key: string): boolean {
  return event.affectsConfiguration(`${SECTION}.${key}`);
}

export function connectionSettings(): ConnectionSettings {
  const c = config();
  return {
    profile: c.get<string>(Setting.profile, ""),
    region: c.get<string>(Setting.region, ""),
    endpointUrl: c.get<string>(Setting.endpointUrl, ""),
  };
}

/** Writes a setting where it is in force: the workspace if it sets it, else the user settings. */
export async function updateSetting(key: string, value: string): Promise<void> {
  const c = config();
  const inspected = c.inspect(key);
  const target =
    inspected?.workspaceFolderValue !== undefined
      ? vscode.ConfigurationTarget.WorkspaceFolder
      : inspected?.workspaceValue !== undefined
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
  await c.update(key, value, target);
}
