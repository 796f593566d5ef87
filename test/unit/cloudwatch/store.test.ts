import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Transition } from "../../../src/cloudwatch/model/transitions";
import type { Alarm, AlarmHistoryItem, AlarmQuery, CloudWatchApi } from "../../../src/cloudwatch/model/types";
import { AlarmStore } from "../../../src/cloudwatch/store";
import { budgetOf, CallBudget, inBackground } from "../../../src/core/callBudget";
import { aMetricAlarm, moved } from "./builders";

/** CloudWatch with alarms the test changes; records each DescribeAlarms it answers. */
class FakeCloudWatch implements CloudWatchApi {
  alarms: Alarm[] = [];
  readonly queries: AlarmQuery[] = [];
  readonly signals: AbortSignal[] = [];
  gate: Promise<void> | undefined;

  async describeAlarms(query: AlarmQuery, signal: AbortSignal): Promise<Alarm[]> {
    this.queries.push(query);
    this.signals.push(signal);
    await this.gate;
    return this.alarms.filter(
      (a) =>
        (!query.prefix || a.name.startsWith(query.prefix)) && (!query.names || query.names.includes(a.name)),
    );
  }
  readonly historySignals: AbortSignal[] = [];
  async alarmHistory(
    _name: string,
    _since: Date,
    _max: number,
    signal: AbortSignal,
  ): Promise<AlarmHistoryItem[]> {
    this.historySignals.push(signal);
    await this.gate;
    if (signal.aborted) throw Object.assign(new Error("aborted"), { name: "AbortError" });
    return [];
  }
  metricData(): Promise<never> {
    return Promise.reject(new Error("not used"));
  }
}

/** The list (read through a call: an assertion on it must not narrow the store's property). */
const listed = (store: AlarmStore) => store.alarms;

function setup(prefix = "") {
  const api = new FakeCloudWatch();
  const clock = { now: new Date("2026-12-02T10:00:30Z") };
  const store = new AlarmStore(api, prefix, () => clock.now);
  const events = { list: 0, details: [] as string[], moved: [] as Transition[] };
  store.onDidChangeAlarms(() => events.list++);
  store.onDidChangeAlarm((name) => events.details.push(name));
  store.onDidTransition((t) => events.moved.push(...t));
  return { api, store, events, clock };
}

describe("the alarm store", () => {
  it("the first load is the baseline: it fills the list and reports no state change", async () => {
    const { api, store, events } = setup();
    api.alarms = [moved(aMetricAlarm(), "ALARM", "2026-12-02T08:00:00Z")];
    assert.equal(listed(store), undefined, "nothing before the first load");
    assert.equal(await store.loadList(), true);
    assert.deepEqual(
      store.alarms?.map((a) => a.name),
      ["api-5xx"],
    );
    assert.equal(events.list, 1);
    assert.deepEqual(events.moved, []);
  });

  it("a state change moves the alarm between groups (the list changes) and is reported once", async () => {
    const { api, store, events } = setup();
    api.alarms = [aMetricAlarm()];
    await store.loadList();
    api.alarms = [moved(aMetricAlarm(), "ALARM", "2026-12-02T10:05:00Z")];
    assert.equal(await store.loadList(), true);
    assert.equal(await store.loadList(), false, "the same answer again: nothing changed");
    assert.equal(events.list, 2);
    assert.deepEqual(
      events.moved.map((t) => `${t.from} → ${t.alarm.state}`),
      ["OK → ALARM"],
    );
  });

  it("a new reason alone refreshes the alarm's row, not the list", async () => {
    const { api, store, events } = setup();
    api.alarms = [aMetricAlarm()];
    await store.loadList();
    api.alarms = [aMetricAlarm({ stateReason: "Threshold Crossed: 1 datapoint [3.0 …]" })];
    await store.loadList();
    assert.deepEqual(events.details, ["api-5xx"]);
    assert.equal(events.list, 1);
  });

  it("a deleted alarm leaves the list", async () => {
    const { api, store } = setup();
    api.alarms = [aMetricAlarm(), aMetricAlarm({ name: "other" })];
    await store.loadList();
    api.alarms = [aMetricAlarm()];
    await store.loadList();
    assert.deepEqual(
      store.alarms?.map((a) => a.name),
      ["api-5xx"],
    );
  });

  it("never asks twice at once: concurrent loads share one DescribeAlarms walk", async () => {
    const { api, store } = setup();
    let open!: () => void;
    api.gate = new Promise((r) => (open = r));
    const loads = [store.loadList(), store.loadList(), store.loadList()];
    open();
    await Promise.all(loads);
    assert.equal(api.queries.length, 1);
  });

  it("lists only the alarms with the prefix, and reloads when it changes", async () => {
    const { api, store } = setup("api-");
    api.alarms = [aMetricAlarm(), aMetricAlarm({ name: "orders-db" })];
    await store.loadList();
    assert.deepEqual(api.queries.at(-1), { prefix: "api-" });
    assert.deepEqual(
      store.alarms?.map((a) => a.name),
      ["api-5xx"],
    );
    store.setListPrefix("");
    assert.equal(listed(store), undefined, "the list loads again for the new prefix");
    await store.loadList();
    assert.equal(store.alarms?.length, 2);
  });

  it("named alarms are read 100 a call; the states of named alarms load only the unknown ones", async () => {
    const { api, store } = setup();
    api.alarms = Array.from({ length: 250 }, (_, i) =>
      aMetricAlarm({ name: `a${String(i).padStart(3, "0")}` }),
    );
    await store.refreshNames(api.alarms.map((a) => a.name));
    assert.deepEqual(
      api.queries.map((q) => q.names?.length),
      [100, 100, 50],
    );
    const states = await store.statesOf(["a001", "gone"]);
    assert.deepEqual(states, [
      { name: "a001", state: "OK", reason: api.alarms[1]!.stateReason, changed: api.alarms[1]!.stateChanged },
      { name: "gone" },
    ]);
    assert.deepEqual(api.queries.at(-1), { names: ["gone"] });
  });

  it("a refresh keeps the baseline: a change since watching began is reported when read again", async () => {
    const { api, store, events, clock } = setup();
    api.alarms = [aMetricAlarm()];
    await store.loadList();
    api.alarms = [moved(aMetricAlarm(), "ALARM", "2026-12-02T10:05:00Z")];
    clock.now = new Date("2026-12-02T10:06:00Z");
    store.reset();
    await store.loadList();
    assert.deepEqual(
      events.moved.map((t) => [t.alarm.state, t.from]),
      [["ALARM", undefined]],
    );
    store.rebaseline();
    await store.loadList();
    assert.equal(events.moved.length, 1, "another connection: a new baseline");
  });

  it("a poll's reads of a prefix or of named alarms are the poll's (its call budget)", async () => {
    const { api, store } = setup();
    const budget = new CallBudget(10);
    const poll = inBackground(budget, new AbortController().signal);
    await store.refresh({ prefix: "api-" }, poll);
    await store.refresh({ names: ["a", "b"] }, poll);
    await store.refresh({ names: ["c"] });
    assert.deepEqual(
      api.signals.map((s) => budgetOf(s) === budget),
      [true, true, false],
    );
    budget.dispose();
  });

  it("callers of the same history share one request, and one that leaves does not cancel it for the others", async () => {
    const { api, store } = setup();
    let open!: () => void;
    api.gate = new Promise((r) => (open = r));
    const since = new Date("2026-12-01T00:00:00Z");
    const closing = new AbortController();
    const first = store.history("a", since, closing.signal);
    const second = store.history("a", since, new AbortController().signal);
    closing.abort();
    await assert.rejects(first, { name: "AbortError" });
    open();
    assert.deepEqual(await second, []);
    assert.equal(api.historySignals.length, 1, "one AlarmHistory for both");
  });

  it("a load after a reset (the connection changed) sends its own request, not the aborted one's", async () => {
    const { api, store } = setup();
    let open!: () => void;
    api.gate = new Promise((r) => (open = r));
    const before = store.loadList();
    store.reset();
    const after = store.loadList();
    await new Promise((r) => setImmediate(r));
    assert.equal(api.queries.length, 2);
    assert.equal(api.signals[0]?.aborted, true, "the old connection's request is aborted");
    assert.equal(api.signals[1]?.aborted, false, "the new one is not");
    open();
    await assert.rejects(before, { name: "AbortError" });
    await after;
  });
});
