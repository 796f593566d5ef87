import * as vscode from "vscode";
import { registerCommand, UserError, type CommandContext } from "../workbench/commands";
import type { ConnectionManager } from "../workbench/connectionManager";
import { openAwsLink } from "../workbench/external";
import type { GitHeadWatcher } from "../workbench/gitHeadWatcher";
import { log } from "../workbench/logger";
import type { RootTree } from "../workbench/tree/rootTree";
import { runDeploy, type PushMemory } from "./deployFlow";
import type { DeployFailureOutput } from "./failureOutput";
import { applicationConsoleUrl, deploymentConsoleUrl, groupConsoleUrl } from "./model/consoleLinks";
import { DEPLOY_ERROR_ADVICE } from "./model/errors";
import { groupAlarms, type GroupAlarms } from "./model/groupAlarms";
import { continueWait, deploymentLook, isActive, revisionLabel, statusLook } from "./model/status";
import type { CodeDeployApi, Deployment } from "./model/types";
import { workspaceApplications } from "./model/workspaceApps";
import { applicationNames } from "./workspaceNames";
import type { DeployNotifications } from "./notifications";
import { deployArg, deploymentFromArg, groupFromArg, RUNNING_DEPLOYMENT } from "./pickers";
import type { DeployPolling } from "./polling";
import type { DeployStatusBar } from "./statusBar";
import type { DeployStore } from "./store";
import type { CodeDeploySection } from "./treeSection";

export interface DeployCommandDeps {
  readonly store: DeployStore;
  readonly api: CodeDeployApi;
  readonly connection: ConnectionManager;
  readonly git: GitHeadWatcher;
  readonly memory: PushMemory;
  readonly tree: RootTree;
  readonly section: CodeDeploySection;
  readonly polling: DeployPolling;
  readonly statusBar: DeployStatusBar;
  readonly notifications: DeployNotifications;
  readonly failures: DeployFailureOutput;
}

export function registerDeployCommands(deps: DeployCommandDeps): vscode.Disposable[] {
  const { store, connection } = deps;
  const command = (id: string, handler: (context: CommandContext, ...args: unknown[]) => Promise<unknown>) =>
    registerCommand(id, connection, handler, DEPLOY_ERROR_ADVICE);
  const region = () => connection.current?.region ?? "us-east-1";

  return [
    command("awsCicd.deploy.deploy", async (context, arg) => {
      const group = await groupFromArg(arg, store, context);
      if (!group) return;
      const d = await runDeploy({ ...deps, region }, context, group, deployArg(arg));
      if (d) started(deps, d);
    }),

    command("awsCicd.deploy.stop", async (context, arg) => {
      const d = await deploymentFromArg(arg, store, context, RUNNING_DEPLOYMENT);
      if (!d) return;
      if (!isActive(d))
        throw new UserError(`Deployment ${d.id} has already finished (${statusLook(d.status).word}).`);
      const group = store.group(d.application, d.group);
      const mode = await vscode.window.showQuickPick(
        [
          {
            label: "$(history) Stop and roll back",
            description: group?.lastSuccessful
              ? `redeploys the last successful revision (${group.lastSuccessful.id})`
              : "redeploys the last successful revision, if there is one",
            rollback: true,
          },
          {
            label: "$(debug-stop) Stop without rolling back",
            description: "targets already updated keep the new revision",
            rollback: false,
          },
        ],
        { title: `Stop deployment ${d.id} to ${d.application}/${d.group}` },
      );
      if (!mode) return;
      const stop = {
        verb: mode.rollback ? "Stop and roll back" : "Stop",
        subject: `deployment ${d.id} to ${d.application}/${d.group}`,
        action: "Stop Deployment",
        destructive: true,
        detail: mode.description,
      };
      if (!(await context.confirm(stop))) return;
      await context.withProgress(`Stopping ${d.id}…`, (signal) => store.stop(d.id, mode.rollback, signal));
      deps.polling.follow(d.id);
      log.info("deploy", `stop requested for ${d.id} (rollback: ${mode.rollback})`);
    }),

    command("awsCicd.deploy.continue", async (context, arg) => {
      const d = await deploymentFromArg(arg, store, context, {
        matches: (x) => continueWait(x) !== undefined,
        word: "waiting",
      });
      if (!d) return;
      await context.withProgress(`Reading ${d.id}…`, () => store.refreshDeployments([d.id]));
      const fresh = store.deployment(d.id) ?? d;
      const wait = continueWait(fresh);
      if (!wait)
        throw new UserError(
          `Deployment ${d.id} is not waiting to continue (${deploymentLook(fresh).word}): only a blue/green deployment waiting to reroute traffic or to end its original fleet can be continued.`,
        );
      const change = {
        verb: wait === "READY_WAIT" ? "Reroute traffic for" : "End the original fleet of",
        subject: `deployment ${d.id} to ${d.application}/${d.group}`,
        action: wait === "READY_WAIT" ? "Reroute Traffic" : "End Original Fleet",
        destructive: true,
        detail:
          wait === "READY_WAIT"
            ? "Traffic moves to the replacement environment now, as the deployment configuration says."
            : "The original instances or task set are ended now instead of after the wait.",
      };
      if (!(await context.confirm(change))) return;
      await context.withProgress(`Continuing ${d.id}…`, (signal) => store.continue(d.id, wait, signal));
      deps.polling.follow(d.id);
    }),

    command("awsCicd.deploy.retry", async (context, arg) => {
      const d = await deploymentFromArg(arg, store, context, {
        matches: (x) => !isActive(x),
        word: "finished",
      });
      if (!d) return;
      if (d.revision.kind === "Unknown")
        throw new UserError(`Deployment ${d.id} has no revision CodeDeploy can deploy again.`);
      const retry = {
        verb: "Deploy again",
        subject: `${revisionLabel(d.revision)} to ${d.application}/${d.group}`,
        action: "Deploy",
        destructive: true,
        detail: `The revision of ${d.id}, with the group's current settings.`,
      };
      if (!(await context.confirm(retry))) return;
      const again = await context.withProgress(`Deploying ${d.id}'s revision again…`, (signal) =>
        store.create(
          {
            application: d.application,
            group: d.group,
            revision: d.revision,
            ...(d.description ? { description: d.description } : {}),
          },
          signal,
        ),
      );
      started(deps, again);
    }),

    command("awsCicd.deploy.openInConsole", async (context, arg) => {
      const a = deployArg(arg);
      if (a.kind === "group" && a.application && a.name)
        return openAwsLink(groupConsoleUrl(a.application, a.name, region()), "console link");
      if (a.kind === "application" && a.name)
        return openAwsLink(applicationConsoleUrl(a.name, region()), "console link");
      const d = await deploymentFromArg(arg, store, context);
      if (d) await openAwsLink(deploymentConsoleUrl(d.id, region()), "console link");
    }),

    command("awsCicd.deploy.copyId", async (context, arg) => {
      const d = await deploymentFromArg(arg, store, context);
      if (!d) return;
      await vscode.env.clipboard.writeText(d.id);
      vscode.window.setStatusBarMessage(`Copied ${d.id}`, 3000);
    }),

    command("awsCicd.deploy.showDeployment", async (context, arg) => {
      const d = await deploymentFromArg(arg, store, context);
      if (!d) return;
      if (isActive(d)) deps.polling.follow(d.id);
      await reveal(deps, context, d);
    }),

    command("awsCicd.deploy.showFailure", async (context, arg) => {
      const d = await deploymentFromArg(arg, store, context, {
        matches: (x) => x.status === "Failed" || x.status === "Stopped",
        word: "failed or stopped",
      });
      if (!d) return;
      await context.withProgress(`Reading the targets of ${d.id}…`, () => store.loadTargets(d.id));
      const a = deployArg(arg);
      deps.failures.show(d, store.targetsOf(d.id) ?? [], {
        ...(a.target ? { target: a.target } : {}),
        ...(a.event ? { event: a.event } : {}),
      });
    }),

    // A query for other modules (CloudWatch shows these alarms' states): answers, shows nothing.
    vscode.commands.registerCommand(
      "awsCicd.deploy.groupAlarmNames",
      async (arg?: unknown): Promise<GroupAlarms[]> => {
        const names = await applicationNames(deps.git);
        if ((arg as { load?: unknown } | undefined)?.load === true) {
          try {
            const apps = workspaceApplications(store.applications ?? (await store.loadApplications()), names);
            await Promise.all(
              apps.filter((a) => !store.groupsOf(a.name)).map((a) => store.loadGroups(a.name)),
            );
          } catch (error) {
            log.warn("deploy", `groupAlarmNames: could not load the groups (${String(error)})`);
          }
        }
        const mine = new Set(workspaceApplications(store.applications ?? [], names).map((a) => a.name));
        return groupAlarms(store.allGroups().filter((g) => mine.has(g.application)));
      },
    ),
  ];
}

function started(deps: DeployCommandDeps, d: Deployment): void {
  deps.notifications.startedByUser(d.id);
  deps.statusBar.track(d.id);
  deps.polling.follow(d.id);
  void vscode.window.setStatusBarMessage(
    `$(rocket) Started deployment ${d.id} to ${d.application}/${d.group}`,
    5000,
  );
  void reveal(deps, undefined, d).catch(() => undefined);
}

/** Shows a deployment in the tree: its application and group expanded, the deployment selected and expanded. */
async function reveal(
  deps: DeployCommandDeps,
  context: CommandContext | undefined,
  d: Deployment,
): Promise<void> {
  const { store, section, tree } = deps;
  const load = async () => {
    if (!store.applications) await store.loadApplications();
    if (!store.groupsOf(d.application)) await store.loadGroups(d.application);
    if (!store.deploymentsOf(d.application, d.group)?.some((x) => x.id === d.id))
      await store.loadDeployments(d.application, d.group);
  };
  await (context ? context.withProgress(`Finding ${d.id}…`, load) : load());
  // Asked for (Show Deployment): the view comes forward. After a deploy it only opens the rows,
  // seconds later: it must not take the focus from what the user has gone on to do.
  if (context) await vscode.commands.executeCommand("awsCicd.pipelines.focus");
  const listed = store.deploymentsOf(d.application, d.group)?.some((x) => x.id === d.id);
  const node = listed ? section.nodes.deployment(d.id) : section.nodes.group(d.application, d.group);
  await tree.view.reveal(node, { select: !!context, focus: false, expand: true });
  if (!listed && context)
    void vscode.window.showInformationMessage(
      `Deployment ${d.id} is older than the recent deployments the tree lists for ${d.application}/${d.group}.`,
    );
}
