// A build's log followed by the extension inside the real extension host, next to
// `aws logs tail --follow` (AWS CLI v2) on the same stream in the same run. The extension's
// delay is taken where a line reaches its OutputChannel (the `log append` trace mark of
// src/workbench/logChannel.ts) minus the moment the simulator wrote it (the event's timestamp).
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { BatchGetBuildsCommand, StartBuildCommand } from "@aws-sdk/client-codebuild";
import { simClients } from "../../../test/integration/helpers/sim-clients";
import { waitFor } from "../../../test/e2e/support/workbench";
import { cliEnv } from "../simClients";
import { hostLogs } from "./logs";
import { EXTENSION_ID, type BenchWindow, type Session } from "./session";
import { median, percentile } from "./stats";

export interface FollowFigures {
  readonly project: string;
  readonly lines: number;
  readonly extension: Delays & { readonly getLogEventsPerMinute: number; readonly allCallsPerMinute: number };
  readonly cli: (Delays & { readonly callsPerMinute: number }) | { readonly skipped: string };
  readonly buildSeconds: number;
}

export interface Delays {
  readonly delivered: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly maxMs: number;
}

function delays(values: number[]): Delays {
  return {
    delivered: values.length,
    medianMs: median(values),
    p95Ms: percentile(values, 95),
    maxMs: values.reduce((a, b) => Math.max(a, b), -Infinity),
  };
}

const CLI = "/usr/bin/aws";

/**
 * `aws logs tail GROUP --follow`: each printed line's delay (print time − event timestamp). The
 * group also holds earlier builds' streams, printed at once by `--since 5m` with delays of
 * minutes: only the lines of `stream` count (the detailed format prints the stream after the time).
 */
function startCliTail(session: Session, group: string): { stop(stream: string): number[] } | string {
  if (!existsSync(CLI)) return "AWS CLI v2 is not installed (/usr/bin/aws)";
  const sim = session.simulator;
  const child = spawn(
    CLI,
    ["logs", "tail", group, "--follow", "--since", "5m", "--format", "detailed", "--endpoint-url", sim.url],
    {
      env: cliEnv(sim),
      stdio: ["ignore", "pipe", "ignore"],
    },
  );
  const values: { stream: string; delayMs: number }[] = [];
  let buffer = "";
  child.stdout.on("data", (chunk: Buffer) => {
    const now = Date.now();
    buffer += chunk.toString();
    const parts = buffer.split("\n");
    buffer = parts.pop() ?? "";
    for (const line of parts) {
      const [time = "", stream = ""] = line.split(" ", 2);
      const ts = Date.parse(time);
      if (!Number.isNaN(ts)) values.push({ stream, delayMs: now - ts });
    }
  });
  return {
    stop: (stream) => {
      child.kill("SIGTERM");
      return values.filter((v) => v.stream === stream).map((v) => v.delayMs);
    },
  };
}

/** Starts a build of `project`, has the extension follow its log, and measures both followers. */
export async function followInHost(
  session: Session,
  window: BenchWindow,
  project: string,
): Promise<FollowFigures> {
  const sim = session.simulator;
  const group = `/aws/codebuild/${project}`;
  const clients = simClients(sim, { maxAttempts: 3 });
  try {
    const cli = startCliTail(session, group);
    const { build } = await clients.codebuild.send(new StartBuildCommand({ projectName: project }));
    const id = build?.id;
    if (!id) throw new Error(`StartBuild of ${project} returned no id`);
    const startedAt = Date.now();
    const firstCall = sim.calls.length;
    await window.ask({ op: "command", id: "awsCicd.build.showLog", args: [{ kind: "build", id }] });
    await waitFor(
      `build ${id} to finish`,
      async () => {
        const { builds } = await clients.codebuild.send(new BatchGetBuildsCommand({ ids: [id] }));
        const s = builds?.[0]?.buildStatus;
        return s && s !== "IN_PROGRESS" ? s : undefined;
      },
      600_000,
      1000,
    );
    const endedAt = Date.now();
    const stream = id.split(":")[1] ?? "";
    const events = sim.logs.events(group, stream);
    const lastLine = (events.at(-1)?.message ?? "").replace(/\n$/, "");
    // Until the extension's channel has the last line (or 60 s), and the CLI had time to print.
    const appended = () =>
      hostLogs(session.userDataDir, window.openedAt, EXTENSION_ID).marks.filter(
        (m) => m.name === "log append" && m.detail.includes(`channel="Build: ${project} `),
      );
    await waitFor(
      "the extension's channel to show the last line",
      () => appended().some((m) => m.detail.includes(`last=${JSON.stringify(lastLine.slice(0, 120))}`)),
      60_000,
      500,
    ).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 6000));
    const cliDelays = typeof cli === "string" ? undefined : cli.stop(stream);
    const minutes = (Date.now() - startedAt) / 60_000;
    const calls = sim.calls.slice(firstCall);
    const count = (op: string) => calls.filter((c) => c.operation === op).length;

    // Line the appends up with the stream's events: each append covers the events after the
    // previous append's last line, up to its own.
    const index = new Map<string, number>();
    events.forEach((e, i) => index.set(e.message.replace(/\n$/, "").slice(0, 120), i));
    const extensionDelays: number[] = [];
    let next = 0;
    for (const m of appended()) {
      const last = /last=("(?:[^"\\]|\\.)*")/.exec(m.detail)?.[1];
      const at = last === undefined ? undefined : index.get(JSON.parse(last) as string);
      if (at === undefined || at < next) continue;
      for (let i = next; i <= at; i++) extensionDelays.push(m.at - events[i]!.timestamp);
      next = at + 1;
    }
    return {
      project,
      lines: events.length,
      buildSeconds: (endedAt - startedAt) / 1000,
      extension: {
        ...delays(extensionDelays),
        getLogEventsPerMinute: count("GetLogEvents") / minutes,
        allCallsPerMinute: (calls.length - count("FilterLogEvents") - count("DescribeLogGroups")) / minutes,
      },
      cli: cliDelays
        ? { ...delays(cliDelays), callsPerMinute: count("FilterLogEvents") / minutes }
        : { skipped: typeof cli === "string" ? cli : "not run" },
    };
  } finally {
    clients.destroy();
  }
}
