import * as vscode from "vscode";
import { relativeTime } from "../core/format";
import { UserError, type CommandContext } from "../workbench/commands";
import { nodeArg, str } from "../workbench/nodeArg";
import { deploymentLook, isActive, revisionLabel, shortConfig, statusLook } from "./model/status";
import type { Deployment, DeploymentGroup } from "./model/types";
import type { DeployStore } from "./store";

/** The argument the tree, CodeLens, status bar or a notification passes to a CodeDeploy command. */
export interface DeployArg {
  readonly kind?: string;
  readonly id?: string;
  readonly application?: string;
  readonly name?: string;
  /** An appspec file (URI string) to deploy from (the CodeLens). */
  readonly appspec?: string;
  readonly target?: string;
  readonly event?: string;
}

export function deployArg(arg: unknown): DeployArg {
  const node = nodeArg(arg) as Record<string, unknown>;
  const s = (k: string) => str(node[k]);
  return {
    kind: s("kind"),
    id: s("id"),
    application: s("application"),
    name: s("name"),
    appspec: s("appspec"),
    target: s("target"),
    event: s("event"),
  };
}

/** The deployment group a command acts on: the node's (or CodeLens's), or one the user picks. */
export async function groupFromArg(
  arg: unknown,
  store: DeployStore,
  context: CommandContext,
  platforms?: readonly string[],
  /** What the pickers' titles begin with. */
  purpose = "Deploy",
): Promise<DeploymentGroup | undefined> {
  const a = deployArg(arg);
  if (a.kind === "group" && a.application && a.name) {
    const known = store.group(a.application, a.name);
    if (known) return known;
    await context.withProgress(`Reading ${a.application}…`, () => store.loadGroups(a.application ?? ""));
    const found = store.group(a.application, a.name);
    if (!found)
      throw new UserError(
        `The deployment group ${a.name} of ${a.application} was not found in this account and region.`,
      );
    return found;
  }
  const apps = (
    store.applications ??
    (await context.withProgress("Listing CodeDeploy applications…", () => store.loadApplications()))
  ).filter((app) => !platforms || platforms.includes(app.computePlatform));
  if (apps.length === 0) throw new UserError("There are no CodeDeploy applications for this in this region.");
  const app =
    apps.length === 1
      ? apps[0]
      : (
          await vscode.window.showQuickPick(
            apps.map((x) => ({ label: x.name, description: x.computePlatform, app: x })),
            { title: `${purpose}: application`, placeHolder: "Choose a CodeDeploy application" },
          )
        )?.app;
  if (!app) return undefined;
  if (!store.groupsOf(app.name))
    await context.withProgress(`Listing the groups of ${app.name}…`, () => store.loadGroups(app.name));
  const groups = store.groupsOf(app.name) ?? [];
  if (groups.length === 0) throw new UserError(`The application ${app.name} has no deployment groups.`);
  const now = new Date();
  const picked = await vscode.window.showQuickPick(
    groups.map((g) => {
      const last = store.lastDeployment(g);
      const look = last ? statusLook(last.status) : undefined;
      return {
        label: `$(${look?.icon ?? "layers"}) ${g.name}`,
        description: [
          look?.word ?? "never deployed",
          last?.createTime ? relativeTime(last.createTime, now) : undefined,
          shortConfig(g.configName),
        ]
          .filter(Boolean)
          .join(" · "),
        group: g,
      };
    }),
    { title: `${purpose}: deployment group of ${app.name}`, placeHolder: "Choose a deployment group" },
  );
  return picked?.group;
}

/** The deployment a command acts on: the node's (fetched if unknown), or one the user picks. */
export async function deploymentFromArg(
  arg: unknown,
  store: DeployStore,
  context: CommandContext,
  choice: DeploymentChoice = ANY_DEPLOYMENT,
): Promise<Deployment | undefined> {
  const filter = choice.matches;
  const a = deployArg(arg);
  const id = a.kind === "deployment" && a.id ? a.id : typeof arg === "string" ? arg : undefined;
  if (id) {
    const known = store.deployment(id);
    if (known) return known;
    await context.withProgress("Reading the deployment…", () => store.refreshDeployments([id]));
    const found = store.deployment(id);
    if (!found) throw new UserError(`The deployment ${id} was not found in this account and region.`);
    return found;
  }
  const newestFirst = (list: readonly Deployment[]) =>
    list.filter(filter).sort((x, y) => (y.createTime?.getTime() ?? 0) - (x.createTime?.getTime() ?? 0));
  let deployments = newestFirst(store.allKnownDeployments());
  if (deployments.length === 0) {
    // Only the deployments of groups shown in the tree are known: ask for a group's.
    const group = await groupFromArg(undefined, store, context, undefined, "Deployment");
    if (!group) return undefined;
    const where = `${group.application}/${group.name}`;
    await context.withProgress(`Listing the deployments of ${where}…`, () =>
      store.loadDeployments(group.application, group.name),
    );
    deployments = newestFirst(store.deploymentsOf(group.application, group.name) ?? []);
    if (deployments.length === 0) {
      void vscode.window.showInformationMessage(`${where} has no ${choice.word} deployment.`);
      return undefined;
    }
  }
  const now = new Date();
  const picked = await vscode.window.showQuickPick(
    deployments.map((d) => ({
      label: `$(${deploymentLook(d).icon}) ${d.id}`,
      description: [
        `${d.application}/${d.group}`,
        deploymentLook(d).word,
        revisionLabel(d.revision),
        d.createTime ? relativeTime(d.createTime, now) : undefined,
      ]
        .filter(Boolean)
        .join(" · "),
      d,
    })),
    { title: "Deployment", placeHolder: "Choose a deployment", matchOnDescription: true },
  );
  return picked?.d;
}

/** Which deployments a command acts on, and their word ("Stop: api/prod has no running deployment"). */
export interface DeploymentChoice {
  readonly matches: (d: Deployment) => boolean;
  readonly word: string;
}

export const ANY_DEPLOYMENT: DeploymentChoice = { matches: () => true, word: "recent" };
export const RUNNING_DEPLOYMENT: DeploymentChoice = { matches: isActive, word: "running" };
