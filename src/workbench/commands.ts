import * as vscode from "vscode";
import { classifyError, type ErrorAdvice } from "../aws/errors";
import { confirmChange, type Change } from "./confirm";
import type { ConnectionManager } from "./connectionManager";
import { whenSlow } from "../core/whenSlow";
import { log } from "./logger";

/** A step of a command that ends sooner shows no progress notification (see `whenSlow`). */
const PROGRESS_AFTER_MS = 500;

export interface CommandContext {
  /** Aborted when the user cancels the progress notification. */
  readonly signal: AbortSignal;
  /** Runs `task` under a cancellable progress notification titled `title` (once it takes a moment). */
  withProgress<T>(title: string, task: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Asks before a change to AWS when the confirmation policy says so; resolves whether to go ahead. */
  confirm(change: Change): Promise<boolean>;
}

/** A user-facing failure whose message is already in words the user can act on. */
export class UserError extends Error {
  override readonly name = "UserError";
}

/**
 * In Restricted Mode the views are read-only: every change to AWS goes through `confirm`, which
 * refuses it there (before asking, and before anything is sent).
 */
function requireTrustToChange(change: Change): void {
  if (vscode.workspace.isTrusted) return;
  throw new UserError(
    `Restricted Mode: the extension makes no change to AWS from an untrusted folder (${change.verb} ${change.subject}). Trust the folder (Manage Workspace Trust) to act; the views work read-only meanwhile.`,
  );
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
      confirm: (change) => {
        requireTrustToChange(change);
        return confirmChange(connection, change, outer.signal);
      },
      withProgress: (title, task) => withNotificationProgress(title, task, outer.signal),
    };
    try {
      await handler(context, ...args);
    } catch (error) {
      await reportCommandError(id, error, connection, advice);
    }
  });
}

/**
 * Runs a step of a command, with a cancellable progress notification once it has taken
 * `PROGRESS_AFTER_MS` (see `whenSlow`): a command of three quick steps that then fails would
 * otherwise have its error shown in the notification center only, without a toast.
 */
function withNotificationProgress<T>(
  title: string,
  task: (signal: AbortSignal) => Promise<T>,
  outer: AbortSignal,
): Promise<T> {
  const inner = new AbortController();
  const onOuter = () => inner.abort();
  outer.addEventListener("abort", onOuter, { once: true });
  const running = new Promise<T>((resolve) => resolve(task(inner.signal)));
  const settled = running.then(
    () => undefined,
    () => undefined,
  );
  void settled.then(() => outer.removeEventListener("abort", onOuter));
  whenSlow(running, PROGRESS_AFTER_MS, () => {
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      (_progress, token) => {
        const cancel = token.onCancellationRequested(() => inner.abort());
        return settled.finally(() => {
          cancel.dispose();
        });
      },
    );
  });
  return running;
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
