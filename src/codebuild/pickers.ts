import * as vscode from "vscode";
import { buildLabel, statusLook } from "./model/buildStatus";
import type { BuildStore } from "./store";
import { relativeTime, shortSourceVersion } from "../core/format";
import type { Build, Project } from "./model/types";
import { nodeArg } from "../workbench/nodeArg";
import { UserError, type CommandContext } from "../workbench/commands";
import { isOneOfRemotes } from "../git/sourceMatch";

/**
 * The project a command acts on: the tree node's, or one the user picks; the projects whose
 * source is one of `remoteUrls` (this repository) come first, and say so.
 */
export async function projectFromArg(
  arg: unknown,
  store: BuildStore,
  context: CommandContext,
  remoteUrls: readonly string[] = [],
): Promise<Project | undefined> {
  const node = nodeArg(arg);
  const projects =
    store.projects ?? (await context.withProgress("Listing CodeBuild projects…", () => store.loadProjects()));
  if (node.kind === "project" && typeof node.name === "string") {
    return projects.find((p) => p.name === node.name) ?? { name: node.name, arn: "" };
  }
  if (typeof arg === "string") return projects.find((p) => p.name === arg) ?? { name: arg, arn: "" };
  if (projects.length === 0) {
    void vscode.window.showInformationMessage("There are no CodeBuild projects in this region.");
    return undefined;
  }
  const mine = (p: Project) => isOneOfRemotes(p.sourceLocation, remoteUrls);
  const ordered = [...projects.filter(mine), ...projects.filter((p) => !mine(p))];
  const picked = await vscode.window.showQuickPick(
    ordered.map((p) => ({
      label: p.name,
      description: mine(p)
        ? ["builds this repository", p.description].filter(Boolean).join(" · ")
        : p.description,
      project: p,
    })),
    { title: "CodeBuild project", placeHolder: "Choose a project", matchOnDescription: true },
  );
  return picked?.project;
}

/** The build a command acts on: the node's (fetched if unknown), or one the user picks. */
export async function buildFromArg(
  arg: unknown,
  store: BuildStore,
  context: CommandContext,
  filter: (b: Build) => boolean = () => true,
): Promise<Build | undefined> {
  const node = nodeArg(arg);
  const id =
    node.kind === "build" && typeof node.id === "string"
      ? node.id
      : typeof arg === "string"
        ? arg
        : undefined;
  if (id) {
    const known = store.build(id);
    if (known) return known;
    await context.withProgress("Reading the build…", () => store.refreshBuilds([id]));
    const found = store.build(id);
    if (!found) throw new UserError(`The build ${id} was not found in this account and region.`);
    return found;
  }
  let builds = store.allBuilds().filter(filter);
  if (builds.length === 0) {
    builds = (await context.withProgress("Listing recent builds…", () => store.loadRecentBuilds(30))).filter(
      filter,
    );
  }
  if (builds.length === 0) {
    void vscode.window.showInformationMessage("There is no build to choose from.");
    return undefined;
  }
  const now = new Date();
  const sorted = [...builds].sort((a, b) => (b.startTime?.getTime() ?? 0) - (a.startTime?.getTime() ?? 0));
  const picked = await vscode.window.showQuickPick(
    sorted.map((b) => ({
      label: `$(${statusLook(b.status).icon}) ${b.projectName} ${buildLabel(b)}`,
      description: [
        b.status,
        shortSourceVersion(b.sourceVersion),
        b.startTime ? relativeTime(b.startTime, now) : undefined,
      ]
        .filter(Boolean)
        .join(" · "),
      build: b,
    })),
    { title: "Build", placeHolder: "Choose a build", matchOnDescription: true },
  );
  return picked?.build;
}
