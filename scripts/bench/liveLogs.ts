// Live logs: the shipped extension's own follow path (the Show Log command → BuildLogs → the
// followed-logs registry → followBuildLog, with BuildPolling's status job on the PollScheduler
// and the call budget), loaded in this process with a stub `vscode`, against the simulator in
// real time; `aws logs tail --follow` (AWS CLI v2) follows the same stream at the same time.
// Delay = when a line reached the output channel (or the CLI's stdout) − when the simulator wrote it.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { CodeBuildClient, StartBuildCommand } from "@aws-sdk/client-codebuild";
import { startSimulator, type Simulator } from "../../test/sim/index";
import { loadExtension } from "./inProcess";
import { loggingBuild, rowNumber } from "./scenarios";
import type { BenchSection } from "./section";
import { cliEnv } from "./simClients";
import { median, percentile, QUICK, repeat, runs, verdict } from "./stats";

const CLI = "/usr/bin/aws";
const TARGET = { medianMs: 500, p95Ms: 1000, callsPerMinute: 60 };

interface Follower {
  /** Delay of each generated line, in row order (NaN: never delivered). */
  delays: number[];
  delivered: number;
  /** Calls it made per minute while following (first request → last line delivered). */
  callsPerMinute: number;
  /** Last line delivered − last line written. */
  tailLagMs: number;
}

interface RunResult {
  extension: Follower;
  cli: Follower | string;
  /** Every call the extension made per minute in the same window (its other pollers included). */
  extensionAllCallsPerMinute: number;
}

interface Spec {
  readonly label: string;
  readonly project: string;
  readonly lines: number;
  readonly perSecond: number;
  readonly burstMs: number;
}

function startBuild(sim: Simulator, project: string): Promise<string> {
  const client = new CodeBuildClient({ region: sim.region, endpoint: sim.url, credentials: sim.credentials });
  return client
    .send(new StartBuildCommand({ projectName: project }))
    .then((r) => r.build!.id!)
    .finally(() => client.destroy());
}

function cliAvailable(): string | undefined {
  if (!existsSync(CLI)) return "AWS CLI v2 is not installed (apt-get install awscli)";
  const version = execFileSync(CLI, ["--version"], { encoding: "utf8" });
  return version.startsWith("aws-cli/2") ? undefined : `not AWS CLI v2: ${version.trim()}`;
}

/** `aws logs tail GROUP --follow`: when each numbered line reached its stdout. */
function tailWithCli(sim: Simulator, group: string, arrivals: Map<number, number>): () => void {
  // CLI 2.9 (Debian) predates AWS_ENDPOINT_URL: the endpoint is passed explicitly.
  const tail = spawn(
    CLI,
    ["logs", "tail", group, "--follow", "--since", "5m", "--format", "short", "--endpoint-url", sim.url],
    {
      env: cliEnv(sim),
      stdio: ["ignore", "pipe", "ignore"],
    },
  );
  let buffer = "";
  tail.stdout.on("data", (chunk: Buffer) => {
    const now = Date.now();
    buffer += chunk.toString();
    const parts = buffer.split("\n");
    buffer = parts.pop() ?? "";
    for (const line of parts) {
      const row = rowNumber(line);
      if (row !== undefined && !arrivals.has(row)) arrivals.set(row, now);
    }
  });
  return () => tail.kill();
}

async function until(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return done();
}

function follower(
  sim: Simulator,
  written: Map<number, number>,
  arrivals: Map<number, number>,
  lines: number,
  ops: RegExp,
  from: number,
): Follower {
  const delays = Array.from(
    { length: lines },
    (_, i) => (arrivals.get(i + 1) ?? NaN) - (written.get(i + 1) ?? NaN),
  );
  const last = Math.max(...arrivals.values());
  const mine = sim.calls.filter((c) => c.at >= from && c.at <= last && ops.test(c.operation ?? c.target));
  const first = mine[0]?.at ?? from;
  const lastWritten = Math.max(...written.values());
  return {
    delays,
    delivered: arrivals.size,
    callsPerMinute: mine.length / Math.max(1 / 60, (last - first) / 60_000),
    tailLagMs: last - lastWritten,
  };
}

async function oneRun(sim: Simulator, spec: Spec, withCli: boolean): Promise<RunResult> {
  const group = `/aws/codebuild/${spec.project}`;
  const ext = new Map<number, number>();
  const extension = loadExtension({
    sim,
    focused: true,
    viewsVisible: false,
    onAppend: (channel, text) => {
      if (!channel.startsWith("Build:")) return;
      const now = Date.now();
      for (const line of text.split("\n")) {
        const row = rowNumber(line);
        if (row !== undefined && !ext.has(row)) ext.set(row, now);
      }
    },
  });
  const cliArrivals = new Map<number, number>();
  const stopCli = withCli ? tailWithCli(sim, group, cliArrivals) : () => undefined;
  const from = Date.now();
  try {
    const id = await startBuild(sim, spec.project);
    await extension.command("awsCicd.build.showLog", { kind: "build", id });
    const timeout = (spec.lines / spec.perSecond) * 1000 + 60_000;
    await until(() => ext.size >= spec.lines && (!withCli || cliArrivals.size >= spec.lines), timeout);
    const stream = id.split(":").pop()!;
    const written = new Map<number, number>();
    for (const e of sim.logs.events(group, stream)) {
      const row = rowNumber(e.message);
      if (row !== undefined) written.set(row, e.timestamp);
    }
    const extensionResult = follower(sim, written, ext, spec.lines, /^(GetLogEvents|BatchGetBuilds)$/, from);
    const last = Math.max(...ext.values());
    const all = sim.calls.filter((c) => c.at >= from && c.at <= last && !/StartBuild/.test(c.target)).length;
    return {
      extension: extensionResult,
      cli: withCli
        ? cliArrivals.size
          ? follower(
              sim,
              written,
              cliArrivals,
              spec.lines,
              /^(FilterLogEvents|DescribeLogGroups|DescribeLogStreams)$/,
              from,
            )
          : "aws logs tail printed nothing"
        : "not run",
      extensionAllCallsPerMinute: all / Math.max(1 / 60, (last - from) / 60_000),
    };
  } finally {
    stopCli();
    extension.dispose();
  }
}

interface Summary {
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  callsPerMinute: number;
  tailLagMs: number;
  delivered: number;
}

function summarize(fs: Follower[]): Summary {
  const per = fs.map((f) => {
    const d = f.delays.filter(Number.isFinite);
    return { median: median(d), p95: percentile(d, 95), max: Math.max(...d) };
  });
  return {
    medianMs: median(per.map((p) => p.median)),
    p95Ms: median(per.map((p) => p.p95)),
    maxMs: median(per.map((p) => p.max)),
    callsPerMinute: median(fs.map((f) => f.callsPerMinute)),
    tailLagMs: median(fs.map((f) => f.tailLagMs)),
    delivered: Math.min(...fs.map((f) => f.delivered)),
  };
}

const s = (v: number) => (Number.isFinite(v) ? `${(v / 1000).toFixed(2)} s` : "n/a");

export async function run(): Promise<BenchSection> {
  const cliMissing = cliAvailable();
  const specs: Spec[] = [
    { label: "steady, 2 lines/s", project: "steady", lines: QUICK ? 30 : 120, perSecond: 2, burstMs: 500 },
    { label: "burst, 20,000 lines in 1 s", project: "burst", lines: 20_000, perSecond: 20_000, burstMs: 100 },
  ];
  const n = runs(3, 1);
  const results: { spec: Spec; runs: RunResult[] }[] = [];
  for (const spec of specs) {
    // A fresh simulator each run: the CLI tails the whole log group, which must hold only this build.
    const one = async () => {
      const sim = await startSimulator({
        scenario: loggingBuild(spec.project, spec.lines, spec.perSecond, spec.burstMs),
      });
      try {
        return await oneRun(sim, spec, !cliMissing);
      } finally {
        await sim.close();
      }
    };
    results.push({ spec, runs: await repeat(n, one) });
  }
  const rows: string[][] = [];
  const data: Record<string, unknown> = {};
  for (const { spec, runs: rs } of results) {
    const e = summarize(rs.map((r) => r.extension));
    const clis = rs.map((r) => r.cli).filter((c): c is Follower => typeof c !== "string");
    const c = clis.length ? summarize(clis) : undefined;
    const all = median(rs.map((r) => r.extensionAllCallsPerMinute));
    const ratio = (a: number, b: number | undefined) =>
      b && Number.isFinite(a) ? `${(a / b).toFixed(2)}×` : "n/a";
    const steady = spec.project === "steady";
    const target = (ok: boolean, text: string) => (steady ? `${text}: ${verdict(ok)}` : "");
    rows.push(
      [
        spec.label,
        "delay median",
        s(e.medianMs),
        c ? s(c.medianMs) : "n/a",
        ratio(e.medianMs, c?.medianMs),
        target(e.medianMs <= TARGET.medianMs, "≤ 0.5 s"),
      ],
      [
        spec.label,
        "delay p95",
        s(e.p95Ms),
        c ? s(c.p95Ms) : "n/a",
        ratio(e.p95Ms, c?.p95Ms),
        target(e.p95Ms <= TARGET.p95Ms, "≤ 1.0 s"),
      ],
      [spec.label, "delay max", s(e.maxMs), c ? s(c.maxMs) : "n/a", ratio(e.maxMs, c?.maxMs), ""],
      [
        spec.label,
        "last line written → delivered",
        s(e.tailLagMs),
        c ? s(c.tailLagMs) : "n/a",
        ratio(e.tailLagMs, c?.tailLagMs),
        "",
      ],
      [
        spec.label,
        "log calls per minute (extension: GetLogEvents + BatchGetBuilds; CLI: FilterLogEvents…)",
        e.callsPerMinute.toFixed(1),
        c ? c.callsPerMinute.toFixed(1) : "n/a",
        ratio(e.callsPerMinute, c?.callsPerMinute),
        target(e.callsPerMinute <= TARGET.callsPerMinute, "≤ 60/min"),
      ],
      [spec.label, "every call of the extension per minute (all its pollers)", all.toFixed(1), "", "", ""],
      [
        spec.label,
        "lines delivered (fewest of the runs)",
        `${e.delivered} / ${spec.lines}`,
        c ? `${c.delivered} / ${spec.lines}` : "n/a",
        "",
        "",
      ],
    );
    data[spec.project] = {
      spec,
      extension: e,
      cli: c ?? cliMissing,
      extensionAllCallsPerMinute: all,
      runs: rs.map((r) => ({ ...r, extension: { ...r.extension, delays: undefined } })),
    };
  }
  return {
    id: "liveLogs",
    title: "Live logs: the extension's follow path against aws logs tail --follow",
    intro:
      "The shipped bundle is loaded in Node with a stub `vscode` (scripts/bench/inProcess.ts) and its **Show Log** command is run on a build started in the simulator (speed 1, real time), " +
      "so the lines go through the extension's real follow path: BuildLogs, the followed-logs registry and its call budget, followBuildLog, and BuildPolling's status job on the PollScheduler. " +
      "At the same time `aws logs tail --follow` (AWS CLI v2, Debian) follows the same log group. The delay of a line is from the simulator writing it (its CloudWatch timestamp) " +
      "to the extension appending it to the output channel, or the CLI printing it. Calls per minute are counted by the simulator from each follower's first request to its last line. " +
      `Median of ${n} run${n === 1 ? "" : "s"} (each a new build and a fresh instance of the extension); the ratio is extension ÷ CLI in the same runs. ` +
      "The real extension host's figure is in the code-server section.",
    tables: [{ columns: ["build", "figure", "extension", "aws logs tail", "ratio", "target"], rows }],
    notes: [
      "The steady build writes one line every 500 ms; the burst build writes 2,000 lines every 100 ms for 1 s (GetLogEvents answers at most 10,000 events or 1 MB a page).",
      "A poll every T seconds gives delays spread evenly over [0, T]: a p95 ≤ 1.0 s needs T ≤ about 1 s, i.e. at least 60 GetLogEvents a minute, before the build's status polls. The follower waits 1.3 s between reads while lines arrive (src/logs/follower.ts), so it is built for about 46 reads a minute.",
      ...(cliMissing ? [`aws logs tail: ${cliMissing}`] : []),
    ],
    data,
  };
}
