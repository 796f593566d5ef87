import * as vscode from "vscode";
import { classifyError, type ErrorAdvice } from "../aws/errors";
import { confirmChange, type Change } from "./confirm";
import type { ConnectionManager } from "./connectionManager";
import { log } from "./logger";

export interface CommandContext {
  /** Aborted when the user cancels the progress notification. */
  readonly signal: AbortSignal;
  /** Runs `task` under a cancellable progress notification titled `title`. */
  withProgress<T>(title: string, task: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Asks before a change to AWS when the confirmation policy says so; resolves whether to go ahead. */
  confirm(change: Change): Promise<boolean>;
}

/** A user-facing failure whose message is already in words the user can act on. */
export class UserError extends Error {
  override readonly name = "UserError";
}

/**
 * The one command wrapper: every command goes through it. Failures reach the user once, in
 * words they can act on, with "Show Log"; details go to the extension's log.
 */
export function registerCommand(
  id: string,
  connection: ConnectionManager,
  handler: (context: CommandContext, ...args: unknown[]) => Promise<unknown>,
  /** The service's own error names, in words that say what to do. */
  advice?: ErrorAdvice,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
    const outer = new AbortController();
    const context: CommandContext = {
      signal: outer.signal,
      confirm: (change) => confirmChange(connection, change, outer.signal),
      withProgress: (title, task) =>
        Promise.resolve(
          vscode.window.withProgress(
            { location: vscode.ProgressLocation.Notification, title, cancellable: true },
            (_progress, token) => {
              const inner = new AbortController();
              const cancel = token.onCancellationRequested(() => inner.abort());
              const onOuter = () => inner.abort();
              outer.signal.addEventListener("abort", onOuter, { once: true });
              return task(inner.signal).finally(() => {
                cancel.dispose();
                outer.signal.removeEventListener("abort", onOuter);
              });
            },
          ),
        ),
    };
    try {
      await handler(context, ...args);
    } catch (error) {
      await reportCommandError(id, error, connection, advice);
    }
  });
}

async function reportCommandError(
  id: string,
  error: unknown,
  connection: ConnectionManager,
  advice: ErrorAdvice | undefined,
): Promise<void> {
  if (error instanceof UserError) {
    log.warn(id, error.message);
    const choice = await vscode.window.showWarningMessage(error.message, "Show Log");
    if (choice) log.show();
    return;
  }
  const current = connection.current;
  const friendly = classifyError(error, { profile: current?.profile, endpoint: current?.endpoint }, advice);
  if (friendly.kind === "aborted") {
    log.info(id, "cancelled");
    return;
  }
  log.error(id, friendly.message, error);
  const choice = await vscode.window.showErrorMessage(friendly.message, "Show Log");
  if (choice) log.show();
}
