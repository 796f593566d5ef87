// CloudWatch's section of `npm run bench` (also `node --import tsx scripts/bench/cloudwatch.ts`,
// which prints JSON): what CloudWatch costs on the API, measured against the simulator's demo with
// the extension's own gateways, stores and tail loops: calls per alarm refresh (and with 238
// alarms), the alarm poll over ten minutes of nothing changing, an alarm details refresh, and a
// minute of tailing (20 s with BENCH_QUICK=1) — Live Tail and polling, one and two log groups —
// with the calls it took and how late events arrived. Numbers, not pass/fail.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CloudWatchClient, PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import { AwsClients, fixedClients } from "../../src/aws/clients";
import { CloudWatchGateway } from "../../src/cloudwatch/gateway";
import { ALARM_POLL } from "../../src/cloudwatch/model/pollPolicy";
import type { MetricAlarm } from "../../src/cloudwatch/model/types";
import { AlarmStore } from "../../src/cloudwatch/store";
import { PollScheduler } from "../../src/core/pollScheduler";
import { sleep } from "../../src/core/sleep";
import { runTail } from "../../src/logs/tail";
import { TailGateway } from "../../src/logs/tailGateway";
import { startSimulator, type Simulator } from "../../test/sim/index";
import type { BenchSection } from "./section";
import { clientsFor } from "./simClients";
import { QUICK } from "./stats";

const TAIL_SECONDS = QUICK ? 20 : 60;

interface AlarmFigures {
  demoRefresh: { alarms?: number; describeAlarmsCalls: number };
  refreshWith238Alarms: { alarms?: number; describeAlarmsCalls: number };
  alarmDetailsRefreshCalls: (string | undefined)[];
  visibleTreeQuietTenMinutes: { polls: number; atSeconds: number[] };
}

interface TailFigures {
  seconds: number;
  events: number;
  filterLogEventsCalls: number;
  startLiveTailCalls: number;
  lagMsMedian: number | null;
  lagMsP95: number | null;
}

interface CloudWatchBench {
  alarms?: AlarmFigures;
  tails?: Record<string, TailFigures>;
}

const results: CloudWatchBench = {};
const count = (sim: Simulator, operation: string, since = 0) =>
  sim.calls.slice(since).filter((c) => c.operation === operation).length;

async function alarms(sim: Simulator, clients: AwsClients): Promise<void> {
  const store = new AlarmStore(new CloudWatchGateway(fixedClients(clients)));
  let at = sim.calls.length;
  await store.loadList();
  const demo = { alarms: store.alarms?.length, describeAlarmsCalls: count(sim, "DescribeAlarms", at) };
  const cw = new CloudWatchClient({ endpoint: sim.url, region: sim.region, credentials: sim.credentials });
  for (let i = 0; i < 230; i++)
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: `bulk-${i}`,
        Namespace: "Bulk",
        MetricName: "M",
        Statistic: "Sum",
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: "GreaterThanThreshold",
      }),
    );
  cw.destroy();
  at = sim.calls.length;
  await store.loadList();
  const many = { alarms: store.alarms?.length, describeAlarmsCalls: count(sim, "DescribeAlarms", at) };
  // An alarm details refresh: the alarm, its metric over 3 h, its history over 24 h.
  const alarm = store.alarm("api-service-5xx-rate") as MetricAlarm;
  at = sim.calls.length;
  const end = new Date();
  await store.refreshNames([alarm.name]);
  await store.metricData(alarm, new Date(end.getTime() - 3 * 3_600_000), end, new AbortController().signal);
  await store.history(alarm.name, new Date(end.getTime() - 24 * 3_600_000), new AbortController().signal);
  const panel = sim.calls.slice(at).map((c) => c.operation);
  store.dispose();

  // The scheduler's waits while nothing changes, run at 1/60 of the time: a second stands for a minute.
  const scale = 60;
  const polls: number[] = [];
  const scheduler = new PollScheduler({ onError: () => undefined });
  const started = Date.now();
  scheduler.add({
    key: "alarms",
    intervalMs: ALARM_POLL.visible.intervalMs / scale,
    maxIntervalMs: ALARM_POLL.visible.maxIntervalMs / scale,
    run: () => {
      polls.push(((Date.now() - started) * scale) / 1000);
      return Promise.resolve(false);
    },
  });
  await sleep((10 * 60_000) / scale);
  scheduler.dispose();
  results.alarms = {
    demoRefresh: demo,
    refreshWith238Alarms: many,
    alarmDetailsRefreshCalls: panel,
    visibleTreeQuietTenMinutes: { polls: polls.length, atSeconds: polls.map((s) => Math.round(s)) },
  };
}

async function tails(sim: Simulator, clients: AwsClients): Promise<void> {
  const api = new TailGateway(fixedClients(clients));
  const { groups } = await api.describeLogGroups({ prefix: "/app/", max: 10 }, new AbortController().signal);
  const out: Record<string, TailFigures> = {};
  for (const [name, preferPolling, target] of [
    ["live, 1 group", false, { groups: groups.slice(0, 1) }],
    ["polling, 1 group", true, { groups: groups.slice(0, 1) }],
    ["polling, 2 groups", true, { groups: groups.slice(0, 2) }],
    ["live, 2 groups, filter ERROR", false, { groups: groups.slice(0, 2), pattern: "ERROR" }],
  ] as const) {
    const at = sim.calls.length;
    const stop = new AbortController();
    const lags: number[] = [];
    let events = 0;
    const done = runTail({
      api,
      target,
      signal: stop.signal,
      preferPolling,
      onEvents: (batch) => {
        events += batch.length;
        for (const e of batch) lags.push(Date.now() - (e.ingestionTime ?? e.timestamp));
      },
      onNotice: () => undefined,
    });
    await sleep(TAIL_SECONDS * 1000);
    stop.abort();
    await done;
    lags.sort((a, b) => a - b);
    out[name] = {
      seconds: TAIL_SECONDS,
      events,
      filterLogEventsCalls: count(sim, "FilterLogEvents", at),
      startLiveTailCalls: sim.calls.slice(at).filter((c) => c.target.endsWith("StartLiveTail")).length,
      lagMsMedian: lags[Math.floor(lags.length / 2)] ?? null,
      lagMsP95: lags[Math.floor(lags.length * 0.95)] ?? null,
    };
  }
  results.tails = out;
}

export async function benchCloudWatch(): Promise<CloudWatchBench> {
  const sim = await startSimulator({ scenario: "demo", speed: 1 });
  const clients = clientsFor(sim);
  try {
    await alarms(sim, clients);
    await tails(sim, clients);
  } finally {
    clients.dispose();
    await sim.close();
  }
  return results;
}

const lag = (value: number | null) => (value === null ? "—" : `${(value / 1000).toFixed(2)} s`);

export async function run(): Promise<BenchSection> {
  const data = await benchCloudWatch();
  const a = data.alarms;
  const rows: string[][] = [];
  if (a) {
    rows.push(
      [
        "alarm refresh (demo)",
        `${a.demoRefresh.describeAlarmsCalls} DescribeAlarms for ${a.demoRefresh.alarms} alarms`,
      ],
      [
        "alarm refresh (238 alarms)",
        `${a.refreshWith238Alarms.describeAlarmsCalls} DescribeAlarms for ${a.refreshWith238Alarms.alarms} alarms`,
      ],
      ["alarm details (alarm, 3 h of its metric, 24 h of history)", a.alarmDetailsRefreshCalls.join(", ")],
      [
        "visible alarms, nothing changing: polls in 10 minutes",
        `${a.visibleTreeQuietTenMinutes.polls} (at ${a.visibleTreeQuietTenMinutes.atSeconds.join(", ")} s)`,
      ],
    );
  }
  const tailRows = Object.entries(data.tails ?? {}).map(([name, t]) => [
    name,
    `${t.events}`,
    `${t.startLiveTailCalls} / ${t.filterLogEventsCalls}`,
    `${lag(t.lagMsMedian)} / ${lag(t.lagMsP95)}`,
  ]);
  return {
    id: "cloudwatch",
    title: "CloudWatch: alarms and log tails",
    intro:
      "The extension's gateways, alarm store, scheduler and tail loops against the simulator's demo (real time). " +
      `Tails run ${TAIL_SECONDS} s each on the demo's application log groups (events written every few seconds); lag is from an event's ingestion to its delivery.`,
    tables: [
      { columns: ["figure", "value"], rows },
      {
        columns: ["tail", "events", "StartLiveTail / FilterLogEvents calls", "lag median / p95"],
        rows: tailRows,
      },
    ],
    data,
  };
}

if (require.main === module) {
  benchCloudWatch().then(
    (r) => {
      const dir = join(__dirname, "..", "..", "test-results");
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, "bench-cloudwatch.json"), JSON.stringify(r, null, 2));
      console.log(JSON.stringify(r, null, 2));
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
