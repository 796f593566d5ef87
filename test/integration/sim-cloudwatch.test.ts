// The simulator's CloudWatch (JSON 1.0, query-compatible errors) with the real SDK: every answer
// checked against botocore's model; errors as the SDK reads them in query mode; alarms whose
// states move on the clock, composite alarms, history, metric data and paging.
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
import { startSimulator, type Simulator } from "../sim/index";
import { sendSigned } from "../sim/raw-client";
import { operationErrors, validateOutput } from "./helpers/model-shapes";
import { recordRawAnswers, type RawAnswer } from "./helpers/raw-answers";
import { waitFor } from "./helpers/wait";

const LB = [{ Name: "LoadBalancer", Value: "app/api-service-prod/50dc6c495c0c9188" }];
const swallow = (p: Promise<unknown>): Promise<unknown> => p.catch((e: unknown) => e);

describe("the simulator's CloudWatch", () => {
  let sim: Simulator;
  let cw: CloudWatchClient;
  const answers: RawAnswer[] = [];

  before(async () => {
    sim = await startSimulator({ scenario: "demo", speed: 10 });
    cw = new CloudWatchClient({
      endpoint: sim.url,
      region: sim.region,
      credentials: sim.credentials,
      maxAttempts: 1,
    });
    recordRawAnswers(cw, answers);
  });

  after(async () => {
    cw.destroy();
    await sim.close();
  });

  it("answers every operation as botocore's model says, errors included", async () => {
    answers.length = 0;
    const now = new Date();
    await cw.send(new DescribeAlarmsCommand({}));
    await cw.send(
      new DescribeAlarmsCommand({ AlarmTypes: ["MetricAlarm", "CompositeAlarm"], MaxRecords: 3 }),
    );
    await cw.send(
      new DescribeAlarmsCommand({
        AlarmTypes: ["CompositeAlarm"],
        ChildrenOfAlarmName: "api-service-health",
      }),
    );
    await cw.send(
      new DescribeAlarmsCommand({
        AlarmTypes: ["CompositeAlarm"],
        ParentsOfAlarmName: "api-service-5xx-rate",
      }),
    );
    await cw.send(new DescribeAlarmsCommand({ StateValue: "INSUFFICIENT_DATA" }));
    await cw.send(new DescribeAlarmHistoryCommand({ AlarmName: "api-service-5xx-rate", MaxRecords: 20 }));
    await cw.send(new DescribeAlarmHistoryCommand({ HistoryItemType: "ConfigurationUpdate" }));
    await cw.send(
      new GetMetricDataCommand({
        StartTime: new Date(now.getTime() - 3_600_000),
        EndTime: now,
        MetricDataQueries: [
          {
            Id: "errors",
            MetricStat: {
              Metric: {
                Namespace: "AWS/ApplicationELB",
                MetricName: "HTTPCode_Target_5XX_Count",
                Dimensions: LB,
              },
              Period: 60,
              Stat: "Sum",
            },
          },
          {
            Id: "p99",
            MetricStat: {
              Metric: { Namespace: "AWS/ApplicationELB", MetricName: "TargetResponseTime", Dimensions: LB },
              Period: 300,
              Stat: "p99",
            },
          },
          { Id: "rate", Expression: "errors / 6", Label: "per 100" },
        ],
      }),
    );
    await cw.send(
      new SetAlarmStateCommand({
        AlarmName: "orders-processor-errors",
        StateValue: "ALARM",
        StateReason: "test",
        StateReasonData: "{}",
      }),
    );
    await cw.send(
      new PutMetricDataCommand({
        Namespace: "Shop",
        MetricData: [{ MetricName: "Orders", Value: 3, Dimensions: [{ Name: "Env", Value: "prod" }] }],
      }),
    );
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: "shop-orders",
        Namespace: "Shop",
        MetricName: "Orders",
        Statistic: "Sum",
        Period: 60,
        EvaluationPeriods: 2,
        DatapointsToAlarm: 1,
        Threshold: 100,
        ComparisonOperator: "GreaterThanOrEqualToThreshold",
      }),
    );
    await cw.send(
      new PutCompositeAlarmCommand({
        AlarmName: "shop-health",
        AlarmRule: 'ALARM("shop-orders") AND NOT OK(orders-db-high-cpu)',
      }),
    );
    await cw.send(new DeleteAlarmsCommand({ AlarmNames: ["shop-health"] }));
    const failures = [
      swallow(
        cw.send(new SetAlarmStateCommand({ AlarmName: "missing", StateValue: "OK", StateReason: "x" })),
      ),
      swallow(
        cw.send(
          new SetAlarmStateCommand({
            AlarmName: "shop-orders",
            StateValue: "OK",
            StateReason: "x",
            StateReasonData: "{not json",
          }),
        ),
      ),
      swallow(cw.send(new DescribeAlarmsCommand({ NextToken: "not-a-token" }))),
      swallow(cw.send(new DescribeAlarmHistoryCommand({ NextToken: "not-a-token" }))),
      swallow(
        cw.send(
          new GetMetricDataCommand({
            StartTime: now,
            EndTime: new Date(now.getTime() + 1),
            MetricDataQueries: [{ Id: "m", Expression: "1" }],
            NextToken: "bad",
          }),
        ),
      ),
      swallow(
        cw.send(
          new PutMetricDataCommand({ Namespace: "AWS/EC2", MetricData: [{ MetricName: "x", Value: 1 }] }),
        ),
      ),
      swallow(cw.send(new DeleteAlarmsCommand({ AlarmNames: ["missing"] }))),
    ];
    for (const f of failures) await f;
    const problems: string[] = [];
    for (const a of answers) {
      if (a.status === 200) {
        for (const p of validateOutput("cloudwatch", a.operation, a.body))
          problems.push(`${a.operation} ${p.path}: ${p.problem}`);
      } else {
        const code = (a.body as { __type?: string }).__type ?? "";
        if (!operationErrors("cloudwatch", a.operation).includes(code))
          problems.push(`${a.operation} answered ${code}`);
      }
    }
    assert.deepEqual(problems, []);
    assert.equal(
      answers.filter((a) => a.status !== 200).length,
      failures.length,
      "every failure was an error answer",
    );
  });

  it("names errors the query API's way in x-amzn-query-error when the client asks (the SDK does)", async () => {
    const e = (await swallow(
      cw.send(new SetAlarmStateCommand({ AlarmName: "missing", StateValue: "OK", StateReason: "x" })),
    )) as Error & {
      $metadata: { httpStatusCode: number };
    };
    assert.equal(e.name, "ResourceNotFound");
    assert.equal(e.message, "Alarm missing not found");
    assert.equal(e.$metadata.httpStatusCode, 404);
    const raw = await sendSigned(
      sim.url,
      {
        method: "POST",
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": "GraniteServiceVersion20100801.PutMetricData",
          "x-amzn-query-mode": "true",
        },
        body: JSON.stringify({ Namespace: "AWS/EC2", MetricData: [{ MetricName: "x", Value: 1 }] }),
      },
      { service: "monitoring", region: sim.region, credentials: sim.credentials },
    );
    assert.equal(raw.status, 400);
    assert.equal(raw.headers["x-amzn-query-error"], "InvalidParameterValue;Sender");
    assert.equal(
      (JSON.parse(raw.body.toString()) as { __type: string }).__type,
      "InvalidParameterValueException",
    );
    const unsigned = await sendSigned(
      sim.url,
      {
        method: "POST",
        headers: {
          "content-type": "application/x-amz-json-1.0",
          "x-amz-target": "GraniteServiceVersion20100801.DescribeAlarms",
        },
        body: "{}",
      },
      { service: "cloudwatch", region: sim.region, credentials: sim.credentials },
    );
    assert.equal(unsigned.status, 403, "the signing name is monitoring");
  });

  it("without AlarmTypes answers metric alarms only; pages hold at most MaxRecords", async () => {
    const plain = await cw.send(new DescribeAlarmsCommand({}));
    assert.equal(plain.CompositeAlarms?.length, 0);
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await cw.send(
        new DescribeAlarmsCommand({
          AlarmTypes: ["MetricAlarm", "CompositeAlarm"],
          MaxRecords: 2,
          NextToken: token,
        }),
      );
      names.push(
        ...(page.MetricAlarms ?? []).map((a) => a.AlarmName!),
        ...(page.CompositeAlarms ?? []).map((a) => a.AlarmName!),
      );
      assert.ok((page.MetricAlarms?.length ?? 0) + (page.CompositeAlarms?.length ?? 0) <= 2);
      token = page.NextToken;
      pages++;
    } while (token);
    assert.equal(new Set(names).size, names.length, "no alarm twice across pages");
    assert.ok(names.includes("api-service-health") && names.includes("api-service-5xx-rate"));
    assert.equal(pages, Math.ceil(names.length / 2));
  });

  it("moves an alarm on the clock from its metric's data, with history and its actions", async () => {
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: "queue-depth",
        Namespace: "Jobs",
        MetricName: "Depth",
        Statistic: "Maximum",
        Period: 10,
        EvaluationPeriods: 1,
        Threshold: 100,
        ComparisonOperator: "GreaterThanThreshold",
        AlarmActions: ["arn:aws:sns:us-east-1:123456789012:jobs"],
      }),
    );
    const state = async () =>
      (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ["queue-depth"] }))).MetricAlarms?.[0];
    assert.equal((await state())?.StateValue, "INSUFFICIENT_DATA");
    assert.equal((await state())?.StateReason, "Unchecked: Initial alarm creation");
    await cw.send(
      new PutMetricDataCommand({ Namespace: "Jobs", MetricData: [{ MetricName: "Depth", Value: 250 }] }),
    );
    const alarm = await waitFor(
      "ALARM",
      async () => ((await state())?.StateValue === "ALARM" ? state() : undefined),
      { timeoutMs: 15_000 },
    );
    assert.match(
      alarm?.StateReason ?? "",
      /^Threshold Crossed: 1 datapoint \[250\.0 \(\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d\)\] was greater than the threshold \(100\.0\)/,
    );
    const data = JSON.parse(alarm?.StateReasonData ?? "{}") as {
      recentDatapoints?: number[];
      threshold?: number;
    };
    assert.deepEqual([data.recentDatapoints, data.threshold], [[250], 100]);
    const history = await cw.send(
      new DescribeAlarmHistoryCommand({ AlarmName: "queue-depth", ScanBy: "TimestampAscending" }),
    );
    assert.deepEqual(
      history.AlarmHistoryItems?.map((h) => [h.HistoryItemType, h.HistorySummary]),
      [
        ["ConfigurationUpdate", 'Alarm "queue-depth" created'],
        ["StateUpdate", "Alarm updated from INSUFFICIENT_DATA to ALARM"],
        ["Action", "Successfully executed action arn:aws:sns:us-east-1:123456789012:jobs"],
      ],
    );
    const update = JSON.parse(history.AlarmHistoryItems?.[1]?.HistoryData ?? "{}") as {
      newState?: { stateValue?: string };
    };
    assert.equal(update.newState?.stateValue, "ALARM");
  });

  it("composite alarms follow their children; rules naming missing alarms or themselves are refused", async () => {
    await cw.send(
      new PutCompositeAlarmCommand({
        AlarmName: "demo-any",
        AlarmRule: 'ALARM("orders-db-high-cpu") OR ALARM(image-resizer-throttles) OR TRUE AND FALSE',
      }),
    );
    const composite = async () =>
      (await cw.send(new DescribeAlarmsCommand({ AlarmNames: ["demo-any"], AlarmTypes: ["CompositeAlarm"] })))
        .CompositeAlarms?.[0];
    assert.equal((await composite())?.StateValue, "OK");
    await cw.send(
      new SetAlarmStateCommand({
        AlarmName: "image-resizer-throttles",
        StateValue: "ALARM",
        StateReason: "testing",
      }),
    );
    assert.equal((await composite())?.StateValue, "ALARM");
    assert.match(
      (await composite())?.StateReason ?? "",
      /alarm:image-resizer-throttles transitioned to ALARM/,
    );
    const missing = (await swallow(
      cw.send(new PutCompositeAlarmCommand({ AlarmName: "x", AlarmRule: "ALARM(nope)" })),
    )) as Error;
    assert.match(missing.message, /alarms \[nope\] in the alarm rule do not exist/);
    const cycle = (await swallow(
      cw.send(new PutCompositeAlarmCommand({ AlarmName: "demo-any", AlarmRule: "ALARM(demo-any)" })),
    )) as Error;
    assert.match(cycle.message, /forms a cycle/);
    const syntax = (await swallow(
      cw.send(new PutCompositeAlarmCommand({ AlarmName: "y", AlarmRule: "ALARM(a" })),
    )) as Error;
    assert.match(syntax.message, /Invalid AlarmRule/);
  });

  it("GetMetricData: periods aligned, oldest first when asked, paged by MaxDatapoints", async () => {
    const end = new Date();
    const start = new Date(end.getTime() - 2 * 3_600_000);
    const query = {
      Id: "m",
      MetricStat: {
        Metric: {
          Namespace: "AWS/RDS",
          MetricName: "CPUUtilization",
          Dimensions: [{ Name: "DBInstanceIdentifier", Value: "orders-db" }],
        },
        Period: 300,
        Stat: "Average",
      },
    };
    const all = await cw.send(
      new GetMetricDataCommand({
        StartTime: start,
        EndTime: end,
        MetricDataQueries: [query],
        ScanBy: "TimestampAscending",
      }),
    );
    const times = all.MetricDataResults?.[0]?.Timestamps?.map((t) => t.getTime()) ?? [];
    assert.ok(times.length >= 23 && times.length <= 24, `${times.length} five-minute periods in two hours`);
    assert.ok(times.every((t, i) => t % 300_000 === 0 && (i === 0 || t > times[i - 1]!)));
    assert.equal(all.MetricDataResults?.[0]?.StatusCode, "Complete");
    const seen: number[] = [];
    let token: string | undefined;
    do {
      const page = await cw.send(
        new GetMetricDataCommand({
          StartTime: start,
          EndTime: end,
          MetricDataQueries: [query],
          ScanBy: "TimestampAscending",
          MaxDatapoints: 10,
          NextToken: token,
        }),
      );
      seen.push(...(page.MetricDataResults?.[0]?.Timestamps ?? []).map((t) => t.getTime()));
      token = page.NextToken;
    } while (token);
    assert.deepEqual(seen, times);
  });
});
