// Small helpers for the host cases: polling until assertions hold, timeouts, reading files.
import { readFile } from "node:fs/promises";
import * as vscode from "vscode";

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs `probe` (which asserts) until it passes, and returns what it returned. After `timeoutMs`
 * it throws the last assertion's message, so a failure says what was seen, not only that time ran out.
 */
export async function eventually<T>(
  description: string,
  probe: () => Promise<T> | T,
  timeoutMs = 20_000,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`${description}: still failing after ${timeoutMs} ms: ${messageOf(error)}`, {
          cause: error,
        });
      }
    }
    await sleep(intervalMs);
  }
}

/** `promise`, or an error after `ms` (e.g. a command that waits on a message nobody can dismiss). */
export async function within<T>(description: string, ms: number, promise: Thenable<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${description} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([Promise.resolve(promise), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs a command, failing after `ms` instead of hanging. */
export function command<T = unknown>(id: string, ms: number, ...args: unknown[]): Promise<T> {
  return within(`command ${id}`, ms, vscode.commands.executeCommand<T>(id, ...args));
}

/** Waits until `file` exists and returns its text. */
export async function waitForFile(file: string, timeoutMs: number): Promise<string> {
  return eventually(`waiting for ${file}`, () => readFile(file, "utf8"), timeoutMs, 500);
}

/** The workspace folder the e2e test opened (the sample api-service repository). */
export function workspaceFolder(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    throw new Error("no workspace folder is open");
  }
  return folder.uri;
}

export async function writeWorkspaceFile(relative: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(workspaceFolder(), relative);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

/** A diagnostic as plain data (0-based positions), for assertions and readable failure messages. */
export interface PlainDiagnostic {
  readonly line: number;
  readonly character: number;
  readonly severity: string;
  readonly message: string;
  readonly source: string | undefined;
  readonly code?: string;
}

export function plain(diagnostic: vscode.Diagnostic): PlainDiagnostic {
  const code =
    typeof diagnostic.code === "object" ? String(diagnostic.code.value) : diagnostic.code?.toString();
  return {
    line: diagnostic.range.start.line,
    character: diagnostic.range.start.character,
    severity: vscode.DiagnosticSeverity[diagnostic.severity],
    message: diagnostic.message,
    source: diagnostic.source,
    ...(code === undefined ? {} : { code }),
  };
}

export function markdownText(content: vscode.MarkdownString | vscode.MarkedString): string {
  if (typeof content === "string") return content;
  return content.value;
}

export function completionLabel(item: vscode.CompletionItem): string {
  return typeof item.label === "string" ? item.label : item.label.label;
}
