// `npm run bench`: activation cost, bundle and VSIX sizes, live-log latency and throughput,
// API calls per minute while following a build, and `aws logs tail --follow` for comparison.
// Prints a table and writes test-results/bench.json. Numbers, not pass/fail: budgets are
// checked here and reported, never in timed tests.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { AwsClients, fixedClients } from "../src/aws/clients";
import { CodeBuildGateway } from "../src/codebuild/gateway";
import { LogsGateway } from "../src/logs/gateway";
import { CodePipelineGateway } from "../src/codepipeline/gateway";
import { BuildStore } from "../src/codebuild/store";
import { PipelineStore } from "../src/codepipeline/store";
import { followBuildLog } from "../src/codebuild/followBuild";
import { POLL } from "../src/codebuild/model/pollPolicy";
import { PIPELINE_POLL } from "../src/codepipeline/model/pollPolicy";
import { PollScheduler } from "../src/core/pollScheduler";
import { matchProblems } from "../src/codebuild/model/problemMatchers";
import { sleep } from "../src/core/sleep";
import type { LogEvent } from "../src/logs/types";
import { describeReport, runUnderFaults, type FaultRunReport } from "../test/integration/helpers/fault-run";
import { startSimulator, type Simulator } from "../test/sim/index";
import { benchCloudFormation, type CloudFormationBench } from "./bench/cloudformation";
import { benchParsers } from "./bench/parsers";

const root = join(__dirname, "..");
const results: Record<string, unknown> = {};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

function sizes(): void {
  // Always a fresh production build and VSIX: the figures are of what is shipped now.
  execFileSync("npm", ["run", "--silent", "package"], { cwd: root, stdio: "ignore" });
  results.bundleBytes = statSync(join(root, "dist/extension.js")).size;
  results.vsixBytes = statSync(join(root, "dist/aws-cicd.vsix")).size;
}

interface ActivationRun {
  requireMs: number;
  activateMs: number;
  networkModulesAtLoad: string[];
  networkModulesInActivate: string[];
  lazyModulesInActivation: string[];
  lazyModulesInFirstSecond: string[];
  socketsInActivation: number;
  socketsInFirstSecond: number;
}

/** Activation of the shipped bundle, ten times, each in a fresh process (see bench/activation.ts). */
function activation(): void {
  const runs = Array.from(
    { length: 10 },
    () =>
      JSON.parse(
        execFileSync("node", ["--import", "tsx", "scripts/bench/activation.ts", "dist/extension.js"], {
          cwd: root,
          encoding: "utf8",
          stdio: ["ignore", "pipe", "ignore"],
          env: {
            ...process.env,
            AWS_CONFIG_FILE: "/nonexistent",
            AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
          },
        }),
      ) as ActivationRun,
  );
  const unique = (f: (r: ActivationRun) => string[]) => [...new Set(runs.flatMap(f))];
  results.activation = {
    runs: runs.length,
    requireMsMedian: median(runs.map((r) => r.requireMs)),
    activateMsMedian: median(runs.map((r) => r.activateMs)),
    requireAndActivateMsMedian: median(runs.map((r) => r.requireMs + r.activateMs)),
    networkModulesLoaded: unique((r) => [...r.networkModulesAtLoad, ...r.networkModulesInActivate]),
    lazyModulesInActivation: unique((r) => r.lazyModulesInActivation),
    lazyModulesInFirstSecond: unique((r) => r.lazyModulesInFirstSecond),
    socketsInActivation: Math.max(...runs.map((r) => r.socketsInActivation)),
    socketsInFirstSecond: Math.max(...runs.map((r) => r.socketsInFirstSecond)),
  };
}

/** The SDK clients against a simulator, with its keys from the environment (the real credential chain). */
function clientsFor(sim: Simulator): AwsClients {
  process.env.AWS_ACCESS_KEY_ID = sim.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = sim.credentials.secretAccessKey;
  return new AwsClients({
    profile: undefined,
    region: sim.region,
    endpoint: sim.url,
    endpointSource: "setting",
  });
}

interface FollowMeasure {
  lines: number;
  medianDelayMs: number;
  p90DelayMs: number;
  maxDelayMs: number;
  linesPerSecond: number;
  logCallsPerMinute: number;
  totalCallsPerMinute: number;
  durationS: number;
}

/** Follows one build exactly as the extension does (default follower settings; its status polled every POLL.followedStatusMs). */
async function followOne(sim: Simulator, project: string): Promise<FollowMeasure> {
  const clients = clientsFor(sim);
  const store = new BuildStore(new CodeBuildGateway(fixedClients(clients)), 10);
  const logs = new LogsGateway(fixedClients(clients));
  const build = await store.start({ projectName: project }, new AbortController().signal);
  const firstCall = sim.calls.length;
  const started = Date.now();
  const delays: number[] = [];
  let lines = 0;
  let firstEvent = Infinity;
  let lastDelivery = 0;
  const stop = new AbortController();
  const poller = (async () => {
    while (!stop.signal.aborted && !store.build(build.id)?.complete) {
      if (await sleep(POLL.followedStatusMs, stop.signal)) await store.refreshBuilds([build.id]);
    }
  })();
  await followBuildLog({
    store,
    logs,
    build,
    signal: stop.signal,
    onLines: (batch: string[], events: readonly LogEvent[]) => {
      const now = Date.now();
      lines += batch.length;
      lastDelivery = now;
      for (const e of events) {
        const ts = e.timestamp ?? now;
        firstEvent = Math.min(firstEvent, ts);
        const n = (e.message ?? "").replace(/\n$/, "").split("\n").length;
        for (let i = 0; i < n; i++) delays.push(now - ts);
      }
    },
  });
  stop.abort();
  await poller;
  const minutes = (Date.now() - started) / 60_000;
  // The calls following makes: the log reads and the build's status (not the StartBuild).
  const calls = sim.calls.slice(firstCall).filter((c) => /GetLogEvents|BatchGetBuilds/.test(c.target));
  const logCalls = calls.filter((c) => c.target.endsWith("GetLogEvents")).length;
  clients.dispose();
  return {
    lines,
    medianDelayMs: median(delays),
    p90DelayMs: percentile(delays, 90),
    maxDelayMs: Math.max(...delays),
    linesPerSecond: lines / Math.max(0.001, (lastDelivery - firstEvent) / 1000),
    logCallsPerMinute: logCalls / minutes,
    totalCallsPerMinute: calls.length / minutes,
    durationS: minutes * 60,
  };
}

/** `aws logs tail --follow` (AWS CLI v2) on the same kind of build, for comparison. */
async function awsCliTail(
  sim: Simulator,
  project: string,
): Promise<{ medianDelayMs: number; lines: number } | string> {
  const cli = "/usr/bin/aws";
  if (!existsSync(cli)) return "AWS CLI v2 is not installed (apt-get install awscli)";
  const version = execFileSync(cli, ["--version"], { encoding: "utf8" });
  if (!version.startsWith("aws-cli/2")) return `not AWS CLI v2: ${version.trim()}`;
  const clients = clientsFor(sim);
  const store = new BuildStore(new CodeBuildGateway(fixedClients(clients)), 10);
  const build = await store.start({ projectName: project }, new AbortController().signal);
  const group = `/aws/codebuild/${project}`;
  // CLI 2.9 (Debian) predates AWS_ENDPOINT_URL: pass the endpoint explicitly.
  const args = [
    "logs",
    "tail",
    group,
    "--follow",
    "--since",
    "1m",
    "--format",
    "detailed",
    "--endpoint-url",
    sim.url,
  ];
  const tail = spawn(cli, args, {
    env: {
      ...process.env,
      AWS_ENDPOINT_URL: sim.url,
      AWS_REGION: sim.region,
      AWS_DEFAULT_REGION: sim.region,
      AWS_PAGER: "",
      AWS_CONFIG_FILE: "/nonexistent",
      AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
    },
    stdio: ["ignore", "pipe", "ignore"],
  });
  const delays: number[] = [];
  let buffer = "";
  tail.stdout.on("data", (chunk: Buffer) => {
    const now = Date.now();
    buffer += chunk.toString();
    const parts = buffer.split("\n");
    buffer = parts.pop() ?? "";
    for (const line of parts) {
      const ts = Date.parse(line.split(" ")[0] ?? "");
      if (!Number.isNaN(ts)) delays.push(now - ts);
    }
  });
  for (let i = 0; i < 600 && !store.build(build.id)?.complete; i++) {
    await new Promise((r) => setTimeout(r, 500));
    await store.refreshBuilds([build.id]);
  }
  await new Promise((r) => setTimeout(r, 8000));
  tail.kill();
  clients.dispose();
  return delays.length
    ? { medianDelayMs: median(delays), lines: delays.length }
    : "aws logs tail printed nothing";
}

/** Problem matchers over a 5,000-line failed-build log (npm noise with compiler, lint and test errors). */
function problemMatching(): void {
  const noise = [
    "[Container] 2026/11/29 10:00:01.123456 Running command npm run build",
    "> web-app@1.4.0 build",
    "vite v5.4.2 building for production...",
    "transforming (412) src/components/Cart.tsx",
    "  dist/assets/index-C8fJ2mNq.js   211.06 kB │ gzip: 67.12 kB",
  ];
  const errors = [
    "src/app.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'.",
    "src/lib/math.js:10:3: Unexpected var, use let or const instead. [Error/no-var]",
    "src/parse.c:57:12: error: 'buf' undeclared (first use in this function)",
    "internal/store/db.go:88:2: undefined: sqlOpen",
    "      at Object.<anonymous> (src/cart.test.ts:13:26)",
  ];
  const lines = Array.from({ length: 5000 }, (_, i) =>
    i % 50 === 0 ? errors[(i / 50) % errors.length]! : noise[i % noise.length]!,
  );
  const times: number[] = [];
  let found = 0;
  for (let run = 0; run < 10; run++) {
    const t0 = performance.now();
    found = matchProblems(lines).length;
    times.push(performance.now() - t0);
  }
  results.problemMatching5000 = { medianMs: median(times), problems: found };
}

async function main(): Promise<void> {
  sizes();
  activation();
  problemMatching();
  results.parsers = await benchParsers();
  // Ten simulated minutes under faults, with the extension's own deadlines (12 s an attempt).
  results.faultRun = await runUnderFaults({
    simMinutes: 10,
    speed: 10,
    faults: "throttle=0.3,reset=0.05,stall=0.01,seed=11",
    ceiling: 120,
    attemptMs: 12_000,
  });
  const big = await startSimulator({ scenario: "big-log", speed: 1 });
  try {
    results.follow20k = await followOne(big, "big-log");
  } finally {
    await big.close();
  }
  const demo = await startSimulator({ scenario: "demo", speed: 1 });
  try {
    results.followTypical = await followOne(demo, "web-app");
    results.awsCliTail = await awsCliTail(demo, "web-app");
  } finally {
    await demo.close();
  }
  const many = await startSimulator({ scenario: "many-projects", speed: 1 });
  try {
    const clients = clientsFor(many);
    const store = new BuildStore(new CodeBuildGateway(fixedClients(clients)), 10);
    const t0 = Date.now();
    const projects = await store.loadProjects();
    results.refresh250Projects = { projects: projects.length, calls: many.calls.length, ms: Date.now() - t0 };
    clients.dispose();
  } finally {
    await many.close();
  }

  const manyPipelines = await startSimulator({ scenario: "many-pipelines", speed: 1 });
  try {
    const clients = clientsFor(manyPipelines);
    const store = new PipelineStore(new CodePipelineGateway(fixedClients(clients)));
    const t0 = Date.now();
    // What the tree does: list (paged), then one GetPipelineState per pipeline row it draws.
    const pipelines = await store.loadPipelines();
    await Promise.all(pipelines.map((p) => store.refreshState(p.name)));
    const byOp = (op: string) => manyPipelines.calls.filter((c) => c.target.endsWith(`.${op}`)).length;
    results.refresh200Pipelines = {
      pipelines: pipelines.length,
      listPipelines: byOp("ListPipelines"),
      getPipelineState: byOp("GetPipelineState"),
      other: manyPipelines.calls.length - byOp("ListPipelines") - byOp("GetPipelineState"),
      ms: Date.now() - t0,
    };
    // An expanded pipeline that is moving, polled for 30 s by the extension's scheduler and policy.
    const name = pipelines[0]?.name ?? "";
    await store.release(name, [], new AbortController().signal);
    const scheduler = new PollScheduler({ onError: () => undefined });
    const before = manyPipelines.calls.length;
    const started = Date.now();
    scheduler.add({
      key: "pipeline",
      ...PIPELINE_POLL.pipelineState,
      run: async () => (await store.refreshState(name)) || store.isActive(name),
    });
    await new Promise((r) => setTimeout(r, 30_000));
    scheduler.dispose();
    const minutes = (Date.now() - started) / 60_000;
    results.expandedPipelineCallsPerMinute = (manyPipelines.calls.length - before) / minutes;
    clients.dispose();
  } finally {
    await manyPipelines.close();
  }

  results.cloudformation = await benchCloudFormation(join(root, "test-results"));

  const a = results.activation as {
    requireMsMedian: number;
    activateMsMedian: number;
    requireAndActivateMsMedian: number;
    networkModulesLoaded: string[];
    lazyModulesInActivation: string[];
    lazyModulesInFirstSecond: string[];
    socketsInActivation: number;
  };
  const bundleKiB = (results.bundleBytes as number) / 1024;
  const within = (ok: boolean) => (ok ? "within target" : "OVER TARGET");
  const f = results.follow20k as FollowMeasure;
  const pm = results.problemMatching5000 as { medianMs: number; problems: number };
  const t = results.followTypical as FollowMeasure;
  const cli = results.awsCliTail;
  const r = results.refresh250Projects as { projects: number; calls: number; ms: number };
  const p = results.refresh200Pipelines as {
    listPipelines: number;
    getPipelineState: number;
    other: number;
    ms: number;
  };
  const rows: [string, string][] = [
    [
      "activation bundle dist/extension.js (minified; target ≤ 150 KiB)",
      `${kb(results.bundleBytes as number)} (${within(bundleKiB <= 150)})`,
    ],
    ["VSIX (rebuilt now)", kb(results.vsixBytes as number)],
    ["require(bundle), median of 10", `${a.requireMsMedian.toFixed(1)} ms`],
    ["activate(), median of 10", `${a.activateMsMedian.toFixed(2)} ms`],
    [
      "require + activate(), median of 10 (target ≤ 20 ms)",
      `${a.requireAndActivateMsMedian.toFixed(1)} ms (${within(a.requireAndActivateMsMedian <= 20)})`,
    ],
    [
      "lazy modules (SDK, credentials, yaml, simple-git) loaded by activation",
      a.lazyModulesInActivation.length ? a.lazyModulesInActivation.join(", ") : "none",
    ],
    [
      "lazy modules loaded in the second after (no view open)",
      a.lazyModulesInFirstSecond.join(", ") || "none",
    ],
    [
      "network modules loaded / sockets opened by activation",
      `${a.networkModulesLoaded.length ? a.networkModulesLoaded.join(",") : "none"} / ${a.socketsInActivation}`,
    ],
    [
      "problem matchers over a 5,000-line log, median of 10",
      `${pm.medianMs.toFixed(1)} ms (${pm.problems} problems)`,
    ],
    ["20,000-line build: lines delivered", String(f.lines)],
    [
      "20,000-line build: delay median / p90 / max",
      `${f.medianDelayMs} / ${f.p90DelayMs} / ${f.maxDelayMs} ms`,
    ],
    ["20,000-line build: throughput", `${f.linesPerSecond.toFixed(0)} lines/s`],
    [
      "20,000-line build: GetLogEvents / +BatchGetBuilds per minute",
      `${f.logCallsPerMinute.toFixed(1)} / ${f.totalCallsPerMinute.toFixed(1)}`,
    ],
    ["typical build (web-app): delay median / p90", `${t.medianDelayMs} / ${t.p90DelayMs} ms`],
    [
      "typical build (web-app): GetLogEvents / +BatchGetBuilds per minute",
      `${t.logCallsPerMinute.toFixed(1)} / ${t.totalCallsPerMinute.toFixed(1)}`,
    ],
    [
      "aws logs tail --follow (CLI v2), same build: delay median",
      typeof cli === "string" ? `n/a: ${cli}` : `${(cli as { medianDelayMs: number }).medianDelayMs} ms`,
    ],
    ["refresh of 250 projects: calls / time", `${r.calls} / ${r.ms} ms`],
    [
      "refresh of 200 pipelines: ListPipelines / GetPipelineState / other / time",
      `${p.listPipelines} / ${p.getPipelineState} / ${p.other} / ${p.ms} ms`,
    ],
    [
      "an expanded pipeline while it runs: GetPipelineState per minute",
      (results.expandedPipelineCallsPerMinute as number).toFixed(1),
    ],
  ];
  const cfn = results.cloudformation as CloudFormationBench;
  rows.push(
    [
      "refresh of 250 stacks: ListStacks / time",
      `${cfn.refresh250Stacks.listStacks} / ${cfn.refresh250Stacks.ms} ms`,
    ],
    ["expanding a stack (details, resources, events): calls", cfn.expandStack.calls.join(", ")],
    [
      "a followed stack update: DescribeStackEvents per minute / event delay median / max",
      `${cfn.followUpdate.describeStackEventsPerMinute.toFixed(1)} / ${cfn.followUpdate.medianDelayMs} / ${cfn.followUpdate.maxDelayMs} ms`,
    ],
  );
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log("\nAWS CI/CD benchmark");
  for (const [k, v] of rows) console.log(`  ${k.padEnd(width)}  ${v}`);
  console.log(`\n${describeReport(results.faultRun as FaultRunReport)}`);
  console.log(`\nParsers on pathological lines (ms, median):\n${results.parsers as string}`);
  mkdirSync(join(root, "test-results"), { recursive: true });
  writeFileSync(join(root, "test-results/bench.json"), JSON.stringify(results, null, 2));
  console.log("\n(written to test-results/bench.json)");
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
