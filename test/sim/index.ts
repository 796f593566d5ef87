// The AWS simulator's programmatic API (see README.md). Used by integration tests, the e2e
// suite, the benchmark and `npm run sim`.
import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import { Clock } from "./clock";
import { seedCloudFormation } from "./cloudformation-scenario";
import { seedCloudWatch } from "./cloudwatch-scenario";
import { seedCodeDeploy } from "./codedeploy-scenario";
import { SIM_ACCOUNT_ID, SIM_CREDENTIALS, SIM_DEFAULT_REGION } from "./constants";
import { BuildEngine } from "./engine";
import { toFaultConfig } from "./fault-spec";
import { FaultTable, type FaultConfig, type Faults } from "./faults";
import { QuotaBuckets, type Quotas } from "./quota-buckets";
import type { RateQuota } from "./quotas";
import { PipelineEngine, stageRunOf } from "./pipeline-engine";
import { sourceTrigger } from "./pipeline-seed";
import { seedS3 } from "./s3-scenario";
import { loadScenario, validateScenario, type Scenario } from "./scenario";
import { seedScenario } from "./seed";
import type { FrontEnd, ServiceDef } from "./protocol";
import { createSimServer, type SimCall } from "./server";
import { SERVICES } from "./services";
import { World } from "./state";

export { SIM_ACCOUNT_ID, SIM_CREDENTIALS, SIM_DEFAULT_REGION } from "./constants";
export { describeCounts, FAULT_KINDS } from "./faults";
export type { FaultConfig, FaultCounts, FaultKind, FaultRule, Faults, FaultState } from "./faults";
export { parseFaultSpec, formatFaultSpec, FaultSpecError } from "./fault-spec";
export { awsJson1_0, awsJson1_1 } from "./json-protocol";
export type { FrontEnd, ServiceDef } from "./protocol";
export type { BuildBehavior, HistoryEntry, PhaseScript, ProjectSpec, Scenario } from "./scenario";
export type { ActionSpec, CommitSpec, ExecutionSpec, PipelineSpec, StageSpec } from "./pipeline-scenario";
export type { SimCall } from "./server";

export interface SimulatorOptions {
  /** 0 (default) = any free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Scenario name (test/sim/scenarios/<name>.json), path to a .json file, or a scenario object. Default: none (empty). */
  scenario?: string | Scenario;
  /** Simulated seconds per wall second. Default 1. */
  speed?: number;
  /** Region the scenario is seeded into (overrides the scenario's own). Default us-east-1. */
  region?: string;
  /** Called after each request (answered or not: see SimCall.status). */
  onCall?: (call: SimCall) => void;
  /** Faults to inject from the start: a spec string (README.md "Faults") or a config.
   *  Replaces the scenario's `faults`. */
  faults?: string | FaultConfig;
  /** Enforce AWS's request-rate quotas (quotas.ts, or these): a token bucket per operation per
   *  account and region; a request over it gets the service's throttling error. Default off. */
  quotas?: boolean | readonly RateQuota[];
  /** Services served besides the built-in ones (services.ts), e.g. a test's own. */
  services?: readonly ServiceDef[];
  /** Front-ends tried before the built-in ones (front-ends.ts), e.g. a test's own. */
  frontEnds?: readonly FrontEnd[];
}

export interface SimLogs {
  /** Appends events stamped now; creates the group and stream if needed. */
  append(group: string, stream: string, messages: string[], region?: string): void;
  /** The stream's events in order ([] if it does not exist). */
  events(group: string, stream: string, region?: string): { timestamp: number; message: string }[];
}

export interface SimPipelines {
  /** The token of the manual approval waiting in `stage`/`action` of the pipeline's latest
   *  execution of that stage, or undefined when nothing waits there. */
  approvalToken(pipeline: string, stage: string, action: string, region?: string): string | undefined;
  /** A change pushed to the pipeline's source: it becomes the head commit, and an execution
   *  starts the way a push starts one (CloudWatchEvent, WebhookV2, …). Returns its id. */
  push(pipeline: string, commit: { message: string; id?: string }, region?: string): string;
}

export interface Simulator {
  url: string;
  port: number;
  /** The seeded (default) region. */
  region: string;
  speed: number;
  credentials: { accessKeyId: string; secretAccessKey: string };
  accountId: string;
  /** Every request, in the order they ended. */
  calls: SimCall[];
  faults: Faults;
  /** Request-rate quotas (off unless enabled here or by the `quotas` option) and their use. */
  quotas: Quotas;
  logs: SimLogs;
  pipelines: SimPipelines;
  /** Adds a scenario's projects and pipelines (and history) to a region (default: the seeded region). */
  seed(scenario: Scenario | string, region?: string): void;
  close(): Promise<void>;
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const clock = new Clock(opts.speed ?? 1);
  const world = new World(SIM_ACCOUNT_ID);
  const engine = new BuildEngine(clock);
  const pipelineEngine = new PipelineEngine(clock, engine);
  const faults = new FaultTable();
  const quotas = new QuotaBuckets();
  if (opts.quotas) quotas.enable(opts.quotas === true ? undefined : opts.quotas);
  const calls: SimCall[] = [];
  const scenario = typeof opts.scenario === "string" ? loadScenario(opts.scenario) : opts.scenario;
  if (scenario) validateScenario(scenario);
  const region = opts.region ?? scenario?.region ?? SIM_DEFAULT_REGION;
  const faultConfig = opts.faults ?? scenario?.faults;
  if (faultConfig !== undefined) faults.configure(toFaultConfig(faultConfig));

  const seed = (s: Scenario | string, r?: string): void => {
    const sc = typeof s === "string" ? loadScenario(s) : s;
    validateScenario(sc);
    const into = r ?? region;
    seedScenario(world.region(into), engine, pipelineEngine, sc, clock.now());
    // S3 first: CodeDeploy's revisions and CloudFormation's nested templates are read from it.
    seedS3(world, into, sc.s3, clock.now());
    seedCloudWatch(world, into, engine, pipelineEngine, sc.cloudwatch, clock.now());
    seedCodeDeploy(world, into, clock, sc.codedeploy, clock.now());
    seedCloudFormation(world.region(into), world.s3, sc.cloudformation, clock.now());
  };
  if (scenario) seed(scenario, region);

  const { server, settled } = createSimServer({
    world,
    engine,
    pipelines: pipelineEngine,
    clock,
    faults,
    quotas,
    services: [...SERVICES, ...(opts.services ?? [])],
    ...(opts.frontEnds ? { frontEnds: opts.frontEnds } : {}),
    secrets: new Map([[SIM_CREDENTIALS.accessKeyId, SIM_CREDENTIALS.secretAccessKey]]),
    onCall: (call) => {
      calls.push(call);
      opts.onCall?.(call);
    },
  });
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closed: Promise<void> | undefined;

  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    region,
    speed: clock.speed,
    credentials: { ...SIM_CREDENTIALS },
    accountId: SIM_ACCOUNT_ID,
    calls,
    faults,
    quotas,
    logs: {
      append(group, stream, messages, r) {
        const store = world.region(r ?? region).logs;
        const now = clock.now();
        store.append(
          store.ensureStream(group, stream, now),
          messages.map((message) => ({ timestamp: now, message })),
          now,
        );
      },
      events(group, stream, r) {
        const s = world.region(r ?? region).logs.stream(group, stream);
        return (s?.events ?? []).map((e) => ({ timestamp: e.timestamp, message: e.message }));
      },
    },
    pipelines: {
      approvalToken(pipeline, stage, action, r) {
        const p = world.region(r ?? region).pipelines.get(pipeline);
        const latest = p?.stageLatest.get(stage);
        const run = latest ? stageRunOf(latest, stage)?.actions.get(action) : undefined;
        return run?.status === "InProgress" ? run.token : undefined;
      },
      push(pipeline, commit, r) {
        const p = world.region(r ?? region).pipelines.get(pipeline);
        if (!p) throw new Error(`no pipeline ${pipeline} in ${r ?? region}`);
        p.head = {
          id:
            commit.id ??
            createHash("sha1").update(`${pipeline}\n${commit.message}\n${clock.now()}`).digest("hex"),
          message: commit.message,
        };
        return pipelineEngine.start(p, { trigger: sourceTrigger(p), commit: p.head }).id;
      },
    },
    seed,
    close() {
      closed ??= new Promise<void>((resolve) => {
        clock.dispose();
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(settled);
      return closed;
    },
  };
}
