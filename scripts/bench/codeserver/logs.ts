// Reading the logs of one window's extension host: VS Code's exthost.log (activation events)
// and the extension's own log with its trace marks (src/core/marks.ts).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";

export interface LogLine {
  /** Epoch ms (the log's local-time stamp, millisecond precision). */
  readonly at: number;
  readonly level: string;
  readonly text: string;
}

export interface Mark {
  readonly name: string;
  /** Epoch ms from the host's monotonic clock. */
  readonly at: number;
  readonly detail: string;
}

const LINE = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d\.\d{3}) \[(\w+)\] (.*)$/;

export function parseLog(text: string): LogLine[] {
  const out: LogLine[] = [];
  for (const line of text.split("\n")) {
    const m = LINE.exec(line);
    if (m) out.push({ at: new Date(`${m[1]}T${m[2]}`).getTime(), level: m[3]!, text: m[4]! });
  }
  return out;
}

export function parseMarks(lines: readonly LogLine[]): Mark[] {
  const out: Mark[] = [];
  for (const line of lines) {
    const m = /^\[mark\] (.+?) at=([\d.]+)(?: (.*))?$/.exec(line.text);
    if (m) out.push({ name: m[1]!, at: Number(m[2]), detail: m[3] ?? "" });
  }
  return out;
}

function walk(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
  return out;
}

export interface HostLogs {
  readonly exthost: LogLine[];
  readonly extension: LogLine[];
  readonly marks: Mark[];
  readonly files: { readonly exthost?: string; readonly extension?: string };
}

/**
 * The logs of the extension host started after `since`: the exthost.log whose folder was made
 * last after it, and the extension's log (`<extension id>/*.log`) in that folder.
 */
export function hostLogs(userDataDir: string, since: number, extensionId: string): HostLogs {
  const files = walk(path.join(userDataDir, "logs"));
  // code-server names it remoteexthost.log, in a folder exthost<N> per extension host.
  const isHostLog = (f: string) => /^(remote)?exthost\.log$/.test(path.basename(f));
  const exthost = files
    .filter((f) => isHostLog(f) && statSync(path.dirname(f)).birthtimeMs >= since - 1000)
    .sort((a, b) => statSync(path.dirname(a)).birthtimeMs - statSync(path.dirname(b)).birthtimeMs)
    .pop();
  const extension = exthost
    ? files.find((f) => f.startsWith(path.join(path.dirname(exthost), extensionId) + path.sep))
    : undefined;
  const read = (f?: string) => (f && existsSync(f) ? parseLog(readFileSync(f, "utf8")) : []);
  const extensionLines = read(extension);
  return {
    exthost: read(exthost),
    extension: extensionLines,
    marks: parseMarks(extensionLines),
    files: { exthost, extension },
  };
}
