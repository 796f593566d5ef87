import { DisposableStore, type IDisposable } from "../core/disposable";
import type { Workbench } from "../workbench/workbench";
import { BranchPipelineRun } from "./branchRun";
import { registerPipelineCommands } from "./commands";
import { CodePipelineGateway } from "./gateway";
import { PipelineGraphPanels } from "./graphPanel";
import { PipelineHeadTracker } from "./headTracker";
import { PipelinePolling } from "./polling";
import { PipelineStatusBar } from "./statusBar";
import { PipelineStore } from "./store";
import { PipelineSection } from "./treeSection";

/**
 * CodePipeline in the editor: pipelines, stages, actions and executions in the tree, the
 * execution carrying HEAD in the status bar and Current Branch, the live graph and the commands.
 */
export function activateCodePipeline(workbench: Workbench): IDisposable {
  const { connection, health, git, tree, branch } = workbench;
  const parts = new DisposableStore();
  const store = parts.add(new PipelineStore(new CodePipelineGateway(connection.clients)));
  parts.add(tree.addSection(parts.add(new PipelineSection(store, connection, health))));
  const headPipelines = parts.add(new PipelineHeadTracker(store, git, connection));
  parts.add(branch.addContributor(parts.add(new BranchPipelineRun(headPipelines))));
  parts.add(new PipelineStatusBar(headPipelines, git));
  const polling = parts.add(new PipelinePolling(workbench, store, headPipelines));
  const graphs = parts.add(new PipelineGraphPanels(workbench.context.extensionUri, store, polling));
  for (const command of registerPipelineCommands({ pipelines: store, connection, graphs }))
    parts.add(command);
  parts.add(
    workbench.onDidReset(() => {
      store.reset();
      headPipelines.reset();
      // The status bar and Current Branch row were dropped with it: found again now, not at the next poll.
      polling.pokeHead();
    }),
  );
  parts.add(workbench.connection.onDidChange(() => graphs.closeAll()));
  return parts;
}
