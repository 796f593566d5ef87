// The extension's own parts — stores, gateways, the scheduler with its jobs, the build-log
// followers, the call budget — run against the simulator with faults injected (throttling,
// resets, stalls), while a user starts builds, releases and approves a pipeline and refreshes
// the tree. Then the faults stop, and the run says what a user would have seen: which actions
// completed or ended with which message, whether every log line arrived once and in order,
// how soon the stores agreed with AWS again, and how many calls went out a minute.
// Used by the fault-run test (a short run) and the benchmark (the full ten simulated minutes).
import { AwsClients, fixedClients } from "../../../src/aws/clients";
import { classifyError } from "../../../src/aws/errors";
import { PIPELINE_ERROR_ADVICE } from "../../../src/codepipeline/model/errors";
import { buildLogKey, BuildLogs } from "../../../src/codebuild/buildLogs";
import { CodeBuildGateway } from "../../../src/codebuild/gateway";
import { POLL } from "../../../src/codebuild/model/pollPolicy";
import { buildsToPoll } from "../../../src/codebuild/model/runningPolicy";
import { BuildStore } from "../../../src/codebuild/store";
import { CodePipelineGateway } from "../../../src/codepipeline/gateway";
import { PIPELINE_POLL } from "../../../src/codepipeline/model/pollPolicy";
import { waitingApprovals } from "../../../src/codepipeline/model/status";
import { PipelineStore } from "../../../src/codepipeline/store";
import { ActivityGate } from "../../../src/core/activityGate";
import { messageLines } from "../../../src/core/ansi";
import { CallBudget, inBackground } from "../../../src/core/callBudget";
import { PollScheduler, type PollJob } from "../../../src/core/pollScheduler";
import { isThrottling } from "../../../src/aws/errors";
import { LogsGateway } from "../../../src/logs/gateway";
import { FollowedLogs, type LineSink } from "../../../src/logs/followedLogs";
import { loadScenario } from "../../sim/scenario";
import { startSimulator, type Simulator } from "../../sim/index";

export interface FaultRunOptions {
  /** Simulated minutes of faults. */
  readonly simMinutes: number;
  /** The simulator's clock speed (simulated seconds per real second). */
  readonly speed: number;
  /** The simulator's fault spec while the run lasts. */
  readonly faults: string;
  /** The call budget's ceiling (calls a minute). */
  readonly ceiling: number;
  /** Each SDK attempt's deadline (the extension's is 12 s; shorter keeps a run short). */
  readonly attemptMs: number;
}

export interface ActionOutcome {
  readonly action: string;
  /** "ok", or the message the user was shown. */
  readonly outcome: string;
  readonly kind: string;
}

export interface FaultRunReport {
  readonly realSeconds: number;
  readonly simMinutes: number;
  readonly injected: Readonly<Partial<Record<string, number>>>;
  readonly calls: number;
  readonly backgroundCalls: number;
  readonly userAttempts: number;
  /** The most requests the simulator saw in any 60 s (real) window. */
  readonly maxCallsInAMinute: number;
  readonly ceiling: number;
  readonly actions: readonly ActionOutcome[];
  readonly log: {
    readonly expected: number;
    readonly delivered: number;
    readonly duplicates: number;
    readonly missing: number;
    readonly inOrder: boolean;
    readonly end: string | undefined;
  };
  /** Time from the faults' end until every store agreed with the simulator (undefined: never). */
  readonly convergedMs: number | undefined;
  readonly disagreements: readonly string[];
}

class RecordingSink implements LineSink {
  readonly lines: string[] = [];
  private partial = "";
  append(text: string): void {
    const parts = (this.partial + text).split("\n");
    this.partial = parts.pop() ?? "";
    for (const part of parts) this.lines.push(part);
  }
  show(): void {}
  dispose(): void {}
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(ms: number, ready: () => Promise<boolean> | boolean): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await ready()) return true;
    await sleep(200);
  }
  return ready();
}

function maxInWindow(times: readonly number[], windowMs: number): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= windowMs) start++;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

export async function runUnderFaults(options: FaultRunOptions): Promise<FaultRunReport> {
  const sim: Simulator = await startSimulator({ scenario: "demo", speed: options.speed });
  const bigLog = loadScenario("big-log");
  sim.seed({ ...bigLog, projects: (bigLog.projects ?? []).map((p) => ({ ...p, history: [] })) });
  const savedEnv = { ...process.env };
  process.env.AWS_ACCESS_KEY_ID = sim.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = sim.credentials.secretAccessKey;
  const connection = {
    profile: undefined,
    region: sim.region,
    endpoint: sim.url,
    endpointSource: "setting" as const,
  };
  const timeouts = { connectMs: 1_000, attemptMs: options.attemptMs };
  const background = new AwsClients(connection, timeouts);
  const user = new AwsClients(connection, timeouts);

  const budget = new CallBudget(options.ceiling);
  const gate = new ActivityGate();
  const pace = async (signal: AbortSignal) => {
    await gate.whenOpen(signal);
    await budget.whenRoom(signal);
  };
  const scheduler = new PollScheduler({ onError: () => undefined, isThrottling, pace });
  const store = new BuildStore(new CodeBuildGateway(fixedClients(background)), 10);
  const pipelines = new PipelineStore(new CodePipelineGateway(fixedClients(background)));
  const userBuilds = new BuildStore(new CodeBuildGateway(fixedClients(user)), 10);
  const userPipelines = new PipelineStore(new CodePipelineGateway(fixedClients(user)));
  const sinks = new Map<string, RecordingSink>();
  const followed = new FollowedLogs((name) => {
    const sink = new RecordingSink();
    sinks.set(name, sink);
    return sink;
  }, budget);
  const logs = new BuildLogs(
    store,
    new LogsGateway(fixedClients(background)),
    followed,
    (e) => classifyError(e).message,
    pace,
  );

  const add = (job: PollJob) =>
    scheduler.add({ ...job, run: (signal) => job.run(inBackground(budget, signal)) });
  const released: string[] = [];
  const jobs = [
    add({
      key: "running",
      ...POLL.running,
      run: (signal) => {
        const ids = buildsToPoll({
          running: store.runningBuilds(),
          followed: logs.followedIds(),
          followedOnScreen: logs.followedOnScreenIds(),
          holds: (id) => store.build(id) !== undefined,
          watched: store.runningBuilds().map((b) => b.id), // the tree shows them all
          expandedProjects: () => true,
          describedAt: (id) => store.describedAt(id),
          now: Date.now(),
        });
        return ids.length ? store.refreshBuilds(ids, signal) : Promise.resolve(false);
      },
    }),
    add({
      key: "pipelines",
      ...PIPELINE_POLL.pipelineState,
      run: async (signal) => {
        let changed = false;
        for (const name of released) changed = (await pipelines.refreshState(name, signal)) || changed;
        return changed || released.some((n) => pipelines.isActive(n));
      },
    }),
  ];

  const actions: ActionOutcome[] = [];
  /** A user action; told that AWS throttles or does not answer, the user tries again (three times at most). */
  const act = async (action: string, work: (signal: AbortSignal) => Promise<unknown>) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await work(new AbortController().signal);
        actions.push({ action, outcome: attempt > 1 ? `ok (try ${attempt})` : "ok", kind: "ok" });
        return;
      } catch (error) {
        // As the commands classify them (registerCommand passes the service's advice).
        const friendly = classifyError(error, { endpoint: sim.url }, PIPELINE_ERROR_ADVICE);
        const transient = friendly.kind === "throttled" || friendly.kind === "unreachable";
        if (transient && attempt < 3) continue;
        actions.push({ action, outcome: friendly.message, kind: friendly.kind });
        return;
      }
    }
  };

  const started = Date.now();
  const faultsEnd = started + (options.simMinutes * 60_000) / options.speed;
  sim.faults.configure(options.faults);
  let bigLogBuild: string | undefined;

  await act("refresh the tree", async (signal) => {
    await userBuilds.loadProjects(signal);
    await Promise.all((userBuilds.projects ?? []).map((p) => userBuilds.loadBuilds(p.name, signal)));
    await userPipelines.loadPipelines(signal);
  });
  await act("start a build of big-log and follow its log", async (signal) => {
    const build = await userBuilds.start({ projectName: "big-log", sourceVersion: "main" }, signal);
    bigLogBuild = build.id;
    store.upsert(build);
    logs.show(build, false);
  });
  await act("start a build of web-app and follow its log", async (signal) => {
    const build = await userBuilds.start({ projectName: "web-app", sourceVersion: "main" }, signal);
    store.upsert(build);
    logs.show(build, false);
  });
  await act("release web-app-release", async (signal) => {
    await userPipelines.release("web-app-release", [], signal);
    released.push("web-app-release");
  });
  await act("approve web-app-release when it waits", async (signal) => {
    // Its Source and Build stages run first (a real simulated build), under the same faults.
    const waiting = await until(
      120_000,
      () => waitingApprovals(pipelines.state("web-app-release")).length > 0,
    );
    if (!waiting)
      throw Object.assign(new Error("The approval was not seen waiting before the faults ended."), {
        name: "Timeout",
      });
    const [approval] = waitingApprovals(pipelines.state("web-app-release"));
    await userPipelines.answerApproval(
      { ...approval!, pipeline: "web-app-release", approved: true, summary: "fault run" },
      signal,
    );
  });
  while (Date.now() < faultsEnd) {
    await act("refresh the tree", async (signal) => {
      userBuilds.reset();
      userPipelines.reset();
      await userBuilds.loadProjects(signal);
      await Promise.all((userBuilds.projects ?? []).map((p) => userBuilds.loadBuilds(p.name, signal)));
      await userPipelines.loadPipelines(signal);
    });
    await sleep(Math.min(3_000, Math.max(0, faultsEnd - Date.now())));
  }

  // The faults stop: one poll of everything, and the stores must agree with AWS.
  const injected = sim.faults.counts().byKind;
  sim.faults.clear();
  const cleared = Date.now();
  scheduler.pokeAll();
  const truth = new BuildStore(new CodeBuildGateway(fixedClients(user)), 10);
  const truthPipelines = new PipelineStore(new CodePipelineGateway(fixedClients(user)));
  let disagreements: string[] = [];
  const agree = async () => {
    const ids = store.allBuilds().map((b) => b.id);
    await truth.refreshBuilds(ids);
    await Promise.all(released.map((n) => truthPipelines.refreshState(n)));
    disagreements = [
      ...ids
        .filter((id) => truth.build(id)?.status !== store.build(id)?.status)
        .map((id) => `build ${id}: ${store.build(id)?.status} vs ${truth.build(id)?.status}`),
      ...released
        .filter((n) => JSON.stringify(truthPipelines.state(n)) !== JSON.stringify(pipelines.state(n)))
        .map((n) => `pipeline ${n}`),
    ];
    return disagreements.length === 0;
  };
  const converged = await until(30_000, agree);
  const convergedMs = converged ? Date.now() - cleared : undefined;

  // The followed log, once it has been read to its end.
  await until(60_000, () => !!bigLogBuild && followed.endOf(buildLogKey(bigLogBuild)) !== undefined);
  const build = bigLogBuild ? (truth.build(bigLogBuild) ?? store.build(bigLogBuild)) : undefined;
  const expected = build?.logs
    ? sim.logs.events(build.logs.groupName, build.logs.streamName).flatMap((e) => messageLines(e.message))
    : [];
  const sink = [...sinks.entries()].find(([name]) => name.startsWith("Build: big-log"))?.[1];
  const delivered = (sink?.lines ?? []).filter((l) => !l.startsWith("────") && !l.startsWith("[AWS CI/CD]"));
  const counts = new Map<string, number>();
  for (const line of delivered) counts.set(line, (counts.get(line) ?? 0) + 1);
  const duplicates = [...counts.values()].filter((n) => n > 1).length;
  const expectedSet = new Set(expected);
  const missing = expected.filter((l) => !counts.has(l)).length;
  const inOrder = delivered.filter((l) => expectedSet.has(l)).every((l, i) => l === expected[i]);

  const logEnd = bigLogBuild ? followed.endOf(buildLogKey(bigLogBuild)) : undefined;
  for (const job of jobs) job.dispose();
  scheduler.dispose();
  followed.dispose();
  budget.dispose();
  const calls = sim.calls.length;
  const times = sim.calls.map((c) => c.at).sort((a, b) => a - b);
  background.dispose();
  user.dispose();
  await sim.close();
  process.env = savedEnv;
  return {
    realSeconds: (Date.now() - started) / 1000,
    simMinutes: options.simMinutes,
    injected,
    calls,
    backgroundCalls: budget.stats.calls,
    userAttempts: calls - budget.stats.calls,
    maxCallsInAMinute: maxInWindow(times, 60_000),
    ceiling: options.ceiling,
    actions,
    log: {
      expected: expected.length,
      delivered: delivered.length,
      duplicates,
      missing,
      inOrder,
      end: logEnd,
    },
    convergedMs,
    disagreements,
  };
}

export function describeReport(r: FaultRunReport): string {
  const lines = [
    `fault run: ${r.simMinutes} simulated minutes in ${r.realSeconds.toFixed(1)} s`,
    `  faults injected: ${
      Object.entries(r.injected)
        .map(([k, n]) => `${k} ${n}`)
        .join(", ") || "none"
    }`,
    `  calls: ${r.calls} (background ${r.backgroundCalls}, user ${r.userAttempts}); most in any minute ${r.maxCallsInAMinute} (ceiling ${r.ceiling} for background)`,
    `  log: ${r.log.delivered}/${r.log.expected} lines, ${r.log.duplicates} duplicated, ${r.log.missing} missing, in order: ${r.log.inOrder}, ended ${r.log.end ?? "?"}`,
    `  stores agreed with AWS ${r.convergedMs === undefined ? "never" : `${r.convergedMs} ms`} after the faults ended${r.disagreements.length ? ` (${r.disagreements.join("; ")})` : ""}`,
    ...r.actions.map((a) => `  ${a.action}: ${a.outcome}`),
  ];
  return lines.join("\n");
}
