// The extension's CloudWatch gateway and alarm store against the simulator, with the real SDK:
// the demo's alarms by state, paging, the name prefix, state changes reported once each, the
// states of named alarms (for CodeDeploy), and what an alarm's details read.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  SetAlarmStateCommand,
} from "@aws-sdk/client-cloudwatch";
import { AwsClients, fixedClients } from "../../src/aws/clients";
import { CloudWatchGateway } from "../../src/cloudwatch/gateway";
import { groupByState } from "../../src/cloudwatch/model/alarmGroups";
import type { Transition } from "../../src/cloudwatch/model/transitions";
import type { MetricAlarm } from "../../src/cloudwatch/model/types";
import { AlarmStore } from "../../src/cloudwatch/store";
import { startSimulator, type Simulator } from "../sim/index";
import { waitFor } from "./helpers/wait";
import { connectionTo, useSimulatorCredentials } from "./world";

describe("CloudWatch alarms through the extension's gateway and store", () => {
  let sim: Simulator;
  let clients: AwsClients;
  let gateway: CloudWatchGateway;
  let cw: CloudWatchClient;
  const stores: AlarmStore[] = [];
  const store = (prefix = "") => {
    const s = new AlarmStore(gateway, prefix);
    stores.push(s);
    return s;
  };
  const calls = (operation: string) => sim.calls.filter((c) => c.operation === operation).length;

  before(async () => {
    sim = await startSimulator({ scenario: "demo", speed: 20 });
    useSimulatorCredentials(sim);
    clients = new AwsClients(connectionTo(sim));
    gateway = new CloudWatchGateway(fixedClients(clients));
    cw = new CloudWatchClient({
      endpoint: sim.url,
      region: sim.region,
      credentials: sim.credentials,
      maxAttempts: 1,
    });
  });

  after(async () => {
    for (const s of stores) s.dispose();
    cw.destroy();
    clients.dispose();
    await sim.close();
  });

  it("lists the demo's metric and composite alarms, grouped ALARM, INSUFFICIENT_DATA, OK", async () => {
    const s = store();
    await s.loadList();
    const alarms = s.alarms ?? [];
    assert.deepEqual(alarms.map((a) => a.name).sort(), [
      "api-service-5xx-rate",
      "api-service-error-rate",
      "api-service-health",
      "api-service-p99-latency",
      "image-resizer-throttles",
      "orders-db-high-cpu",
      "orders-processor-errors",
      "web-frontend-5xx",
    ]);
    const composite = alarms.find((a) => a.name === "api-service-health");
    assert.equal(composite?.kind, "composite");
    assert.match(composite?.kind === "composite" ? composite.rule : "", /ALARM\("api-service-5xx-rate"\) OR/);
    const groups = groupByState(alarms);
    assert.deepEqual(
      groups.map((g) => g.state),
      ["ALARM", "INSUFFICIENT_DATA", "OK"],
    );
    assert.deepEqual(
      groups.find((g) => g.state === "INSUFFICIENT_DATA")?.alarms.map((a) => a.name),
      ["image-resizer-throttles"],
    );
    const cpu = alarms.find((a) => a.name === "orders-db-high-cpu") as MetricAlarm;
    assert.equal(cpu.actionsEnabled, false);
    assert.equal(cpu.metric?.metricName, "CPUUtilization");
    assert.equal(cpu.evaluationPeriods, 3);
    const rate = alarms.find((a) => a.name === "api-service-error-rate") as MetricAlarm;
    assert.equal(rate.queries?.find((q) => q.returnData)?.expression, "errors / 6");
    assert.ok(alarms.every((a) => a.stateChanged instanceof Date));
  });

  it("reads every page (100 alarms a call) and only the alarms with the name prefix", async () => {
    for (let i = 0; i < 230; i++) {
      await cw.send(
        new PutMetricAlarmCommand({
          AlarmName: `zz-bulk-${String(i).padStart(3, "0")}`,
          Namespace: "Bulk",
          MetricName: "Work",
          Statistic: "Sum",
          Period: 60,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: "GreaterThanThreshold",
        }),
      );
    }
    const before = calls("DescribeAlarms");
    const s = store();
    await s.loadList();
    assert.equal(s.alarms?.length, 238);
    assert.equal(calls("DescribeAlarms") - before, 3, "238 alarms in pages of 100");
    const prefixed = store("api-service-");
    await prefixed.loadList();
    assert.deepEqual(prefixed.alarms?.map((a) => a.name).sort(), [
      "api-service-5xx-rate",
      "api-service-error-rate",
      "api-service-health",
      "api-service-p99-latency",
    ]);
    await cw.send(
      new DeleteAlarmsCommand({
        AlarmNames: Array.from({ length: 100 }, (_, i) => `zz-bulk-${String(i).padStart(3, "0")}`),
      }),
    );
    await s.loadList();
    assert.equal(s.alarms?.length, 138, "deleted alarms leave the list");
  });

  it("reports each state change once: the first load is the baseline, a change shows on the next look", async () => {
    await cw.send(
      new PutMetricAlarmCommand({
        AlarmName: "checkout-errors",
        Namespace: "Shop",
        MetricName: "CheckoutErrors",
        Statistic: "Maximum",
        Period: 10,
        EvaluationPeriods: 1,
        Threshold: 50,
        ComparisonOperator: "GreaterThanThreshold",
        TreatMissingData: "notBreaching",
      }),
    );
    const s = store("checkout-");
    const seen: Transition[] = [];
    s.onDidTransition((moved) => seen.push(...moved));
    await s.loadList();
    await waitFor(
      "the alarm to be evaluated OK",
      async () => (await s.loadList(), s.alarm("checkout-errors")?.state === "OK"),
      { timeoutMs: 15_000 },
    );
    const baseline = seen.length;
    await cw.send(
      new PutMetricDataCommand({
        Namespace: "Shop",
        MetricData: [{ MetricName: "CheckoutErrors", Value: 80, StorageResolution: 1 }],
      }),
    );
    await waitFor("ALARM", async () => (await s.loadList(), s.alarm("checkout-errors")?.state === "ALARM"), {
      timeoutMs: 15_000,
    });
    await s.loadList();
    await s.loadList();
    const intoAlarm = seen.slice(baseline).filter((t) => t.alarm.state === "ALARM");
    assert.equal(intoAlarm.length, 1, "one transition into ALARM, however often it is read");
    assert.equal(intoAlarm[0]?.from, "OK");
    assert.match(
      s.alarm("checkout-errors")?.stateReason ?? "",
      /Threshold Crossed: 1 datapoint \[80\.0 .*\] was greater than the threshold \(50\.0\)/,
    );
    // A refresh forgets the alarms, not what changed since watching began (notifications drop
    // what they told already); another connection starts a new baseline.
    const intoAlarmNow = () => seen.slice(baseline).filter((t) => t.alarm.state === "ALARM").length;
    s.reset();
    await s.loadList();
    assert.equal(intoAlarmNow(), 2, "read again after a refresh");
    s.rebaseline();
    await s.loadList();
    assert.equal(intoAlarmNow(), 2, "not after another connection");
  });

  it("SetAlarmState moves an alarm at once: the change is reported with its reason", async () => {
    const s = store("orders-processor");
    const seen: Transition[] = [];
    s.onDidTransition((moved) => seen.push(...moved));
    await s.loadList();
    assert.equal(s.alarm("orders-processor-errors")?.state, "OK");
    await cw.send(
      new SetAlarmStateCommand({
        AlarmName: "orders-processor-errors",
        StateValue: "ALARM",
        StateReason: "Testing the pager",
      }),
    );
    await s.loadList();
    assert.deepEqual(
      seen.map((t) => [t.alarm.state, t.from, t.alarm.stateReason]),
      [["ALARM", "OK", "Testing the pager"]],
    );
  });

  it("answers the states of named alarms (for CodeDeploy's deployment groups), unknown ones without a state", async () => {
    const s = store();
    const before = calls("DescribeAlarms");
    const states = await s.statesOf(["api-service-5xx-rate", "no-such-alarm", "orders-db-high-cpu"]);
    assert.equal(calls("DescribeAlarms") - before, 1, "one DescribeAlarms for the names");
    assert.deepEqual(
      states.map((x) => [x.name, x.state !== undefined]),
      [
        ["api-service-5xx-rate", true],
        ["no-such-alarm", false],
        ["orders-db-high-cpu", true],
      ],
    );
    await s.statesOf(["api-service-5xx-rate"]);
    assert.equal(calls("DescribeAlarms") - before, 1, "known alarms are answered from the store");
  });

  it("reads the metric behind an alarm and its history with the state changes", async () => {
    const s = store();
    await s.loadList();
    const flapping = s.alarm("api-service-5xx-rate") as MetricAlarm;
    const end = new Date();
    const start = new Date(end.getTime() - 3 * 3_600_000);
    const signal = new AbortController().signal;
    const series = await s.metricData(flapping, start, end, signal);
    assert.ok(series.points.length >= 170, `about one point a minute over 3 h, got ${series.points.length}`);
    assert.ok(
      series.points.some((p) => p.v > 10) && series.points.some((p) => p.v <= 10),
      "spikes above the threshold and calm below",
    );
    assert.ok(
      series.points.every((p, i) => i === 0 || p.t > series.points[i - 1]!.t),
      "oldest first",
    );
    const history = await s.history(flapping.name, start, signal);
    const changes = history.filter((h) => h.type === "StateUpdate");
    assert.ok(changes.length >= 10, `it flaps every few minutes, ${changes.length} changes`);
    assert.ok(changes.every((h) => h.from && h.to && h.from !== h.to));
    assert.ok(
      history.some((h) => h.type === "Action" && /ops-alerts/.test(h.summary)),
      "its SNS action ran",
    );
    const rate = s.alarm("api-service-error-rate") as MetricAlarm;
    const math = await s.metricData(rate, start, end, signal);
    assert.equal(math.label, "5XX per 100 requests");
    const raw = series.points.find((p) => math.points.some((q) => q.t === p.t));
    assert.ok(raw);
    assert.equal(math.points.find((q) => q.t === raw.t)?.v, raw.v / 6, "the expression over the same data");
  });
});
