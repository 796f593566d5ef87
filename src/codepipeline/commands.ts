import * as vscode from "vscode";
import { pipelineConsoleUrl } from "./model/consoleLinks";
import type { PipelineStore } from "./store";
import { buildActions, latestExecutionId, waitingApprovals } from "./model/status";
import type { ConnectionManager } from "../workbench/connectionManager";
import type { PipelineGraphPanels } from "./graphPanel";
import { log } from "../workbench/logger";
import { nodeArg, str } from "../workbench/nodeArg";
import { registerCommand, UserError, type CommandContext } from "../workbench/commands";
import { openAwsLink } from "../workbench/external";
import { PIPELINE_ERROR_ADVICE } from "./model/errors";
import { pipelineFromArg, stageFromArg, stateOf } from "./pickers";

export interface PipelineCommandDeps {
  readonly pipelines: PipelineStore;
  readonly connection: ConnectionManager;
  readonly graphs: PipelineGraphPanels;
}

export function registerPipelineCommands(deps: PipelineCommandDeps): vscode.Disposable[] {
  const { pipelines, connection } = deps;
  const command = (id: string, handler: (context: CommandContext, ...args: unknown[]) => Promise<unknown>) =>
    registerCommand(id, connection, handler, PIPELINE_ERROR_ADVICE);

  return [
    command("awsCicd.pipeline.release", async (context, arg) => {
      const name = await pipelineFromArg(arg, pipelines, context);
      if (!name) return;
      const definition = await context.withProgress(`Reading ${name}…`, () => pipelines.loadDefinition(name));
      const variables: { name: string; value: string }[] = [];
      for (const variable of definition.variables) {
        const value = await vscode.window.showInputBox({
          title: `Release change: ${name} — variable ${variable.name}`,
          prompt: variable.description ?? `Value of ${variable.name}`,
          value: variable.defaultValue ?? "",
          validateInput: (v) => (v.length > 1000 ? "At most 1000 characters." : undefined),
        });
        if (value === undefined) return;
        variables.push({ name: variable.name, value });
      }
      const release = {
        verb: "Release a change through",
        subject: name,
        action: "Release Change",
        destructive: false,
      };
      if (!(await context.confirm(release))) return;
      const id = await context.withProgress(`Releasing a change through ${name}…`, (signal) =>
        pipelines.release(name, variables, signal),
      );
      log.info("pipeline", `started execution ${id} of ${name}`);
      vscode.window.setStatusBarMessage(`$(git-merge) Started ${name} execution ${id.slice(0, 8)}`, 5000);
    }),

    command("awsCicd.pipeline.stopExecution", async (context, arg) => {
      const name = await pipelineFromArg(arg, pipelines, context);
      if (!name) return;
      const node = nodeArg(arg);
      let executionId = node.kind === "execution" ? str(node.id) : undefined;
      if (!executionId) {
        const state = await stateOf(pipelines, name, context);
        executionId = state.stages.find((s) => s.latestExecution?.status === "InProgress")?.latestExecution
          ?.executionId;
      }
      if (!executionId) throw new UserError(`${name} has no execution in progress.`);
      const mode = await vscode.window.showQuickPick(
        [
          {
            label: "Stop and wait",
            description: "actions in progress finish; no new actions start",
            abandon: false,
          },
          {
            label: "Stop and abandon",
            description: "actions in progress are abandoned at once",
            abandon: true,
          },
        ],
        { title: `Stop execution ${executionId.slice(0, 8)} of ${name}` },
      );
      if (!mode) return;
      const reason = await vscode.window.showInputBox({
        title: `Stop ${name}`,
        prompt: "Reason (optional, shown in the execution history)",
      });
      if (reason === undefined) return;
      const stop = {
        verb: mode.abandon ? "Stop and abandon" : "Stop",
        subject: `execution ${executionId.slice(0, 8)} of ${name}`,
        action: "Stop Execution",
        destructive: true,
        detail: mode.description,
      };
      if (!(await context.confirm(stop))) return;
      await context.withProgress(`Stopping ${name}…`, (signal) =>
        pipelines.stop(name, executionId, mode.abandon, reason, signal),
      );
    }),

    command("awsCicd.pipeline.retryStage", async (context, arg) => {
      const picked = await stageFromArg(
        arg,
        pipelines,
        context,
        (s) => s.latestExecution?.status === "Failed",
        "has failed",
      );
      if (!picked) return;
      const { pipeline: name, stage } = picked;
      const state = await stateOf(pipelines, name, context);
      const stageState = state.stages.find((s) => s.name === stage);
      const executionId = stageState?.latestExecution?.executionId;
      if (!stageState || !executionId || stageState.latestExecution?.status !== "Failed") {
        throw new UserError(`Stage ${stage} of ${name} did not fail: there is nothing to retry.`);
      }
      const mode = await vscode.window.showQuickPick(
        [
          { label: "Retry failed actions", mode: "FAILED_ACTIONS" as const },
          { label: "Retry all actions", mode: "ALL_ACTIONS" as const },
        ],
        { title: `Retry stage ${stage} of ${name}` },
      );
      if (!mode) return;
      const retry = {
        verb: "Retry",
        subject: `stage ${stage} of ${name}`,
        action: mode.label,
        destructive: false,
      };
      if (!(await context.confirm(retry))) return;
      await context.withProgress(`Retrying ${stage}…`, (signal) =>
        pipelines.retry(name, stage, executionId, mode.mode, signal),
      );
    }),

    command("awsCicd.pipeline.approve", async (context, arg) => {
      const name = await pipelineFromArg(arg, pipelines, context, {
        test: (p) => {
          const known = pipelines.state(p);
          return known !== undefined && waitingApprovals(known).length > 0;
        },
        word: "waiting for approval",
      });
      if (!name) return;
      const node = nodeArg(arg);
      const state = await stateOf(pipelines, name, context);
      const waiting = waitingApprovals(state);
      let approval = waiting.find((w) => w.stage === str(node.stage) && w.action === str(node.action));
      if (!approval && waiting.length === 1) approval = waiting[0];
      if (!approval && waiting.length > 1) {
        const picked = await vscode.window.showQuickPick(
          waiting.map((w) => ({ label: `${w.stage} / ${w.action}`, w })),
          { title: `${name}: approval` },
        );
        approval = picked?.w;
        if (!approval) return;
      }
      if (!approval)
        throw new UserError(`No approval of ${name} is waiting (it may have been answered already).`);
      const definition = await pipelines.loadDefinition(name).catch(() => undefined);
      const configuration =
        definition?.stages
          .find((s) => s.name === approval.stage)
          ?.actions.find((a) => a.name === approval.action)?.configuration ?? {};
      const actionState = state.stages
        .find((s) => s.name === approval.stage)
        ?.actions.find((a) => a.name === approval.action);
      const summary = configuration.CustomData ?? actionState?.latest?.summary;
      const link =
        configuration.ExternalEntityLink ??
        actionState?.latest?.externalExecutionUrl ??
        actionState?.entityUrl;
      const choice = await vscode.window.showQuickPick(
        [
          { label: "$(check) Approve", approved: true, detail: summary },
          { label: "$(close) Reject", approved: false, detail: summary },
          ...(link
            ? [{ label: "$(link-external) Open the link to review", approved: undefined, detail: link }]
            : []),
        ],
        {
          title: `Approve or reject: ${name} · ${approval.stage} / ${approval.action}`,
          placeHolder: summary ?? "Approve or reject",
        },
      );
      if (!choice) return;
      if (choice.approved === undefined) {
        await openAwsLink(link, "approval's review link");
        return;
      }
      const comment = await vscode.window.showInputBox({
        title: `${choice.approved ? "Approve" : "Reject"}: ${name} · ${approval.stage} / ${approval.action}`,
        prompt: "Comment (shown with the approval)",
        validateInput: (v) => (v.length > 512 ? "At most 512 characters." : undefined),
      });
      if (comment === undefined) return;
      const answer = { ...approval, pipeline: name, approved: choice.approved, summary: comment };
      const change = {
        verb: answer.approved ? "Approve" : "Reject",
        subject: `${answer.stage} / ${answer.action} of ${name}`,
        action: answer.approved ? "Approve" : "Reject",
        // A rejection fails the execution: it cannot be taken back.
        destructive: !answer.approved,
      };
      if (!(await context.confirm(change))) return;
      await context.withProgress(`${answer.approved ? "Approving" : "Rejecting"}…`, (signal) =>
        pipelines.answerApproval(answer, signal),
      );
      log.info(
        "pipeline",
        `${answer.approved ? "approved" : "rejected"} ${name}/${answer.stage}/${answer.action}`,
      );
    }),

    command("awsCicd.pipeline.disableTransition", async (context, arg) => {
      const picked = await stageFromArg(
        arg,
        pipelines,
        context,
        (s) => s.transitionEnabled,
        "has an enabled transition",
      );
      if (!picked) return;
      const { pipeline: name, stage } = picked;
      const reason = await vscode.window.showInputBox({
        title: `Disable the transition into ${stage}`,
        prompt: "Reason (required by CodePipeline)",
        validateInput: (v) =>
          v.trim() ? (v.length > 300 ? "At most 300 characters." : undefined) : "Give a reason.",
      });
      if (reason === undefined) return;
      const disable = {
        verb: "Disable the transition into",
        subject: `${stage} of ${name}`,
        action: "Disable Transition",
        destructive: true,
        detail: "Executions wait before this stage until the transition is enabled again.",
      };
      if (!(await context.confirm(disable))) return;
      await context.withProgress(`Disabling the transition into ${stage}…`, (signal) =>
        pipelines.setTransition(name, stage, false, reason, signal),
      );
    }),

    command("awsCicd.pipeline.enableTransition", async (context, arg) => {
      const picked = await stageFromArg(
        arg,
        pipelines,
        context,
        (s) => !s.transitionEnabled,
        "has a disabled transition",
      );
      if (!picked) return;
      const { pipeline: name, stage } = picked;
      const enable = {
        verb: "Enable the transition into",
        subject: `${stage} of ${name}`,
        action: "Enable Transition",
        destructive: false,
      };
      if (!(await context.confirm(enable))) return;
      await context.withProgress(`Enabling the transition into ${stage}…`, (signal) =>
        pipelines.setTransition(name, stage, true, "", signal),
      );
    }),

    command("awsCicd.pipeline.showActionLog", async (context, arg) => {
      const name = await pipelineFromArg(arg, pipelines, context);
      if (!name) return;
      const node = nodeArg(arg);
      const state = await stateOf(pipelines, name, context);
      const builds = buildActions(state);
      const asked = str(node.action);
      if (asked && !builds.some((b) => b.stage === str(node.stage) && b.action === asked))
        throw new UserError(
          `${str(node.stage) ?? ""} / ${asked} of ${name} has not run a CodeBuild build yet.`,
        );
      let chosen =
        builds.find((b) => b.stage === str(node.stage) && b.action === asked) ??
        (builds.length === 1 ? builds[0] : undefined);
      if (!chosen && builds.length > 1) {
        const picked = await vscode.window.showQuickPick(
          builds.map((b) => ({ label: `${b.stage} / ${b.action}`, description: b.buildId, build: b })),
          { title: `${name}: the CodeBuild action whose log to show` },
        );
        if (!picked) return;
        chosen = picked.build;
      }
      if (!chosen) throw new UserError(`No CodeBuild action of ${name} has run yet.`);
      // CodeBuild shows its builds' logs: the action's external id is the build's id.
      await vscode.commands.executeCommand("awsCicd.build.showLog", { kind: "build", id: chosen.buildId });
    }),

    command("awsCicd.pipeline.showGraph", async (context, arg) => {
      const name = await pipelineFromArg(arg, pipelines, context);
      if (name) await deps.graphs.show(name);
    }),

    command("awsCicd.pipeline.openInConsole", async (context, arg) => {
      const name = await pipelineFromArg(arg, pipelines, context);
      if (!name) return;
      const node = nodeArg(arg);
      const region = connection.current?.region ?? "us-east-1";
      const state = pipelines.state(name);
      const executionId = node.kind === "execution" ? str(node.id) : latestExecutionId(state);
      await vscode.env.openExternal(
        vscode.Uri.parse(
          pipelineConsoleUrl(name, region, node.kind === "execution" ? executionId : undefined),
        ),
      );
    }),
  ];
}
