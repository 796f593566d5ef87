import * as vscode from "vscode";
import { registerBuildCommands } from "./codebuild/commands";
import { registerConnectionCommands } from "./workbench/connectionCommands";
import { registerPipelineCommands } from "./codepipeline/commands";
import { BuildStore } from "./codebuild/store";
import { PipelineStore } from "./codepipeline/store";
import { BuildPolling } from "./codebuild/polling";
import { ConnectionManager } from "./workbench/connectionManager";
import { GitHeadWatcher } from "./workbench/gitHeadWatcher";
import { recentBuilds, SECTION, Setting } from "./workbench/settings";
import { isFailure } from "./codebuild/model/buildStatus";
import { BuildDiagnostics } from "./codebuild/diagnostics";
import { PipelineGraphPanels } from "./codepipeline/graphPanel";
import { PipelineStatusBar } from "./codepipeline/statusBar";
import { PipelineHeadTracker } from "./codepipeline/headTracker";
import { BuildspecCodeLens } from "./codebuild/buildspec/codeLens";
import { BUILDSPEC_SELECTOR, BuildspecLanguage } from "./codebuild/buildspec/language";
import { BuildLogs } from "./codebuild/buildLogs";
import { BuildNotifications } from "./codebuild/notifications";
import { ConnectionHealth } from "./workbench/connectionHealth";
import { createLogger, log } from "./workbench/logger";
import { BuildStatusBar, ConnectionStatusBar } from "./workbench/statusBar";
import { BuildTreeProvider } from "./workbench/tree/rootTree";
import { CurrentBranchProvider } from "./workbench/currentBranch";

/**
 * Wires the parts together and returns. Nothing here makes a network call or loads an SDK
 * client: the tree loads when it is shown, the pollers start after activation returns.
 */
export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const own = <T extends vscode.Disposable>(d: T): T => {
    context.subscriptions.push(d);
    return d;
  };
  own(createLogger());

  const connection = own(new ConnectionManager());
  const health = own(new ConnectionHealth(connection));
  const store = own(new BuildStore(connection.codebuild, recentBuilds()));
  const pipelines = own(new PipelineStore(connection.codepipeline));
  const git = own(new GitHeadWatcher());
  const logs = own(new BuildLogs(store, connection.logs, health));
  const notifications = own(new BuildNotifications(store, (id) => logs.isFollowing(id)));
  const diagnostics = own(new BuildDiagnostics());
  own(
    logs.onDidReadLog(({ build, lines }) => {
      if (isFailure(build.status)) void diagnostics.publish(build, lines);
      else if (build.status === "SUCCEEDED") diagnostics.clearProject(build.projectName);
    }),
  );

  const tree = own(new BuildTreeProvider(store, pipelines, connection, health, (id) => logs.isFollowing(id)));
  const treeView = own(
    vscode.window.createTreeView("awsCicd.pipelines", { treeDataProvider: tree, showCollapseAll: true }),
  );
  own(logs.onDidChange((id) => tree.refreshBuild(id)));
  const headPipelines = own(new PipelineHeadTracker(pipelines, git, () => connection.current?.region));
  const branchTree = own(
    new CurrentBranchProvider(store, git, (id) => logs.isFollowing(id), headPipelines, health),
  );
  const branchView = own(
    vscode.window.createTreeView("awsCicd.currentBranch", { treeDataProvider: branchTree }),
  );
  // A problem above the tree while it shows something; an empty tree shows its welcome view
  // instead (a message would hide it).
  own(
    health.onDidChange(
      (problem) => (treeView.message = problem && !tree.isEmpty ? problem.message : undefined),
    ),
  );

  own(new BuildspecLanguage());
  own(vscode.languages.registerCodeLensProvider(BUILDSPEC_SELECTOR, own(new BuildspecCodeLens(store, git))));

  own(new ConnectionStatusBar(connection, health));
  const buildStatus = own(new BuildStatusBar(store, git));

  let polling: BuildPolling | undefined;
  const refresh = () => {
    health.reset();
    store.reset();
    pipelines.reset();
    headPipelines.reset();
    tree.nodes.clear();
    tree.refresh();
  };
  for (const d of registerBuildCommands({
    store,
    connection,
    git,
    logs,
    notifications,
    diagnostics,
    pokeRunning: () => polling?.pokeRunning(),
  }))
    own(d);
  for (const d of registerConnectionCommands({ connection, refresh })) own(d);
  own(new PipelineStatusBar(headPipelines));
  const graphs = own(
    new PipelineGraphPanels(
      context.extensionUri,
      pipelines,
      (name) => polling?.watchPipeline(name) ?? { dispose: () => undefined },
    ),
  );
  for (const d of registerPipelineCommands({ pipelines, builds: store, logs, connection, graphs })) own(d);

  own(
    connection.onDidChange(() => {
      logs.stopAll("The AWS profile or region changed: stopped following");
      refresh();
    }),
  );
  own(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${SECTION}.${Setting.recentBuilds}`)) store.setRecentBuilds(recentBuilds());
    }),
  );

  // Network work starts after activation has returned.
  const timer = setTimeout(() => {
    void connection.ready().then(
      () => {
        polling = own(
          new BuildPolling({
            store,
            pipelines,
            health,
            git,
            treeView,
            followedIds: () => logs.followedIds(),
            branchBuildId: () => buildStatus.build?.id,
            shownRunningIds: () => (branchView.visible ? branchTree.runningIds() : []),
          }),
        );
        own(polling.add(headPipelines.job()));
        own(git.onDidChange(() => polling?.poke("headPipelines")));
      },
      (error: unknown) => health.report(error, "activate"),
    );
  }, 0);
  own({ dispose: () => clearTimeout(timer) });
  log.info("activate", `activated in ${(performance.now() - started).toFixed(1)} ms`);
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions and disposed by VS Code.
}
