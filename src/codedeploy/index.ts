import * as vscode from "vscode";
import { DisposableStore, type IDisposable } from "../core/disposable";
import { affects } from "../workbench/settings";
import type { Workbench } from "../workbench/workbench";
import { AppSpecCodeLens } from "./appspec/codeLens";
import { AppSpecLanguage } from "./appspec/language";
import { registerDeployCommands } from "./commands";
import { PushMemory } from "./deployFlow";
import { DeployFailureOutput } from "./failureOutput";
import { CodeDeployGateway } from "./gateway";
import { DeployNotifications } from "./notifications";
import { DeployPolling } from "./polling";
import { CodeDeploySetting, recentDeployments } from "./settings";
import { DeployStatusBar } from "./statusBar";
import { DeployStore } from "./store";
import { CodeDeploySection } from "./treeSection";

/**
 * CodeDeploy in the editor: applications, deployment groups, deployments, targets and their
 * lifecycle events in the tree; Deploy… (the workspace bundled and pushed, an S3 or GitHub
 * revision, AppSpec content), stop, continue, retry; the status bar and a notification for a
 * deployment the user started; appspec diagnostics, completion, hover and CodeLens.
 */
export function activateCodeDeploy(workbench: Workbench): IDisposable {
  const { connection, health, git, tree } = workbench;
  const parts = new DisposableStore();
  const api = new CodeDeployGateway(connection.clients);
  const store = parts.add(new DeployStore(api, recentDeployments()));
  const section = parts.add(new CodeDeploySection(store, connection, health));
  parts.add(tree.addSection(section));
  const polling = parts.add(new DeployPolling(workbench, store));
  const statusBar = parts.add(new DeployStatusBar(store));
  const notifications = parts.add(new DeployNotifications(store));
  const failures = parts.add(new DeployFailureOutput());
  const scope = () => {
    const c = connection.current;
    return `${c?.profile ?? "default"}|${c?.region ?? ""}|${c?.endpoint ?? ""}`;
  };
  const memory = new PushMemory(workbench.context.workspaceState, scope);
  parts.add(new AppSpecLanguage());
  parts.add(new AppSpecCodeLens(store, git));
  for (const command of registerDeployCommands({
    store,
    api,
    connection,
    git,
    memory,
    tree,
    section,
    polling,
    statusBar,
    notifications,
    failures,
  }))
    parts.add(command);
  parts.add(workbench.onDidReset(() => store.reset()));
  parts.add(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affects(e, CodeDeploySetting.recentDeployments)) store.setRecentDeployments(recentDeployments());
    }),
  );
  return parts;
}
