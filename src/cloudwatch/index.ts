import * as vscode from "vscode";
import { DisposableStore, type IDisposable } from "../core/disposable";
import { TailGateway } from "../logs/tailGateway";
import { affects } from "../workbench/settings";
import type { Workbench } from "../workbench/workbench";
import { AlarmPanels } from "./alarmPanel";
import { registerCloudWatchCommands } from "./commands";
import { CloudWatchGateway } from "./gateway";
import { LogGroupStore } from "./logGroupStore";
import { AlarmNotifications } from "./notifications";
import { AlarmPolling } from "./polling";
import { SearchDocuments } from "./searchDocuments";
import { alarmNamePrefix, CloudWatchSetting } from "./settings";
import { AlarmStore } from "./store";
import { TailStatusBar } from "./tailStatusBar";
import { LogTails } from "./tails";
import { CloudWatchSection } from "./treeSection";
import { WorkspaceAlarms } from "./workspaceAlarms";

/**
 * CloudWatch in the editor: alarms by state in the tree with notifications into ALARM and a
 * details panel (metric chart, history); tails of any log group (Live Tail or polling) in output
 * channels with their rate in the status bar; searches of a log group into a document.
 */
export function activateCloudWatch(workbench: Workbench): IDisposable {
  const { connection, health, tree, followedLogs } = workbench;
  const parts = new DisposableStore();
  const alarms = parts.add(new AlarmStore(new CloudWatchGateway(connection.clients), alarmNamePrefix()));
  const logsApi = new TailGateway(connection.clients);
  const logGroups = parts.add(new LogGroupStore(logsApi));
  const tails = parts.add(new LogTails(followedLogs, logsApi, connection, workbench.polling.pace));
  const section = parts.add(new CloudWatchSection(alarms, logGroups, tails, connection, health));
  parts.add(tree.addSection(section));
  parts.add(new TailStatusBar(tails));
  const workspaceAlarms = parts.add(new WorkspaceAlarms());
  parts.add(new AlarmNotifications(alarms, workspaceAlarms));
  const polling = parts.add(new AlarmPolling(workbench, alarms, workspaceAlarms));
  const panels = parts.add(
    new AlarmPanels(workbench.context.extensionUri, alarms, workbench.polling, connection),
  );
  const searches = parts.add(new SearchDocuments());
  for (const command of registerCloudWatchCommands({
    alarms,
    logGroups,
    tails,
    api: logsApi,
    panels,
    searches,
    connection,
    revealSection: () => tree.view.reveal(section.root, { expand: true, focus: true }),
  }))
    parts.add(command);

  parts.add(connection.onDidChange(() => alarms.rebaseline()));
  parts.add(
    workbench.onDidReset(() => {
      alarms.reset();
      logGroups.reset();
      workspaceAlarms.invalidate();
    }),
  );
  parts.add(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affects(e, CloudWatchSetting.alarmNamePrefix)) {
        alarms.setListPrefix(alarmNamePrefix());
        polling.poke();
      }
    }),
  );
  return parts;
}
