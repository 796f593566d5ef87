import * as vscode from "vscode";
import type { ConnectionSettings } from "../aws/connection";

export const SECTION = "awsCicd";
export const Setting = {
  profile: "profile",
  region: "region",
  endpointUrl: "endpointUrl",
  recentBuilds: "codebuild.recentBuilds",
  notifyBuildFinished: "notifications.buildFinished",
} as const;

export type NotifyWhen = "followed" | "all" | "off";

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

export function connectionSettings(): ConnectionSettings {
  const c = config();
  return {
    profile: c.get<string>(Setting.profile, ""),
    region: c.get<string>(Setting.region, ""),
    endpointUrl: c.get<string>(Setting.endpointUrl, ""),
  };
}

export function recentBuilds(): number {
  return Math.min(100, Math.max(1, config().get<number>(Setting.recentBuilds, 10)));
}

export function notifyBuildFinished(): NotifyWhen {
  return config().get<NotifyWhen>(Setting.notifyBuildFinished, "followed");
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
