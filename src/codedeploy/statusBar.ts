import * as vscode from "vscode";
import { Disposable } from "../core/disposable";
import { StatusPriority, statusItem } from "../workbench/statusBar";
import { deployStatusBarLook } from "./model/statusBarText";
import type { DeployStore } from "./store";

/** The deployment the user started last: running (percent of targets, the event they are at), then how it ended. */
export class DeployStatusBar extends Disposable {
  private readonly item = this.register(
    statusItem("deployment", "AWS CI/CD Deployment", StatusPriority.deployment),
  );
  private tracked: string | undefined;

  constructor(private readonly store: DeployStore) {
    super();
    this.register(
      store.onDidChangeDeployment((d) => {
        if (d.id === this.tracked) this.render();
      }),
    );
    this.register(
      store.onDidChangeTargets((id) => {
        if (id === this.tracked) this.render();
      }),
    );
    this.register(
      store.onDidChangeApplications(() => {
        if (!store.applications) this.track(undefined);
      }),
    );
  }

  /** The deployment shown (the poller keeps it fresh while it runs). */
  get deploymentId(): string | undefined {
    return this.tracked;
  }

  track(id: string | undefined): void {
    this.tracked = id;
    this.render();
  }

  private render(): void {
    const d = this.tracked ? this.store.deployment(this.tracked) : undefined;
    if (!d) return this.item.hide();
    const look = deployStatusBarLook(d, this.store.targetsOf(d.id), new Date());
    this.item.text = look.text;
    this.item.tooltip = look.tooltip;
    this.item.backgroundColor = look.failed
      ? new vscode.ThemeColor("statusBarItem.errorBackground")
      : undefined;
    this.item.command = {
      command: d.status === "Failed" ? "awsCicd.deploy.showFailure" : "awsCicd.deploy.showDeployment",
      title: d.status === "Failed" ? "Show Failure" : "Show Deployment",
      arguments: [{ kind: "deployment", id: d.id }],
    };
    this.item.show();
  }
}
