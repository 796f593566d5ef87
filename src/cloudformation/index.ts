import * as vscode from "vscode";
import { DisposableStore, type IDisposable } from "../core/disposable";
import { affects } from "../workbench/settings";
import type { Workbench } from "../workbench/workbench";
import { ChangeSetPanels } from "./changeSetPanel";
import { registerCloudFormationCommands } from "./commands";
import { CloudFormationGateway } from "./gateway";
import { StackOperations } from "./operations";
import { CloudFormationPolling } from "./polling";
import { CloudFormationSetting, recentEvents, showDeletedStacks, validateOnSave } from "./settings";
import { StackStatusBar } from "./statusBar";
import { StackStore } from "./store";
import { TemplateAssociations } from "./templates/associations";
import { TemplateCodeLens } from "./templates/codeLens";
import { TemplateDiagnostics } from "./templates/diagnostics";
import { DeployedTemplates } from "./templates/templateDiff";
import { TimelinePanels } from "./timelinePanel";
import { CloudFormationSection } from "./treeSection";

const SHOWING_DELETED = "awsCicd.cloudformation.showingDeleted";

/**
 * CloudFormation in the editor: stacks with their nested stacks, resources, outputs, parameters,
 * events and change sets in the tree; templates recognised in the workspace (CodeLens, local
 * checks, ValidateTemplate on save); Deploy… through a change set shown first; the operation
 * streamed into an output channel, the status bar and a timeline; drift; the commands.
 */
export function activateCloudFormation(workbench: Workbench): IDisposable {
  const { connection, health, tree, followedLogs, context } = workbench;
  const parts = new DisposableStore();
  const store = parts.add(new StackStore(new CloudFormationGateway(connection.clients), showDeletedStacks()));
  const section = parts.add(new CloudFormationSection(store, connection, health, recentEvents));
  parts.add(tree.addSection(section));
  const operations = parts.add(
    new StackOperations(store, followedLogs, (error) => health.report(error, "cloudformation").message),
  );
  const polling = parts.add(
    new CloudFormationPolling(workbench, store, (name) => operations.isFollowing(name)),
  );
  parts.add(new StackStatusBar(store, operations));
  const panels = parts.add(new ChangeSetPanels(context.extensionUri, store, polling));
  const timelines = parts.add(new TimelinePanels(context.extensionUri, store, polling));
  const associations = new TemplateAssociations(context.workspaceState);
  const codeLens = parts.add(new TemplateCodeLens(store, associations));
  // CloudFormation is asked on save only while AWS answers, in a trusted workspace.
  const mayAsk = () =>
    validateOnSave() &&
    vscode.workspace.isTrusted &&
    connection.current !== undefined &&
    health.problem === undefined;
  const diagnostics = parts.add(new TemplateDiagnostics(store, mayAsk));
  const deployed = parts.add(new DeployedTemplates());
  for (const command of registerCloudFormationCommands({
    store,
    connection,
    operations,
    timelines,
    panels,
    deployed,
    associations,
    diagnostics,
    codeLens,
    section,
    tree,
    workspaceState: context.workspaceState,
  }))
    parts.add(command);

  void vscode.commands.executeCommand("setContext", SHOWING_DELETED, showDeletedStacks());
  parts.add(workbench.onDidReset(() => store.reset()));
  parts.add(
    workbench.connection.onDidChange(() => {
      panels.closeAll();
      timelines.closeAll();
    }),
  );
  parts.add(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affects(e, CloudFormationSetting.showDeletedStacks)) {
        store.setShowDeleted(showDeletedStacks());
        void vscode.commands.executeCommand("setContext", SHOWING_DELETED, showDeletedStacks());
      }
      if (affects(e, CloudFormationSetting.recentEvents)) tree.refresh();
    }),
  );
  return parts;
}
