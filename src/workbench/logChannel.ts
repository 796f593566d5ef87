import * as vscode from "vscode";
import { mark, tracing } from "../core/marks";
import type { LineSink } from "../logs/followedLogs";
import type { OutputVisibility } from "./outputVisibility";

/** The longest piece of a line a trace mark quotes. */
const QUOTED_CHARS = 120;

/**
 * The output channel of a followed log. When the extension's log is at Trace level, each
 * append is marked the moment the text reaches the channel, with its line count and last line
 * (benchmarks line it up with the moment the line was written to CloudWatch).
 */
export function logChannel(name: string, visibility?: OutputVisibility): LineSink {
  const channel = vscode.window.createOutputChannel(name);
  return {
    ...(visibility && {
      isVisible: () => visibility.isVisible(name),
      whenVisible: (signal: AbortSignal) => visibility.whenVisible(name, signal),
    }),
    append(text: string): void {
      channel.append(text);
      if (tracing()) mark("log append", () => describeAppend(name, text));
    },
    show: () => channel.show(),
    dispose: () => channel.dispose(),
  };
}

function describeAppend(name: string, text: string): string {
  let lines = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lines++;
  const body = text.endsWith("\n") ? text.slice(0, -1) : text;
  const last = body.slice(body.lastIndexOf("\n") + 1, body.lastIndexOf("\n") + 1 + QUOTED_CHARS);
  return `channel=${JSON.stringify(name)} lines=${lines} last=${JSON.stringify(last)}`;
}
