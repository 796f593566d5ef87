import * as vscode from "vscode";
import { setTracer } from "../core/marks";

/**
 * The extension's own log: one LogOutputChannel, lines tagged with a component. Never log
 * credentials, tokens or environment-variable values.
 */
let channel: vscode.LogOutputChannel | undefined;

export function createLogger(): vscode.LogOutputChannel {
  const created = vscode.window.createOutputChannel("AWS CI/CD", { log: true });
  channel = created;
  // Timing marks (core/marks.ts) go to this log at Trace level only.
  setTracer({
    enabled: () => created.logLevel === vscode.LogLevel.Trace,
    write: (line) => created.trace(line),
  });
  return created;
}

function detail(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

export const log = {
  info(component: string, message: string): void {
    channel?.info(`[${component}] ${message}`);
  },
  warn(component: string, message: string): void {
    channel?.warn(`[${component}] ${message}`);
  },
  error(component: string, message: string, error?: unknown): void {
    channel?.error(`[${component}] ${message}${error === undefined ? "" : ` — ${detail(error)}`}`);
  },
  show(): void {
    channel?.show(true);
  },
};
