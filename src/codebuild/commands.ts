import * as vscode from "vscode";
import type { GitHead } from "../git/repository";
import { isOneOfRemotes, remoteUrlsOf } from "../git/sourceMatch";
import { buildLabel, statusLook } from "./model/buildStatus";
import type { BuildStore } from "./store";
import { buildConsoleUrl, projectConsoleUrl } from "./model/consoleLinks";
import { describeVariable, parseEnvironmentVariable } from "./model/environmentOverrides";
import type { Build, EnvironmentVariable, StartBuildRequest } from "./model/types";
import type { ConnectionManager } from "../workbench/connectionManager";
import type { GitHeadWatcher } from "../workbench/gitHeadWatcher";
import type { BuildLogs } from "./buildLogs";
import type { BuildDiagnostics } from "./diagnostics";
import { log } from "../workbench/logger";
import { buildFromArg, projectFromArg } from "./pickers";
import { registerCommand, UserError, type CommandContext } from "../workbench/commands";
import { pickSourceVersion } from "./sourceVersionPicker";
import { requireTrustedWorkspace } from "../workbench/trust";

export interface BuildCommandDeps {
  readonly store: BuildStore;
  readonly connection: ConnectionManager;
  readonly git: GitHeadWatcher;
  readonly logs: BuildLogs;
  readonly diagnostics: BuildDiagnostics;
  /** Polls running builds now. */
  readonly pokeRunning: () => void;
}

export function registerBuildCommands(deps: BuildCommandDeps): vscode.Disposable[] {
  const { store, connection, logs } = deps;
  const command = (id: string, handler: (context: CommandContext, ...args: unknown[]) => Promise<unknown>) =>
    registerCommand(id, connection, handler);
  const region = () => connection.current?.region ?? "us-east-1";

  return [
    command("awsCicd.build.start", (context, arg) => startBuild(deps, context, arg, false)),
    command("awsCicd.build.startWithOverrides", (context, arg) => startBuild(deps, context, arg, true)),

    command("awsCicd.build.stop", async (context, arg) => {
      const build = await buildFromArg(arg, store, context, (b) => !b.complete);
      if (!build) return;
      if (build.complete)
        throw new UserError(`Build ${name(build)} has already finished (${statusLook(build.status).word}).`);
      const stop = {
        verb: "Stop",
        subject: `build ${name(build)}`,
        action: "Stop Build",
        destructive: true,
        detail: "The build stops in its current phase and ends as STOPPED.",
      };
      if (!(await context.confirm(stop))) return;
      await context.withProgress(`Stopping ${name(build)}…`, (signal) => store.stop(build.id, signal));
      deps.pokeRunning();
      log.info("build", `stop requested for ${build.id}`);
    }),

    command("awsCicd.build.retry", async (context, arg) => {
      const build = await buildFromArg(arg, store, context, (b) => b.complete);
      if (!build) return;
      if (!build.complete)
        throw new UserError(`Build ${name(build)} is still running: stop it first or wait for it to finish.`);
      const retry = {
        verb: "Retry",
        subject: `build ${name(build)}`,
        action: "Retry Build",
        destructive: false,
      };
      if (!(await context.confirm(retry))) return;
      const retried = await context.withProgress(`Retrying ${name(build)}…`, (signal) =>
        store.retry(build.id, signal),
      );
      started(deps, retried);
    }),

    command("awsCicd.build.showLog", async (context, arg) => {
      const build = await buildFromArg(arg, store, context);
      if (!build) return;
      logs.show(build);
      deps.pokeRunning();
    }),

    command("awsCicd.build.showProblems", async (context, arg) => {
      const build = await buildFromArg(arg, store, context, (b) => b.complete);
      if (!build) return;
      if (!build.complete)
        throw new UserError(`Build ${name(build)} is still running: its problems are shown when it fails.`);
      const lines = logs.linesOf(build.id);
      if (lines && !logs.isFollowing(build.id)) {
        const placed = await deps.diagnostics.publish(build, lines);
        if (placed === 0)
          vscode.window.setStatusBarMessage(
            `No problems in workspace files found in the log of ${name(build)}`,
            5000,
          );
      } else {
        // Reads the log; the problems are published when it has been read.
        logs.show(build, false);
      }
      await vscode.commands.executeCommand("workbench.actions.view.problems");
    }),

    command("awsCicd.problems.clear", () => {
      deps.diagnostics.clear();
      return Promise.resolve();
    }),

    command("awsCicd.build.stopFollowing", async (context, arg) => {
      const build = await buildFromArg(arg, store, context, (b) => logs.isFollowing(b.id));
      if (build) logs.stopFollowing(build.id);
    }),

    command("awsCicd.build.openInConsole", async (context, arg) => {
      const build = await buildFromArg(arg, store, context);
      if (build) await vscode.env.openExternal(vscode.Uri.parse(buildConsoleUrl(build, region())));
    }),

    command("awsCicd.project.openInConsole", async (context, arg) => {
      const project = await projectFromArg(arg, store, context);
      if (project)
        await vscode.env.openExternal(
          vscode.Uri.parse(projectConsoleUrl(project.arn, project.name, region())),
        );
    }),

    command("awsCicd.build.copyId", async (context, arg) => {
      const build = await buildFromArg(arg, store, context);
      if (!build) return;
      await vscode.env.clipboard.writeText(build.id);
      vscode.window.setStatusBarMessage(`Copied ${build.id}`, 3000);
    }),

    command("awsCicd.build.copyArn", async (context, arg) => {
      const build = await buildFromArg(arg, store, context);
      if (!build) return;
      await vscode.env.clipboard.writeText(build.arn);
      vscode.window.setStatusBarMessage(`Copied ${build.arn}`, 3000);
    }),
  ];
}

function name(build: Build): string {
  return `${build.projectName} ${buildLabel(build)}`;
}

function started(deps: BuildCommandDeps, build: Build): void {
  deps.logs.show(build, true);
  deps.pokeRunning();
  log.info("build", `started ${build.id} (source version ${build.sourceVersion ?? "project default"})`);
}

async function startBuild(
  deps: BuildCommandDeps,
  context: CommandContext,
  arg: unknown,
  withOverrides: boolean,
): Promise<void> {
  // The current folder's repository (in a multi-root workspace, the active editor's) is offered
  // first; the project built is then from the folder whose repository it builds, if one is.
  const current = await deps.git.readFor();
  const project = await projectFromArg(
    arg,
    deps.store,
    context,
    current.kind === "repository" ? remoteUrlsOf(current) : [],
  );
  if (!project) return;
  const head = await headBuiltBy(deps.git, project.sourceLocation, current);
  const sourceVersion = await pickSourceVersion(head, project.name);
  if (sourceVersion === null) return;
  let request: StartBuildRequest = { projectName: project.name, sourceVersion };
  if (withOverrides) {
    const overrides = await askOverrides(project.name);
    if (!overrides) return;
    request = { ...request, ...overrides };
  }
  const start = {
    verb: "Start a build of",
    subject: `${project.name} (${sourceVersion ?? "the project's source version"})`,
    action: "Start Build",
    destructive: false,
  };
  if (!(await context.confirm(start))) return;
  const build = await context.withProgress(`Starting a build of ${project.name}…`, (signal) =>
    deps.store.start(request, signal),
  );
  started(deps, build);
}

/** Asks for environment-variable overrides and an optional buildspec from the workspace. */
async function askOverrides(
  projectName: string,
): Promise<{ environmentVariables: EnvironmentVariable[]; buildspecOverride?: string } | undefined> {
  const variables: EnvironmentVariable[] = [];
  for (;;) {
    const entered = await vscode.window.showInputBox({
      title: `Start build: ${projectName} — environment variables (${variables.length} so far)`,
      prompt:
        "NAME=value, ssm:NAME=/parameter or secret:NAME=secret-id. Leave empty and press Enter when done.",
      placeHolder: variables.map(describeVariable).join(", ") || "e.g. DEPLOY_ENV=staging",
      password: false,
      validateInput: (v) => {
        if (!v.trim()) return undefined;
        const parsed = parseEnvironmentVariable(v);
        return parsed.ok ? undefined : parsed.error;
      },
    });
    if (entered === undefined) return undefined;
    if (!entered.trim()) break;
    const parsed = parseEnvironmentVariable(entered);
    if (parsed.ok) variables.push(parsed.variable);
  }
  const files = await vscode.workspace.findFiles("**/buildspec*.{yml,yaml}", "**/node_modules/**", 50);
  const choice = await vscode.window.showQuickPick(
    [
      { label: "$(settings-gear) The project's buildspec", uri: undefined as vscode.Uri | undefined },
      ...files.map((uri) => ({
        label: `$(file) ${vscode.workspace.asRelativePath(uri)}`,
        description: "send as buildspec override",
        uri,
      })),
    ],
    { title: `Start build: ${projectName} — buildspec` },
  );
  if (!choice) return undefined;
  if (!choice.uri) return { environmentVariables: variables };
  requireTrustedWorkspace("A buildspec override from the workspace");
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(choice.uri));
  const { validateBuildspec } = await import("./buildspec/validator.lazy.js");
  const first = validateBuildspec(text).find((p) => p.severity === "error");
  if (first) {
    throw new UserError(
      `${vscode.workspace.asRelativePath(choice.uri)} is not a valid buildspec (line ${first.start.line + 1}): ${first.message} Nothing was started.`,
    );
  }
  return { environmentVariables: variables, buildspecOverride: text };
}

/** The head of the workspace folder whose repository `sourceLocation` is (the current one first), else `current`. */
async function headBuiltBy(
  git: GitHeadWatcher,
  sourceLocation: string | undefined,
  current: GitHead,
): Promise<GitHead> {
  if (!sourceLocation) return current;
  const builds = (head: GitHead) =>
    head.kind === "repository" && isOneOfRemotes(sourceLocation, remoteUrlsOf(head));
  if (builds(current)) return current;
  return (await git.readAll()).find((f) => builds(f.head))?.head ?? current;
}
