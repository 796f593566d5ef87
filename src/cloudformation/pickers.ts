import * as vscode from "vscode";
import { UserError, type CommandContext } from "../workbench/commands";
import { nodeArg, str } from "../workbench/nodeArg";
import { stackStatusLook } from "./model/status";
import type { StackStore } from "./store";

/** The stack a command acts on: the node's (or the argument's), or one the user picks. */
export async function stackFromArg(
  arg: unknown,
  store: StackStore,
  context: CommandContext,
  fits: (status: string) => boolean = (s) => s !== "DELETE_COMPLETE",
  what = "",
): Promise<string | undefined> {
  if (typeof arg === "string" && arg) return arg;
  const node = nodeArg(arg) as { kind?: unknown; name?: unknown; stack?: unknown };
  const named = node.kind === "stack" ? str(node.name) : str(node.stack);
  if (named) return named;
  const stacks = store.stacks ?? (await context.withProgress("Listing stacks…", () => store.loadStacks()));
  const candidates = stacks.filter((s) => fits(s.status));
  if (candidates.length === 0) throw new UserError(`No stack in this region ${what || "to choose from"}.`);
  const picked = await vscode.window.showQuickPick(
    candidates
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((s) => ({ label: s.name, description: stackStatusLook(s.status).word })),
    { title: "Stack", placeHolder: "Choose a stack" },
  );
  return picked?.label;
}

/** The change set a command acts on (from the change-set view or the tree). */
export function changeSetFromArg(
  arg: unknown,
): { id: string; stack: string; name?: string; templateUri?: string } | undefined {
  const node = nodeArg(arg) as {
    kind?: unknown;
    id?: unknown;
    stack?: unknown;
    name?: unknown;
    templateUri?: unknown;
  };
  const id = str(node.id);
  const stack = str(node.stack);
  if (node.kind !== "changeSet" || !id || !stack) return undefined;
  const name = str(node.name);
  const templateUri = str(node.templateUri);
  return { id, stack, ...(name ? { name } : {}), ...(templateUri ? { templateUri } : {}) };
}

/** A change set named by its stack and name (a pipeline's CloudFormation action), without its id. */
export function namedChangeSetFromArg(arg: unknown): { stack: string; name: string } | undefined {
  const node = nodeArg(arg) as { kind?: unknown; stack?: unknown; name?: unknown; id?: unknown };
  const stack = str(node.stack);
  const name = str(node.name);
  return node.kind === "changeSet" && stack && name && !str(node.id) ? { stack, name } : undefined;
}
