// The same SDK calls against moto and the simulator for what the CloudWatch part of the extension
// uses: alarms (metric and composite, states, history), metric data, log groups and filtered log
// events. Both answers are checked against botocore's model (the reference wins); the simulator
// fails the test, moto's deviations are notes.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  PutCompositeAlarmCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
} from "@aws-sdk/client-cloudwatch";
import {
  CloudWatchLogsClient,
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  PutLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { startSimulator, type Simulator } from "../sim/index";
import { judgeContract, runSequence, type ContractOutcome } from "./helpers/contract";
import { startMoto, type Moto } from "./helpers/moto";
import { recordRawAnswers, type RawAnswer } from "./helpers/raw-answers";

interface Target {
  name: "moto" | "simulator";
  cw: CloudWatchClient;
  logs: CloudWatchLogsClient;
  answers: RawAnswer[];
}

interface Step {
  service: "cloudwatch" | "logs";
  operation: string;
  expectError?: boolean;
  run(t: Target): Promise<unknown>;
}

const NOW = Date.now();
const GROUP = "/contract/app";
const METRIC = {
  Namespace: "Contract",
  MetricName: "Errors",
  Dimensions: [{ Name: "Service", Value: "api" }],
};

const STEPS: Step[] = [
  {
    service: "cloudwatch",
    operation: "PutMetricData",
    run: (t) =>
      t.cw.send(
        new PutMetricDataCommand({
          Namespace: METRIC.Namespace,
          MetricData: [0, 1, 2, 3, 4].map((i) => ({
            MetricName: METRIC.MetricName,
            Dimensions: METRIC.Dimensions,
            Timestamp: new Date(NOW - (5 - i) * 60_000),
            Value: i * 10,
          })),
        }),
      ),
  },
  {
    service: "cloudwatch",
    operation: "PutMetricAlarm",
    run: (t) =>
      t.cw.send(
        new PutMetricAlarmCommand({
          AlarmName: "contract-errors",
          AlarmDescription: "errors of the contract service",
          ...METRIC,
          Statistic: "Sum",
          Period: 60,
          EvaluationPeriods: 1,
          Threshold: 25,
          ComparisonOperator: "GreaterThanThreshold",
          AlarmActions: ["arn:aws:sns:us-east-1:123456789012:contract"],
        }),
      ),
  },
  {
    service: "cloudwatch",
    operation: "PutMetricAlarm",
    run: (t) =>
      t.cw.send(
        new PutMetricAlarmCommand({
          AlarmName: "contract-rate",
          Metrics: [
            { Id: "e", MetricStat: { Metric: METRIC, Period: 60, Stat: "Sum" }, ReturnData: false },
            { Id: "rate", Expression: "e / 10", Label: "rate", ReturnData: true },
          ],
          EvaluationPeriods: 2,
          Threshold: 1,
          ComparisonOperator: "GreaterThanOrEqualToThreshold",
        }),
      ),
  },
  {
    service: "cloudwatch",
    operation: "PutCompositeAlarm",
    run: (t) =>
      t.cw.send(
        new PutCompositeAlarmCommand({
          AlarmName: "contract-health",
          AlarmRule: 'ALARM("contract-errors") OR ALARM("contract-rate")',
        }),
      ),
  },
  {
    service: "cloudwatch",
    operation: "SetAlarmState",
    run: (t) =>
      t.cw.send(
        new SetAlarmStateCommand({
          AlarmName: "contract-errors",
          StateValue: "ALARM",
          StateReason: "contract test",
        }),
      ),
  },
  {
    service: "cloudwatch",
    operation: "DescribeAlarms",
    run: (t) => t.cw.send(new DescribeAlarmsCommand({ AlarmNamePrefix: "contract-" })),
  },
  {
    service: "cloudwatch",
    operation: "DescribeAlarms",
    run: (t) =>
      t.cw.send(
        new DescribeAlarmsCommand({
          AlarmNamePrefix: "contract-",
          AlarmTypes: ["MetricAlarm", "CompositeAlarm"],
          MaxRecords: 100,
        }),
      ),
  },
  {
    service: "cloudwatch",
    operation: "DescribeAlarms",
    run: (t) =>
      t.cw.send(new DescribeAlarmsCommand({ AlarmNames: ["contract-errors"], StateValue: "ALARM" })),
  },
  {
    service: "cloudwatch",
    operation: "DescribeAlarmHistory",
    run: (t) => t.cw.send(new DescribeAlarmHistoryCommand({ AlarmName: "contract-errors" })),
  },
  {
    service: "cloudwatch",
    operation: "GetMetricData",
    run: (t) =>
      t.cw.send(
        new GetMetricDataCommand({
          StartTime: new Date(NOW - 10 * 60_000),
          EndTime: new Date(NOW),
          ScanBy: "TimestampAscending",
          MetricDataQueries: [
            { Id: "e", MetricStat: { Metric: METRIC, Period: 60, Stat: "Sum" } },
            { Id: "m", MetricStat: { Metric: METRIC, Period: 300, Stat: "Maximum" } },
          ],
        }),
      ),
  },
  {
    service: "cloudwatch",
    operation: "SetAlarmState",
    expectError: true,
    run: (t) =>
      t.cw.send(
        new SetAlarmStateCommand({ AlarmName: "contract-missing", StateValue: "OK", StateReason: "x" }),
      ),
  },
  {
    service: "cloudwatch",
    operation: "DeleteAlarms",
    run: (t) => t.cw.send(new DeleteAlarmsCommand({ AlarmNames: ["contract-health"] })),
  },
  {
    service: "logs",
    operation: "CreateLogGroup",
    run: (t) => t.logs.send(new CreateLogGroupCommand({ logGroupName: GROUP })),
  },
  {
    service: "logs",
    operation: "CreateLogStream",
    run: (t) => t.logs.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: "web-1" })),
  },
  {
    service: "logs",
    operation: "PutLogEvents",
    run: (t) =>
      t.logs.send(
        new PutLogEventsCommand({
          logGroupName: GROUP,
          logStreamName: "web-1",
          logEvents: [
            { timestamp: NOW - 3000, message: "INFO GET /orders 200" },
            { timestamp: NOW - 2000, message: "ERROR Failed to process order 1042" },
            { timestamp: NOW - 1000, message: '{"level":"ERROR","path":"/checkout"}' },
          ],
        }),
      ),
  },
  {
    service: "logs",
    operation: "DescribeLogGroups",
    run: (t) => t.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/contract/", limit: 50 })),
  },
  {
    service: "logs",
    operation: "FilterLogEvents",
    run: (t) =>
      t.logs.send(
        new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: "ERROR", startTime: NOW - 60_000 }),
      ),
  },
  {
    service: "logs",
    operation: "FilterLogEvents",
    run: (t) =>
      t.logs.send(
        new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: '"Failed to"', limit: 1 }),
      ),
  },
  {
    service: "logs",
    operation: "FilterLogEvents",
    expectError: true,
    run: (t) => t.logs.send(new FilterLogEventsCommand({ logGroupName: "/contract/missing" })),
  },
];

describe("contract: the simulator's CloudWatch and Logs vs moto, judged by the botocore models", () => {
  let moto: Moto | undefined;
  let sim: Simulator;
  const outcomes: ContractOutcome[] = [];
  const alarms: ContractOutcome[] = [];
  const logs: ContractOutcome[] = [];

  before(async () => {
    sim = await startSimulator({ speed: 50 });
    moto = await startMoto();
    const clients = (url: string, accessKeyId: string, secretAccessKey: string) => {
      const config = {
        endpoint: url,
        region: "us-east-1",
        credentials: { accessKeyId, secretAccessKey },
        maxAttempts: 1,
      };
      return { cw: new CloudWatchClient(config), logs: new CloudWatchLogsClient(config) };
    };
    const targets: Target[] = [
      { name: "moto", ...clients(moto.url, "testing", "testing"), answers: [] },
      {
        name: "simulator",
        ...clients(sim.url, sim.credentials.accessKeyId, sim.credentials.secretAccessKey),
        answers: [],
      },
    ];
    try {
      for (const t of targets) {
        recordRawAnswers(t.cw, t.answers);
        recordRawAnswers(t.logs, t.answers);
      }
      const [moto0, sim0] = [targets[0]!, targets[1]!];
      const motoAnswers = await runSequence(moto0.name, STEPS, moto0, moto0.answers);
      const simAnswers = await runSequence(sim0.name, STEPS, sim0, sim0.answers);
      STEPS.forEach((step, i) => outcomes.push({ step, moto: motoAnswers[i]!, sim: simAnswers[i]! }));
      alarms.push(...outcomes.filter((o) => o.step.service === "cloudwatch"));
      logs.push(...outcomes.filter((o) => o.step.service === "logs"));
    } finally {
      for (const t of targets) {
        t.cw.destroy();
        t.logs.destroy();
      }
    }
  });

  after(async () => {
    await moto?.stop();
    await sim?.close();
  });

  it("runs the whole sequence on both", () => {
    assert.equal(outcomes.length, STEPS.length);
  });

  it("both filter the same events with the same patterns", () => {
    const filtered = outcomes.filter((o) => o.step.operation === "FilterLogEvents" && !o.step.expectError);
    for (const { sim: s, moto: m } of filtered) {
      const messages = (a: RawAnswer) =>
        ((a.body as { events?: { message: string }[] }).events ?? []).map((e) => e.message);
      if (m.status === 200) assert.deepEqual(messages(s), messages(m));
    }
  });

  describe("CloudWatch (its ResourceNotFound is a 404, as the model says)", () => {
    judgeContract({ outcomes: alarms, notes: [], minCompared: 7, errorStatus: 404 });
  });

  describe("CloudWatch Logs", () => {
    judgeContract({ outcomes: logs, notes: [], minCompared: 6 });
  });
});
