// The deliver half next to the AWS CLI commands a user would run instead, on the same operation
// in the same simulator (speed 1, real time):
//   - a CodeDeploy deployment followed by the extension's store on its poll policy (DEPLOY_POLL,
//     through the one scheduler) while `aws deploy wait deployment-successful` waits for it;
//   - a CloudFormation update made by `aws cloudformation deploy` while the extension's follower
//     (followOperation, as the status bar and the stack's channel use it) reads its events.
// The figure a user feels: from the moment the operation ended (its completion time / its last
// event, as AWS records it) to the moment each tool shows it; and the calls each made.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  CodeDeployClient,
  CreateDeploymentCommand,
  GetDeploymentGroupCommand,
} from "@aws-sdk/client-codedeploy";
import { fixedClients } from "../../src/aws/clients";
import { followOperation } from "../../src/cloudformation/followOperation";
import { CloudFormationGateway } from "../../src/cloudformation/gateway";
import { StackStore } from "../../src/cloudformation/store";
import { CodeDeployGateway } from "../../src/codedeploy/gateway";
import { DEPLOY_POLL } from "../../src/codedeploy/model/pollPolicy";
import { isActive } from "../../src/codedeploy/model/status";
import { DeployStore } from "../../src/codedeploy/store";
import { PollScheduler } from "../../src/core/pollScheduler";
import { startSimulator, type Simulator } from "../../test/sim/index";
import { createSampleWorkspace } from "../lib/sampleWorkspace";
import type { BenchSection } from "./section";
import { cliEnv, clientsFor } from "./simClients";
import { median, runs, seconds } from "./stats";

const CLI = "/usr/bin/aws";

export interface Seen {
  /** From the operation's end (as AWS records it) to the tool showing it. */
  readonly endToShownMs: number;
  readonly calls: number;
  readonly callsPerMinute: number;
}

export interface DeploymentRun {
  readonly seconds: number;
  readonly extension: Seen;
  readonly cli: Seen | { readonly skipped: string };
}

export interface StackRun {
  readonly seconds: number;
  readonly events: number;
  /** Each event of the operation: from its timestamp to the follower delivering it (median). */
  readonly extensionEventMedianMs: number;
  readonly extension: Seen;
  readonly cli: Seen | { readonly skipped: string };
}

function cliMissing(): string | undefined {
  return existsSync(CLI) ? undefined : "AWS CLI v2 is not installed (apt-get install awscli)";
}

/** Runs the CLI; resolves when it exits (its exit time), rejects on a failure. */
function runCli(sim: Simulator, args: string[], timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    execFile(
      CLI,
      [...args, "--endpoint-url", sim.url],
      { env: cliEnv(sim), timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, _stdout, stderr) => {
        const at = Date.now();
        if (error)
          reject(new Error(`aws ${args.slice(0, 2).join(" ")} failed: ${stderr.trim() || error.message}`));
        else resolve(at);
      },
    );
  });
}

const callsOf = (sim: Simulator, from: number, to: number, operation: string) =>
  sim.calls.filter((c) => c.at >= from && c.at <= to && c.operation === operation).length;

const seen = (endToShownMs: number, calls: number, fromMs: number, toMs: number): Seen => ({
  endToShownMs,
  calls,
  callsPerMinute: calls / Math.max(1 / 60, (toMs - fromMs) / 60_000),
});

/** Redeploys api-service/production's current revision; both tools follow it to its end. */
async function oneDeployment(sim: Simulator): Promise<DeploymentRun> {
  const config = { endpoint: sim.url, region: sim.region, credentials: sim.credentials };
  const codedeploy = new CodeDeployClient(config);
  const clients = clientsFor(sim);
  const store = new DeployStore(new CodeDeployGateway(fixedClients(clients)), 10);
  const scheduler = new PollScheduler({ onError: () => undefined });
  try {
    const { deploymentGroupInfo } = await codedeploy.send(
      new GetDeploymentGroupCommand({ applicationName: "api-service", deploymentGroupName: "production" }),
    );
    const revision = deploymentGroupInfo?.targetRevision;
    if (!revision) throw new Error("api-service/production has no target revision");
    const startedAt = Date.now();
    const { deploymentId } = await codedeploy.send(
      new CreateDeploymentCommand({
        applicationName: "api-service",
        deploymentGroupName: "production",
        revision,
        description: "bench: the same revision again",
      }),
    );
    if (!deploymentId) throw new Error("CreateDeployment returned no id");
    const missing = cliMissing();
    const cliExit = missing
      ? undefined
      : runCli(sim, ["deploy", "wait", "deployment-successful", "--deployment-id", deploymentId], 600_000);

    // The extension: the user started it, so it is followed on DEPLOY_POLL.running until it ends.
    let extensionSaw: number | undefined;
    const ended = new Promise<void>((resolve) => {
      store.onDidChangeDeployment((d) => {
        if (d.id === deploymentId && !isActive(d) && extensionSaw === undefined) {
          extensionSaw = Date.now();
          resolve();
        }
      });
    });
    scheduler.add({
      key: "deploy:running",
      ...DEPLOY_POLL.running,
      run: () =>
        extensionSaw === undefined ? store.refreshDeployments([deploymentId]) : Promise.resolve(false),
    });
    let giveUp: NodeJS.Timeout | undefined;
    await Promise.race([ended, new Promise((r) => (giveUp = setTimeout(r, 600_000)))]);
    clearTimeout(giveUp);
    scheduler.dispose();
    const cliAt = cliExit ? await cliExit : undefined;
    const completeTime = store.deployment(deploymentId)?.completeTime?.getTime();
    if (extensionSaw === undefined || completeTime === undefined)
      throw new Error("the deployment did not end");
    return {
      seconds: (completeTime - startedAt) / 1000,
      extension: seen(
        extensionSaw - completeTime,
        callsOf(sim, startedAt, extensionSaw, "BatchGetDeployments"),
        startedAt,
        extensionSaw,
      ),
      cli:
        cliAt === undefined
          ? { skipped: missing ?? "not run" }
          : seen(cliAt - completeTime, callsOf(sim, startedAt, cliAt, "GetDeployment"), startedAt, cliAt),
    };
  } finally {
    scheduler.dispose();
    store.dispose();
    clients.dispose();
    codedeploy.destroy();
  }
}

/** `aws cloudformation deploy` updates the demo's stack; the extension's follower reads the same operation. */
async function oneStackUpdate(sim: Simulator, workspace: string, n: number): Promise<StackRun> {
  const missing = cliMissing();
  if (missing) throw new Error(missing);
  const stack = "api-service-infra";
  // A new queue each run: a change for the change set to hold.
  const template =
    readFileSync(join(workspace, "infra", "template.yaml"), "utf8").replace(
      /^Resources:\n/m,
      `Resources:\n  BenchQueue${n}:\n    Type: AWS::SQS::Queue\n`,
    ) + "\n";
  const file = join(workspace, `bench-template-${n}.yaml`);
  writeFileSync(file, template);
  const clients = clientsFor(sim);
  const store = new StackStore(new CloudFormationGateway(fixedClients(clients)));
  const stop = new AbortController();
  try {
    const startedAt = Date.now();
    const cliExit = runCli(
      sim,
      [
        "cloudformation",
        "deploy",
        "--template-file",
        file,
        "--stack-name",
        stack,
        "--capabilities",
        "CAPABILITY_IAM",
      ],
      600_000,
    );
    // The extension follows the operation from the moment it was started (as for a user who ran
    // the CLI in VS Code's terminal and opened the stack): until a terminal status stamped after it.
    await store.loadStacks();
    const followFrom = Date.now();
    const delays: number[] = [];
    let lastEventAt = 0;
    let lastShownAt = 0;
    let events = 0;
    await followOperation({
      refresh: () => store.loadEvents(stack),
      events: () => store.events(stack) ?? [],
      running: () => store.isInProgress(stack),
      onEvents: (fresh) => {
        const now = Date.now();
        for (const e of fresh) {
          if (e.timestamp.getTime() < startedAt - 1000) continue;
          events++;
          delays.push(now - e.timestamp.getTime());
          if (e.timestamp.getTime() >= lastEventAt) {
            lastEventAt = e.timestamp.getTime();
            lastShownAt = now;
          }
        }
      },
      onError: () => undefined,
      signal: stop.signal,
      startedAt: new Date(startedAt),
    });
    const cliAt = await cliExit;
    return {
      seconds: (lastEventAt - startedAt) / 1000,
      events,
      extensionEventMedianMs: median(delays),
      extension: seen(
        lastShownAt - lastEventAt,
        callsOf(sim, followFrom, lastShownAt, "DescribeStackEvents"),
        followFrom,
        lastShownAt,
      ),
      cli: seen(
        cliAt - lastEventAt,
        callsOf(sim, startedAt, cliAt, "DescribeStacks") +
          callsOf(sim, startedAt, cliAt, "DescribeChangeSet"),
        startedAt,
        cliAt,
      ),
    };
  } finally {
    stop.abort();
    store.dispose();
    clients.dispose();
  }
}

export interface DeliverVsCli {
  readonly deployments: DeploymentRun[];
  readonly stackUpdates: StackRun[];
}

export async function benchDeliverVsCli(tmp: string): Promise<DeliverVsCli> {
  const sim = await startSimulator({ scenario: "demo", speed: 1 });
  try {
    const deployments: DeploymentRun[] = [];
    for (let i = 0; i < runs(3, 1); i++) deployments.push(await oneDeployment(sim));
    mkdirSync(tmp, { recursive: true });
    const workspace = createSampleWorkspace(join(tmp, "bench-deliver-workspace"), { fresh: true });
    const stackUpdates: StackRun[] = [];
    for (let i = 0; i < runs(3, 1); i++) stackUpdates.push(await oneStackUpdate(sim, workspace, i));
    return { deployments, stackUpdates };
  } finally {
    await sim.close();
  }
}

const secondsOf = (values: number[]) => seconds(median(values));
const perMinute = (values: number[]) => median(values).toFixed(1);

function cliSeen(runs: readonly { cli: Seen | { skipped: string } }[]): Seen[] {
  return runs.flatMap((r) => ("skipped" in r.cli ? [] : [r.cli]));
}

/** A table row: the figure of the extension's runs and of the CLI's (medians), "not run" without a CLI. */
function compare(
  operation: string,
  figure: string,
  runs: readonly { extension: Seen }[],
  cli: readonly Seen[],
  value: (seen: Seen) => number,
  format: (values: number[]) => string,
): string[] {
  return [
    operation,
    figure,
    format(runs.map((r) => value(r.extension))),
    cli.length ? format(cli.map(value)) : "not run",
  ];
}

export async function run(): Promise<BenchSection> {
  const data = await benchDeliverVsCli(join(__dirname, "../../test-results"));
  const d = data.deployments;
  const s = data.stackUpdates;
  const dCli = cliSeen(d);
  const sCli = cliSeen(s);
  return {
    id: "deliverVsCli",
    title: "Deployments and stack updates: the extension next to the AWS CLI",
    intro:
      `The same operation followed by both, in the simulator at real speed (medians of ${d.length} deployment(s) and ${s.length} stack update(s)). ` +
      "A redeploy of api-service/production (three instances one at a time) followed by the extension's store on its poll policy " +
      "(BatchGetDeployments through the scheduler, as for a deployment the user started) while `aws deploy wait deployment-successful` " +
      "waits for it; an update of api-service-infra made by `aws cloudformation deploy` (which prints no event, only the end) while the " +
      "extension's follower reads its events. 'End → shown' is from the moment AWS records the end (the deployment's completeTime, the " +
      "operation's last event) to the moment the tool shows it.",
    tables: [
      {
        columns: ["operation", "figure", "extension", "AWS CLI"],
        rows: [
          compare("deployment", "end → shown (median)", d, dCli, (r) => r.endToShownMs, secondsOf),
          compare(
            "deployment",
            "calls per minute (BatchGetDeployments / GetDeployment)",
            d,
            dCli,
            (r) => r.callsPerMinute,
            perMinute,
          ),
          ["deployment", "lasted", secondsOf(d.map((r) => r.seconds * 1000)), ""],
          compare("stack update", "end → shown (median)", s, sCli, (r) => r.endToShownMs, secondsOf),
          [
            "stack update",
            "each event → shown (median)",
            secondsOf(s.map((r) => r.extensionEventMedianMs)),
            "prints no events",
          ],
          compare(
            "stack update",
            "calls per minute (DescribeStackEvents / DescribeStacks + DescribeChangeSet)",
            s,
            sCli,
            (r) => r.callsPerMinute,
            perMinute,
          ),
          [
            "stack update",
            "events / lasted",
            `${median(s.map((r) => r.events))} / ${secondsOf(s.map((r) => r.seconds * 1000))}`,
            "",
          ],
        ],
      },
    ],
    data,
  };
}

if (require.main === module) {
  run().then(
    (section) => console.log(JSON.stringify(section, null, 2)),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
