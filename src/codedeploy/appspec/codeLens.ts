import * as vscode from "vscode";
import { Disposable } from "../../core/disposable";
import { relativeTime } from "../../core/format";
import type { GitHeadWatcher } from "../../workbench/gitHeadWatcher";
import { statusLook } from "../model/status";
import type { DeploymentGroup } from "../model/types";
import { workspaceApplications } from "../model/workspaceApps";
import { applicationNames } from "../workspaceNames";
import type { DeployStore } from "../store";
import { APPSPEC_SELECTOR, isAppSpec } from "./language";

const MAX_GROUPS = 4;

/**
 * At the top of an appspec: "Deploy to <group>…" for the deployment groups that deploy this
 * kind of revision (the application named like the folder or repository first), each with its
 * last deployment's status (click to show it). Loads applications and their groups only when
 * an appspec is open; redraws when the store changes.
 */
export class AppSpecCodeLens extends Disposable implements vscode.CodeLensProvider {
  private readonly onDidChangeEmitter = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.onDidChangeEmitter.event;
  private readonly requested = new Set<string>();

  constructor(
    private readonly store: DeployStore,
    private readonly git: GitHeadWatcher,
  ) {
    super();
    const redraw = () => this.onDidChangeEmitter.fire();
    this.register(
      store.onDidChangeApplications(() => {
        this.requested.clear();
        redraw();
      }),
    );
    this.register(store.onDidChangeGroups(redraw));
    this.register(store.onDidChangeDeployment(redraw));
    this.register(git.onDidChange(redraw));
    this.register(vscode.languages.registerCodeLensProvider(APPSPEC_SELECTOR, this));
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!isAppSpec(document)) return [];
    const { appSpecPlatform } = await import("./validator.lazy.js");
    const platform = appSpecPlatform(document.getText());
    let apps = this.store.applications;
    if (!apps) {
      try {
        apps = await this.store.loadApplications();
      } catch {
        return []; // The tree's welcome view explains why AWS cannot be reached.
      }
    }
    const fitting = apps.filter((a) => a.computePlatform === platform);
    const chosen = workspaceApplications(fitting, await applicationNames(this.git, document.uri));
    const groups: DeploymentGroup[] = [];
    for (const app of chosen) {
      const known = this.store.groupsOf(app.name);
      if (known) groups.push(...known);
      else if (!this.requested.has(app.name)) {
        this.requested.add(app.name);
        this.store.loadGroups(app.name).catch(() => undefined);
      }
    }
    const top = new vscode.Range(0, 0, 0, 0);
    const now = new Date();
    const oneApp = new Set(groups.map((g) => g.application)).size <= 1;
    const lenses: vscode.CodeLens[] = [];
    for (const g of groups.slice(0, MAX_GROUPS)) {
      const target = oneApp ? g.name : `${g.application}/${g.name}`;
      lenses.push(
        new vscode.CodeLens(top, {
          title: `$(rocket) Deploy to ${target}…`,
          tooltip: `Deploy this ${platform === "Server" ? "folder" : "AppSpec"} to the ${g.application} deployment group ${g.name}`,
          command: "awsCicd.deploy.deploy",
          arguments: [
            { kind: "group", application: g.application, name: g.name, appspec: document.uri.toString() },
          ],
        }),
      );
      const last = this.store.lastDeployment(g);
      if (last) {
        const look = statusLook(last.status);
        const when = last.endTime ?? last.createTime;
        lenses.push(
          new vscode.CodeLens(top, {
            title: `$(${look.icon}) ${target}: ${look.word}${when ? ` · ${relativeTime(when, now)}` : ""}`,
            tooltip: `Show deployment ${last.id} of ${g.application}/${g.name}`,
            command: "awsCicd.deploy.showDeployment",
            arguments: [{ kind: "deployment", id: last.id }],
          }),
        );
      }
    }
    if (lenses.length === 0 && fitting.length === 0 && apps.length > 0) {
      lenses.push(
        new vscode.CodeLens(top, {
          title: `$(info) No ${platform === "Server" ? "EC2/on-premises" : platform} CodeDeploy application in this region`,
          command: "",
        }),
      );
    }
    return lenses;
  }
}
