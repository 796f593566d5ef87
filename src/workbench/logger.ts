import * as vscode from "vscode";

/**
 * The extension's own log: one LogOutputChannel, lines tagged with a component. Never log
 * credentials, tokens or environment-variable values.
 */
let channel: vscode.LogOutputChannel | undefined;

export function createLogger(): vscode.LogOutputChannel {
  channel = vscode.window.createOutputChannel("AWS CI/CD", { log: true });
  return channel;
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
