// CloudWatch as a user sees it in VS Code, against the simulator's `demo` scenario: alarms by
// state in the tree, an alarm going into ALARM notifying once, the alarm's chart, tailing two
// log groups with a filter (only matching lines), an invalid filter pattern, and a search.
import * as assert from "node:assert/strict";
import { CloudWatchClient, PutMetricAlarmCommand, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import type { Locator } from "playwright-core";
import { e2eTest, useE2eEnvironment } from "./support/environment";
import { childrenOf, waitFor, type TreeRow } from "./support/workbench";

const { current, wb } = useE2eEnvironment("cloudwatch", {
  settings: {
    // Only the test's own alarms notify (the demo's flapping alarm would too with "all").
    "awsCicd.cloudwatch.notifications": "prefix",
    "awsCicd.cloudwatch.notificationPrefix": "checkout-",
  },
});

function cloudwatch(): CloudWatchClient {
  const sim = current()!.simulator;
  return new CloudWatchClient({ endpoint: sim.url, region: sim.region, credentials: sim.credentials });
}

/** The webview of the active panel (VS Code nests it in two frames). */
function webview() {
  return wb().page.frameLocator("iframe.webview.ready").frameLocator("iframe#active-frame");
}

async function collapse(row: Locator): Promise<void> {
  if ((await row.getAttribute("aria-expanded")) === "true") await row.locator(".monaco-tl-twistie").click();
}

// The tree holds every service: CodeDeploy's applications are named like CodeBuild's projects
// and its groups' alarms like CloudWatch's, so rows are looked for inside their own section.

/** The rows of one section of the tree: its root row and every row below it up to the next root. */
async function sectionRows(section: string): Promise<TreeRow[]> {
  const rows = await wb().treeRows();
  const start = rows.findIndex((r) => r.label === section && r.level === 1);
  if (start < 0) return [];
  const end = rows.findIndex((r, i) => i > start && r.level === 1);
  return rows.slice(start, end < 0 ? undefined : end);
}

/** The rows below the first row labelled by each of `path`, in turn, inside `section`. */
async function rowsAt(section: string, ...path: string[]): Promise<TreeRow[]> {
  const rows = await sectionRows(section);
  let parent: TreeRow | undefined = rows[0];
  for (const label of path) parent = childrenOf(rows, parent).find((r) => r.label === label);
  return childrenOf(rows, parent);
}

/** The row itself (in the DOM: the tree is short enough once the other sections fold). */
function rowLocator(row: TreeRow): Locator {
  return wb().view().locator(`.monaco-list-rows > .monaco-list-row[data-index="${row.index}"]`);
}

/** Expands the row at `path` inside `section` (the last label's row). */
async function expandAt(section: string, ...path: string[]): Promise<void> {
  const last = path[path.length - 1]!;
  const row = await waitFor(`${[section, ...path].join(" › ")}`, async () =>
    (await rowsAt(section, ...path.slice(0, -1))).find((r) => r.label === last),
  );
  await wb().expand(rowLocator(row));
}

/** The notifications in the (open) notification center, with their buttons. */
async function centerNotifications(): Promise<{ message: string; buttons: string[] }[]> {
  const items = wb().page.locator(".notifications-center .notification-list-item");
  const out: { message: string; buttons: string[] }[] = [];
  for (let i = 0; i < (await items.count()); i++) {
    const item = items.nth(i);
    await item.hover();
    out.push({
      message: (await item.locator(".notification-list-item-message").innerText()).trim(),
      buttons: (
        await item.locator(".notification-list-item-buttons-container .monaco-button").allInnerTexts()
      ).map((b) => b.trim()),
    });
  }
  return out;
}

/** The lines of the output channel shown, without the tail's notices (──── … ────). */
async function eventLines(): Promise<string[]> {
  return (await wb().outputText()).split(/\r?\n/).filter((l) => l.trim() !== "" && !l.startsWith("────"));
}

e2eTest("the CloudWatch section lists the demo's alarms by state and its log groups", current, async () => {
  await wb().openViewContainer("AWS CI/CD");
  await waitFor("the CloudWatch section", async () => (await sectionRows("CloudWatch")).length > 0, 45_000);
  // Make room: the build, pipeline and deployment sections fold away.
  await collapse(wb().treeRow("CodeBuild"));
  await collapse(wb().treeRow("CodePipeline"));
  await collapse(wb().treeRow("CodeDeploy"));
  const groups = await waitFor(
    "the alarm groups under CloudWatch",
    async () => {
      const rows = await rowsAt("CloudWatch");
      return rows.some((r) => r.label === "OK") ? rows : undefined;
    },
    45_000,
  );
  const labels = groups.map((g) => g.label);
  assert.deepEqual(
    labels.filter((l) => l !== "In alarm"),
    ["Insufficient data", "OK", "Log groups"],
    `groups in order, ALARM first when there is one: ${labels.join(", ")}`,
  );
  await expandAt("CloudWatch", "Insufficient data");
  const unknown = await waitFor("image-resizer-throttles", async () =>
    (await rowsAt("CloudWatch", "Insufficient data")).find((r) => r.label === "image-resizer-throttles"),
  );
  assert.match(unknown.description, /^Sum Throttles ≥ 1/);
  await expandAt("CloudWatch", "OK");
  // The demo's alarms move on the clock: look for them in whichever group they are in now.
  const alarms = await waitFor("the alarms in their groups", async () => {
    const rows = [...(await rowsAt("CloudWatch", "In alarm")), ...(await rowsAt("CloudWatch", "OK"))];
    return rows.some((r) => r.label === "orders-db-high-cpu") &&
      rows.some((r) => r.label === "api-service-health")
      ? rows
      : undefined;
  });
  const describe = (name: string) => alarms.find((r) => r.label === name)?.description ?? "";
  assert.match(describe("orders-db-high-cpu"), /^Average CPUUtilization > 80 · .* · actions disabled$/);
  assert.match(describe("api-service-health"), /^composite · ALARM\("api-service-5xx-rate"\) OR/);
  assert.match(describe("api-service-error-rate"), /^5XX per 100 requests > 4 · /);
  await wb().screenshot("alarms", "cloudwatch-alarms");
});

e2eTest(
  "an alarm of the notifications' scope goes into ALARM: one notification, with Show Alarm",
  current,
  async () => {
    const cw = cloudwatch();
    try {
      await cw.send(
        new PutMetricAlarmCommand({
          AlarmName: "checkout-latency",
          AlarmDescription: "p90 of the checkout latency",
          Namespace: "Shop",
          MetricName: "CheckoutLatency",
          Statistic: "Maximum",
          Period: 10,
          EvaluationPeriods: 1,
          Threshold: 800,
          ComparisonOperator: "GreaterThanThreshold",
          TreatMissingData: "notBreaching",
        }),
      );
      // Seen OK first (the notifications' baseline), then the latency goes up and stays up.
      await wb().runCommand("AWS CI/CD: Refresh");
      await waitFor("checkout-latency in the tree", async () =>
        (await sectionRows("CloudWatch")).some((r) => r.label === "checkout-latency"),
      );
      const high = setInterval(() => {
        void cw
          .send(
            new PutMetricDataCommand({
              Namespace: "Shop",
              MetricData: [{ MetricName: "CheckoutLatency", Value: 1450 }],
            }),
          )
          .catch(() => undefined);
      }, 2000);
      try {
        // Running a command presses Escape, which hides toasts: look in the notification center.
        await waitFor(
          "the ALARM notification",
          async () => {
            await wb().runCommand("AWS CI/CD: Refresh");
            return (await wb().allNotifications()).some((m) => /checkout-latency/.test(m));
          },
          90_000,
          5000,
        );
        await wb().runCommand("Notifications: Show Notifications");
        const notification = await waitFor("its buttons", async () =>
          (await centerNotifications()).find((n) => /checkout-latency/.test(n.message)),
        );
        assert.match(
          notification.message,
          /^Alarm checkout-latency is in ALARM: Threshold Crossed: 1 datapoint \[1450\.0/,
        );
        assert.deepEqual(notification.buttons, ["Show Alarm"]);
        await wb().screenshot("alarm-notification", "alarm-notification");
        // Read again and again: still one notification for this change.
        for (let i = 0; i < 3; i++) {
          await wb().runCommand("AWS CI/CD: Refresh");
          await new Promise((r) => setTimeout(r, 1500));
        }
        const all = await wb().allNotifications();
        assert.equal(all.filter((m) => /checkout-latency/.test(m)).length, 1, all.join("\n"));
        assert.ok(!all.some((m) => /api-service-5xx-rate/.test(m)), "alarms out of the scope do not notify");
      } finally {
        clearInterval(high);
      }
    } finally {
      cw.destroy();
    }
  },
);

e2eTest(
  "Show Alarm Details draws the metric with its threshold and the state changes, and the history",
  current,
  async () => {
    await wb().runCommand("AWS CI/CD: Show Alarm Details");
    await wb().quickPickItems();
    await wb().pickQuickPickItem("api-service-5xx-rate");
    const chart = webview().locator("svg.chart");
    await chart.waitFor({ timeout: 30_000 });
    assert.equal(await webview().locator("h1").innerText(), "api-service-5xx-rate");
    assert.equal(await chart.locator("path.series").count(), 1, "the metric's line");
    const segments = ((await chart.locator("path.series").getAttribute("d")) ?? "").split("L").length;
    assert.ok(segments >= 150, `a point a minute over the last 3 hours (${segments})`);
    assert.equal(await chart.locator("line.threshold").count(), 1, "the threshold line");
    assert.match((await chart.locator("text.threshold-label").textContent()) ?? "", /threshold > 10/);
    const markers = await chart.locator("path.marker").count();
    assert.ok(markers >= 4, `the flapping alarm's state changes are marked (${markers})`);
    assert.ok((await chart.locator("rect.band.s-ALARM").count()) >= 2, "its time in ALARM is shaded");
    const history = await webview().locator("table.history tr").allInnerTexts();
    assert.ok(
      history.some((r) => /StateUpdate\s+Alarm updated from OK to ALARM/.test(r)),
      history.slice(0, 4).join("\n"),
    );
    assert.ok(history.some((r) => /Action\s+Successfully executed action arn:aws:sns/.test(r)));
    await wb().screenshot("alarm-details", "alarm-details");
  },
);

/**
 * Checks `label` in the log group picker (multi-select) so that `count` groups are checked, as
 * VS Code's "N Selected" badge says. The list is redrawn as DescribeLogGroups pages arrive, and a
 * click during a redraw can miss: the badge is read after each click, and the click tried again.
 */
async function chooseLogGroup(label: string, count: number): Promise<void> {
  for (let tries = 0; (await wb().quickPickCheckedCount()) < count && tries < 5; tries++) {
    await wb().pickQuickPickItem(label);
    await waitFor("the choice", async () => (await wb().quickPickCheckedCount()) >= count, 2_000).catch(
      () => undefined,
    );
  }
  assert.equal(await wb().quickPickCheckedCount(), count, `${label} checked`);
}

e2eTest(
  "Tail Log Group… on two log groups with the filter ERROR shows only matching lines, with the group/stream",
  current,
  async () => {
    await wb().runCommand("AWS CI/CD: Tail Log Group…");
    await wb().quickPickItems();
    await wb().quickInput().locator("input").fill("/app/");
    await waitFor("the /app/ log groups", async () => {
      const items = await wb().quickPickItems();
      return (
        items.some((i) => i.label === "/app/orders-worker") &&
        items.some((i) => i.label === "/app/api-service")
      );
    });
    await chooseLogGroup("/app/api-service", 1);
    await chooseLogGroup("/app/orders-worker", 2);
    await wb().screenshot("tail-pick-groups");
    await wb().acceptQuickPick();
    await waitFor("the filter pattern box", async () => /filter pattern/.test(await wb().quickPickTitle()));
    await wb().quickInput().locator("input").fill("ERROR");
    await wb().page.keyboard.press("Enter");
    await waitFor(
      "the tail's channel",
      async () => /Tail: \/app\/api-service \+ 1 more \(ERROR\)/.test(await wb().selectedOutputChannel()),
      30_000,
    );
    const lines = await waitFor(
      "error lines of both groups",
      async () => {
        const l = await eventLines();
        return l.some((x) => x.startsWith("[/app/api-service/")) &&
          l.some((x) => x.startsWith("[/app/orders-worker/"))
          ? l
          : undefined;
      },
      90_000,
      2000,
    );
    for (const line of lines) {
      assert.match(line, /^\[\/app\/(api-service\/web-[12]|orders-worker\/worker-1)\] .*ERROR/, line);
    }
    const status = await waitFor("the tail in the status bar", () =>
      wb().statusBarItem(/\/app\/api-service/),
    );
    assert.match(status.text, /^\[radio-tower\] \/app\/api-service \+ 1 more \(ERROR\) · \d+(\.\d)?\/s$/);
    await wb().screenshot("tail-two-groups", "tail");
    // Stop it from the status bar.
    await wb()
      .statusBarLocator(/\/app\/api-service/)
      .click();
    await wb().pickQuickPickItem(/Stop Tail: \/app\/api-service/);
    await waitFor(
      "the tail to stop",
      async () => (await wb().statusBarItem(/\/app\/api-service/)) === undefined,
    );
    // The status bar item goes first; the channel's last line may show a moment later.
    await waitFor("the channel's stop notice", async () =>
      /──── Tail stopped ────/.test(await wb().outputText()),
    );
  },
);

e2eTest(
  "Tail from a CodeBuild project comes pre-filled with its log group; Stop Tail in the Output panel stops it",
  current,
  async () => {
    await wb().expand(wb().treeRow("CodeBuild"));
    const project = await waitFor(
      "web-app under CodeBuild",
      () => wb().childRow("CodeBuild", "web-app"),
      30_000,
    );
    await wb().contextMenu(project, "Tail Log Group…");
    const row = wb()
      .quickInput()
      .locator(".monaco-list-row", {
        has: wb().page.locator(".label-name", { hasText: "/aws/codebuild/web-app" }),
      })
      .first();
    await row.waitFor({ timeout: 15_000 });
    const checked = await waitFor("the project's log group, chosen", async () =>
      (await row.getAttribute("aria-checked")) === "true" ? true : undefined,
    );
    assert.equal(checked, true, "pre-filled with the project's log group");
    assert.match(await wb().quickPickTitle(), /Tail Log Group \(1 chosen\)/);
    await wb().page.keyboard.press("Enter");
    await wb().pickQuickPickItem("All streams");
    await waitFor("the filter pattern box", async () => /filter pattern/.test(await wb().quickPickTitle()));
    await wb().page.keyboard.press("Enter");
    await waitFor(
      "the tail's channel",
      async () => /Tail: \/aws\/codebuild\/web-app$/.test(await wb().selectedOutputChannel()),
      30_000,
    );
    await wb().screenshot("tail-codebuild-project");
    await collapse(wb().treeRow("CodeBuild"));
    // The Output panel's title has Stop Tail while a tail's channel is shown.
    await wb()
      .page.locator('.part.panel .title-actions .action-label[aria-label^="Stop Tail"]')
      .first()
      .click();
    await waitFor("the tail to stop", async () => /──── Tail stopped ────/.test(await wb().outputText()));
    assert.equal(await wb().statusBarItem(/codebuild\/web-app/), undefined);
  },
);

e2eTest(
  "an invalid filter pattern is refused with CloudWatch Logs' own message; nothing starts",
  current,
  async () => {
    await wb().runCommand("AWS CI/CD: Tail Log Group…");
    await wb().quickPickItems();
    await wb().quickInput().locator("input").fill("orders-worker");
    await waitFor("/app/orders-worker", async () =>
      (await wb().quickPickItems()).some((i) => i.label === "/app/orders-worker"),
    );
    await chooseLogGroup("/app/orders-worker", 1);
    await wb().acceptQuickPick();
    await wb().pickQuickPickItem("All streams");
    await waitFor("the filter pattern box", async () => /filter pattern/.test(await wb().quickPickTitle()));
    await wb().quickInput().locator("input").fill('{ $.level = "ERROR"');
    await wb().page.keyboard.press("Enter");
    const refused = await wb().waitForNotification(/refused the filter pattern/);
    assert.equal(
      refused.message,
      "CloudWatch Logs refused the filter pattern { $.level = \"ERROR\": If a filter pattern starts with '{' it must end with '}'",
    );
    assert.equal(await wb().statusBarItem(/orders-worker/), undefined, "no tail started");
    await wb().screenshot("invalid-pattern");
  },
);

e2eTest(
  "Search Log Group… opens the matching events of the last hour in a read-only document with console links",
  current,
  async () => {
    await wb().runCommand("AWS CI/CD: Search Log Group…");
    await wb().quickPickItems();
    await wb().quickInput().locator("input").fill("api-service");
    await waitFor("/app/api-service", async () =>
      (await wb().quickPickItems()).some((i) => i.label === "/app/api-service"),
    );
    await wb().pickQuickPickItem("/app/api-service");
    await wb().pickQuickPickItem("Last hour");
    await waitFor("the filter pattern box", async () => /filter pattern/.test(await wb().quickPickTitle()));
    await wb().quickInput().locator("input").fill('{ $.level = "ERROR" }');
    await wb().page.keyboard.press("Enter");
    await wb()
      .page.locator(".part.editor .tab.active", { hasText: /app_api-service \d+\.log/ })
      .waitFor({ timeout: 30_000 });
    const text = await waitFor("the document's lines", async () => {
      const lines = await wb()
        .page.locator(".part.editor .monaco-editor .view-lines .view-line")
        .allInnerTexts();
      return lines.length > 3 ? lines.map((l) => l.replace(/\u00a0/g, " ")) : undefined;
    });
    assert.match(text[0] ?? "", /^# \/app\/api-service — pattern \{ \$\.level = "ERROR" \}/);
    assert.match(
      text[2] ?? "",
      /^# In the console: https:\/\/us-east-1\.console\.aws\.amazon\.com\/cloudwatch\/home\?region=us-east-1#logsV2:log-groups\/log-group\/\$252Fapp\$252Fapi-service\/log-events\$3FfilterPattern\$3D/,
    );
    const events = text.filter((l) => /^\d{4}-\d\d-\d\dT/.test(l));
    assert.ok(events.length > 0);
    for (const e of events) assert.match(e, /web-[12] {2}\{.*"level":"ERROR"/);
    await wb().screenshot("search", "search");
  },
);

e2eTest(
  "a CodeDeploy deployment group shows its alarms with CloudWatch's state; the deployment an alarm stopped names it",
  current,
  async () => {
    // Only the deployment section open: CodeDeploy and CloudWatch name things alike.
    await collapse(wb().treeRow("CloudWatch"));
    await wb().expand(wb().treeRow("CodeDeploy"));
    await expandAt("CodeDeploy", "web-frontend");
    await expandAt("CodeDeploy", "web-frontend", "production");
    const below = await waitFor("web-frontend/production's alarms and deployments", async () => {
      const rows = await rowsAt("CodeDeploy", "web-frontend", "production");
      return rows.some((r) => r.label === "Alarms (1)") && rows.some((r) => /^stopped/.test(r.description))
        ? rows
        : undefined;
    });
    // web-frontend-5xx stays far under its threshold in the demo: OK, as CloudWatch says.
    const summary = await waitFor("the Alarms row with CloudWatch's states", async () =>
      (await rowsAt("CodeDeploy", "web-frontend", "production")).find(
        (r) => r.label === "Alarms (1)" && /^all OK/.test(r.description),
      ),
    );
    assert.equal(summary.description, "all OK · rollback on alarm");
    const stopped = below.find((r) => /^stopped/.test(r.description))!;
    assert.match(stopped.description, /^stopped by alarm web-frontend-5xx · user · \d+m/);
    await expandAt("CodeDeploy", "web-frontend", "production", "Alarms (1)");
    const alarm = await waitFor("web-frontend-5xx with its state", async () =>
      (await rowsAt("CodeDeploy", "web-frontend", "production", "Alarms (1)")).find(
        (r) => r.label === "web-frontend-5xx",
      ),
    );
    assert.match(alarm.description, /^OK · /);
    await wb().screenshot("codedeploy-group-alarms", "codedeploy-group-alarms");
    // The row opens the alarm's details (CloudWatch's panel).
    await rowLocator(alarm).click();
    await waitFor(
      "the alarm's details",
      async () =>
        (await webview()
          .locator("h1")
          .innerText()
          .catch(() => "")) === "web-frontend-5xx",
      30_000,
    );
    await collapse(wb().treeRow("CodeDeploy"));
    await wb().expand(wb().treeRow("CloudWatch"));
  },
);
