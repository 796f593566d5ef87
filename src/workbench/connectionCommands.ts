import * as vscode from "vscode";
import { profileNames, REGIONS } from "../aws/connection";
import { loadSharedConfig } from "../aws/sharedConfig";
import type { ConnectionManager } from "./connectionManager";
import { Setting, updateSetting } from "./settings";
import { log } from "./logger";
import { registerCommand } from "./commands";

interface ChoiceItem extends vscode.QuickPickItem {
  readonly setting?: string;
  readonly value?: string;
}

export interface ConnectionCommandDeps {
  readonly connection: ConnectionManager;
  /** Reloads everything the views show. */
  readonly refresh: () => void;
}

export function registerConnectionCommands({
  connection,
  refresh,
}: ConnectionCommandDeps): vscode.Disposable[] {
  return [
    registerCommand("awsCicd.connection.pick", connection, async () => {
      const current = (await connection.ready()).connection;
      const profiles = profileNames(await loadSharedConfig());
      const items: ChoiceItem[] = [
        { label: "Profiles", kind: vscode.QuickPickItemKind.Separator },
        ...profileItems(profiles, current.profile),
        { label: "Regions", kind: vscode.QuickPickItemKind.Separator },
        ...regionItems(current.region),
      ];
      const picked = await vscode.window.showQuickPick(items, {
        title: "AWS CI/CD: profile and region",
        placeHolder: `Now: ${current.profile ?? "default chain"} · ${current.region} — choose a profile or a region`,
        matchOnDescription: true,
      });
      if (picked?.setting !== undefined && picked.value !== undefined)
        await updateSetting(picked.setting, picked.value);
    }),

    registerCommand("awsCicd.connection.selectProfile", connection, async () => {
      const current = (await connection.ready()).connection;
      const profiles = profileNames(await loadSharedConfig());
      const picked = await vscode.window.showQuickPick(profileItems(profiles, current.profile), {
        title: "AWS profile",
        placeHolder: profiles.length
          ? "Choose a profile"
          : "No profiles in ~/.aws/config or ~/.aws/credentials",
      });
      if (picked?.value !== undefined) await updateSetting(Setting.profile, picked.value);
    }),

    registerCommand("awsCicd.connection.selectRegion", connection, async () => {
      const current = (await connection.ready()).connection;
      const picked = await vscode.window.showQuickPick(regionItems(current.region), { title: "AWS region" });
      if (picked?.value !== undefined) await updateSetting(Setting.region, picked.value);
    }),

    registerCommand("awsCicd.refresh", connection, async () => {
      // A changed connection refreshes everything by itself; otherwise reload the views here.
      if (!(await connection.reload())) refresh();
    }),

    vscode.commands.registerCommand("awsCicd.showExtensionLog", () => log.show()),
  ];
}

function profileItems(profiles: string[], current: string | undefined): ChoiceItem[] {
  const items: ChoiceItem[] = profiles.map((p) => ({
    label: `${p === (current ?? "default") ? "$(check)" : "$(account)"} ${p}`,
    description: p === (current ?? "default") ? "current" : undefined,
    setting: Setting.profile,
    value: p,
  }));
  items.push({
    label: "$(key) Default credential chain",
    description: "AWS_PROFILE, environment variables, default profile, SSO, instance role",
    setting: Setting.profile,
    value: "",
  });
  return items;
}

function regionItems(current: string): ChoiceItem[] {
  const regions = REGIONS.includes(current) ? REGIONS : [current, ...REGIONS];
  return regions.map((r) => ({
    label: `${r === current ? "$(check)" : "$(globe)"} ${r}`,
    description: r === current ? "current" : undefined,
    setting: Setting.region,
    value: r,
  }));
}
