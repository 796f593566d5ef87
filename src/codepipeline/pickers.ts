import * as vscode from "vscode";
import { UserError, type CommandContext } from "../workbench/commands";
import { nodeArg, str } from "../workbench/nodeArg";
import { pipelineStatusLook } from "./model/status";
import type { StageState } from "./model/types";
import type { PipelineStore } from "./store";

/** The pipeline a command acts on: the node's, or one the user picks. */
export async function pipelineFromArg(
  arg: unknown,
  store: PipelineStore,
  context: CommandContext,
  /** Pipelines the command is for (as far as their known state tells): offered first, with `word`. */
  prefer?: { readonly test: (name: string) => boolean; readonly word: string },
): Promise<string | undefined> {
  const node = nodeArg(arg);
  const named = node.kind === "pipeline" ? str(node.name) : str(node.pipeline);
  if (named) return named;
  if (typeof arg === "string") return arg;
  const pipelines =
    store.pipelines ?? (await context.withProgress("Listing pipelines…", () => store.loadPipelines()));
  if (pipelines.length === 0) throw new UserError("There are no pipelines in this region.");
  const items = pipelines.map((p) => {
    const preferred = prefer?.test(p.name) ?? false;
    return {
      label: p.name,
      description: [preferred ? prefer?.word : undefined, p.pipelineType].filter(Boolean).join(" · "),
      preferred,
    };
  });
  const picked = await vscode.window.showQuickPick(
    [...items.filter((i) => i.preferred), ...items.filter((i) => !i.preferred)],
    { title: "Pipeline", placeHolder: "Choose a pipeline" },
  );
  return picked?.label;
}

export async function stateOf(store: PipelineStore, name: string, context: CommandContext) {
  await context.withProgress(`Reading ${name}…`, () => store.refreshState(name));
  const state = store.state(name);
  if (!state) throw new UserError(`Pipeline ${name} has no state.`);
  return state;
}

/** A stage fit for the command: the node's, or one the user picks among those that fit. */
export async function stageFromArg(
  arg: unknown,
  store: PipelineStore,
  context: CommandContext,
  fits: (s: StageState) => boolean,
  what: string,
): Promise<{ pipeline: string; stage: string } | undefined> {
  const pipeline = await pipelineFromArg(arg, store, context);
  if (!pipeline) return undefined;
  const named = str(nodeArg(arg).stage);
  if (named) return { pipeline, stage: named };
  const state = await stateOf(store, pipeline, context);
  const stages = state.stages.filter(fits);
  if (stages.length === 0) throw new UserError(`No stage of ${pipeline} ${what}.`);
  const picked = await vscode.window.showQuickPick(
    stages.map((s) => ({
      label: s.name,
      description: s.latestExecution ? pipelineStatusLook(s.latestExecution.status).word : undefined,
    })),
    { title: `${pipeline}: stage` },
  );
  return picked ? { pipeline, stage: picked.label } : undefined;
}
