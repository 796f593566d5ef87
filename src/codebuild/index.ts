import * as vscode from "vscode";
import { DisposableStore, type IDisposable } from "../core/disposable";
import { LogsGateway } from "../logs/gateway";
import { affects } from "../workbench/settings";
import type { Workbench } from "../workbench/workbench";
import { BranchBuilds } from "./branchBuilds";
import { BuildLogs } from "./buildLogs";
import { BuildspecCodeLens } from "./buildspec/codeLens";
import { BuildspecLanguage } from "./buildspec/language";
import { registerBuildCommands } from "./commands";
import { BuildDiagnostics } from "./diagnostics";
import { CodeBuildGateway } from "./gateway";
import { isFailure } from "./model/buildStatus";
import { BuildNotifications } from "./notifications";
import { BuildPolling } from "./polling";
import { CodeBuildSetting, recentBuilds } from "./settings";
import { BuildStatusBar } from "./statusBar";
import { BuildStore } from "./store";
import { CodeBuildSection } from "./treeSection";

/**
 * CodeBuild in the editor: projects and builds in the tree and the Current Branch view, live
 * logs, the status bar, notifications, build problems, buildspec support and the commands.
 */
export function activateCodeBuild(workbench: Workbench): IDisposable {
  const { connection, health, git, tree, branch, followedLogs } = workbench;
  const parts = new DisposableStore();
  const store = parts.add(new BuildStore(new CodeBuildGateway(connection.clients), recentBuilds()));
  const logs = parts.add(
    new BuildLogs(
      store,
      new LogsGateway(connection.clients),
      followedLogs,
      (error) => health.report(error, "logs").message,
      workbench.polling.pace,
    ),
  );
  const diagnostics = parts.add(new BuildDiagnostics());
  parts.add(
    logs.onDidReadLog(({ build, lines }) => {
      if (isFailure(build.status)) void diagnostics.publish(build, lines());
      else if (build.status === "SUCCEEDED") diagnostics.clearProject(build.projectName);
    }),
  );
  parts.add(new BuildNotifications(store, logs));
  const section = parts.add(new CodeBuildSection(store, logs, connection, health));
  parts.add(tree.addSection(section));
  const branchBuilds = parts.add(new BranchBuilds(store, logs, git));
  parts.add(branch.addContributor(branchBuilds));
  const statusBar = parts.add(new BuildStatusBar(store, git));
  const polling = parts.add(new BuildPolling(workbench, store, logs, statusBar, branchBuilds));

  parts.add(new BuildspecLanguage());
  parts.add(new BuildspecCodeLens(store, git));
  for (const command of registerBuildCommands({
    store,
    connection,
    git,
    logs,
    diagnostics,
    pokeRunning: () => polling.pokeRunning(),
  }))
    parts.add(command);

  parts.add(
    workbench.onDidReset(() => {
      store.reset();
      polling.lookUpBranchBuild();
    }),
  );
  parts.add(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affects(e, CodeBuildSetting.recentBuilds)) store.setRecentBuilds(recentBuilds());
    }),
  );
  return parts;
}
