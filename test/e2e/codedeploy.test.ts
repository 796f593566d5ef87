// CodeDeploy as a user sees it in VS Code, against the simulator's `demo` scenario: the
// applications of every platform in the tree, deploying the sample workspace from its
// appspec.yml CodeLens and watching it succeed target by target, a failing deployment's hook
// log tail through "Show Failure", and stopping a deployment with rollback.
import * as assert from "node:assert/strict";
import { e2eTest, useE2eEnvironment } from "./support/environment";
import { waitFor, type TreeRow } from "./support/workbench";

// Real time: a lifecycle event takes about two seconds, a deployment to three instances about 40 s,
// time enough to watch it and to stop it.
const { current, wb } = useE2eEnvironment("codedeploy", { speed: 1 });

async function rowsBelow(parent: string): Promise<TreeRow[]> {
  return wb().childRows(parent);
}

async function waitForChild(
  parent: string,
  description: string,
  test: (row: TreeRow) => boolean,
  timeoutMs = 30_000,
): Promise<TreeRow> {
  return waitFor(description, async () => (await rowsBelow(parent)).find(test), timeoutMs);
}

async function expandChild(parent: string, label: string): Promise<void> {
  await waitForChild(parent, `${parent} › ${label}`, (r) => r.label === label);
  const row = await wb().childRow(parent, label);
  assert.ok(row);
  await wb().expand(row);
}

/**
 * Deploys the workspace from the appspec's "Deploy to <group>…" CodeLens, accepting the defaults
 * but, with `overwrite`, the option to overwrite files already at the destination.
 */
async function deployFromCodeLens(group: string, overwrite = false): Promise<void> {
  await wb().quickOpen("appspec.yml");
  const lens = wb().codeLens(new RegExp(`Deploy to ${group}…`));
  await lens.waitFor({ timeout: 30_000 });
  await lens.click();
  const kinds = await wb().quickPickItems();
  assert.match(kinds[0]?.label ?? "", /Bundle the workspace folder and push it to S3/);
  await wb().page.keyboard.press("Enter");
  await waitFor("the bundle type", async () => /bundle type/.test(await wb().quickPickTitle()));
  await wb().pickQuickPickItem("zip");
  await waitFor("the bucket", async () => /S3 bucket/.test(await wb().quickPickTitle()));
  const bucket = wb().quickInput().locator("input");
  await waitFor(
    "the group's bucket suggested",
    async () => (await bucket.inputValue()) === "acme-deploy-artifacts-123456789012",
  );
  await wb().page.keyboard.press("Enter");
  await waitFor("the key", async () => /S3 key/.test(await wb().quickPickTitle()));
  assert.match(await bucket.inputValue(), /^api-service\/api-service-[0-9a-f]{7}\.zip$/);
  await wb().page.keyboard.press("Enter");
  await waitFor("the options", async () => /options/.test(await wb().quickPickTitle()));
  if (overwrite) {
    await wb().pickQuickPickItem("Files already at the destination…"); // checks it
    await wb().quickInput().locator("input").first().focus();
    await wb().page.keyboard.press("Enter");
    await waitFor("the choice for files already there", async () =>
      /files already at the destination/.test(await wb().quickPickTitle()),
    );
    assert.deepEqual(
      (await wb().quickPickItems()).map((i) => i.label),
      ["Fail the deployment", "Overwrite them", "Keep them"],
    );
    await wb().pickQuickPickItem("Overwrite them");
  } else {
    await wb().page.keyboard.press("Enter");
  }
  await waitFor("the description", async () => /description/.test(await wb().quickPickTitle()));
  assert.match(await bucket.inputValue(), /^main [0-9a-f]{7}$/);
  await wb().page.keyboard.press("Enter");
  await waitFor("the confirmation", async () => /^Deploy /.test(await wb().dialogMessage()));
  assert.match(
    await wb().dialogMessage(),
    new RegExp(`^Deploy .*s3://acme-deploy-artifacts-123456789012/api-service/.* to api-service/${group}\\?`),
  );
  assert.match(await wb().dialogDetail(), /Account 123456789012 · region us-east-1/);
  if (overwrite) assert.match(await wb().dialogDetail(), /Files already there: overwritten/);
  await wb().screenshot(`confirm-deploy-${group}`);
  await wb().clickDialogButton("Deploy");
}

e2eTest(
  "the Pipelines view lists an application per compute platform under CodeDeploy",
  current,
  async () => {
    await wb().openViewContainer("AWS CI/CD");
    await waitFor(
      "the CodeDeploy section",
      async () => (await wb().treeRows()).some((r) => r.label === "CodeDeploy"),
      45_000,
    );
    // The other services' sections are collapsed so labels below CodeDeploy are unambiguous.
    await wb().collapse("CodeBuild");
    await wb().collapse("CodePipeline");
    const apps = await waitFor("the demo's applications", async () => {
      const rows = await rowsBelow("CodeDeploy");
      return rows.length >= 3 ? rows : undefined;
    });
    assert.deepEqual(
      apps.map((r) => `${r.label} · ${r.description}`),
      ["api-service · EC2/on-premises", "orders-function · Lambda", "web-frontend · ECS"],
    );
    // From the palette, before any group is expanded (no deployment is known yet): the command
    // asks for the group, then offers its deployments that it acts on.
    await wb().runCommand("AWS CI/CD: Show Deployment Failure");
    await waitFor("the application picker", async () =>
      /^Deployment: application/.test(await wb().quickPickTitle()),
    );
    await wb().pickQuickPickItem("api-service");
    await waitFor("the group picker", async () =>
      /^Deployment: deployment group of api-service/.test(await wb().quickPickTitle()),
    );
    await wb().pickQuickPickItem("staging");
    // Read once the deployment pick shows (on VS Code 1.139 the group pick's rows were still in
    // the list while the first deployment row came, in a CI dry run).
    const failed = await waitFor("staging's failed deployments", async () => {
      if (!/^Deployment — /.test(await wb().quickPickTitle())) return undefined;
      const items = (await wb().quickPickItems()).filter((i) => /^d-/.test(i.label));
      return items.length > 0 ? items : undefined;
    });
    assert.deepEqual(
      failed.map((i) => i.description.split(" · ").slice(0, 2).join(" · ")),
      ["api-service/staging · failed"],
      "only the failed one",
    );
    await wb().page.keyboard.press("Escape");
    await expandChild("CodeDeploy", "api-service");
    const production = await waitForChild(
      "api-service",
      "production's last deployment",
      (r) => r.label === "production" && /^succeeded/.test(r.description),
    );
    assert.match(production.description, /^succeeded · .* · OneAtATime · in-place$/);
    // Its last deployment is CodeDeploy's rollback of the failed one, which succeeded.
    await waitForChild(
      "api-service",
      "staging, rolled back",
      (r) => r.label === "staging" && /^rolled back · /.test(r.description),
    );
    await expandChild("api-service", "staging");
    const history = await waitFor("staging's deployments", async () => {
      const rows = await rowsBelow("staging");
      return rows.length >= 3 ? rows : undefined;
    });
    assert.deepEqual(
      history.map((r) => r.description.split(" · ").slice(0, 2).join(" · ")),
      ["succeeded · rollback", "failed · user", "succeeded · user"],
    );
    await wb().screenshot("applications", "codedeploy");
  },
);

e2eTest(
  "appspec.yml gets a CodeLens per api-service group; deploying to production succeeds one instance after another",
  current,
  async () => {
    await wb().collapse("staging");
    await deployFromCodeLens("production");
    const spinning = await waitFor("the status bar to show the deployment", async () => {
      const item = await wb().statusBarItem(/api-service\/production/);
      return item?.text.startsWith("[sync~spin]") ? item : undefined;
    });
    assert.match(spinning.text, /^\[sync~spin\] api-service\/production/);
    await expandChild("api-service", "production");
    const running = await waitForChild("production", "the new deployment", (r) =>
      /^in progress/.test(r.description),
    );
    assert.match(
      running.description,
      /^in progress( \d+%)? · user · .* · s3:\/\/acme-deploy-artifacts-123456789012\/api-service\//,
    );
    await expandChild("production", running.label);
    // Watched from now: the toast comes when the deployment ends and may time out (VS Code
    // hides it) while the tree below is still being sampled.
    const notified = wb().waitForNotification(
      new RegExp(`Deployment ${running.label} to api-service/production succeeded`),
      180_000,
    );
    notified.catch(() => undefined); // awaited below; not unhandled if the tree's wait fails first
    // Target by target: sampled until the deployment ends, the first instance is done while the
    // last has not finished, and never are two instances in progress at once.
    const snapshots: string[][] = [];
    let shot = false;
    await waitFor(
      "the deployment to end in the tree",
      async () => {
        const targets = await rowsBelow(running.label);
        const words = targets.map((t) => t.description.split(" · ")[0] ?? "");
        if (targets.length === 3) snapshots.push(words);
        if (!shot && words[0] === "succeeded" && words[2] !== "succeeded") {
          shot = true;
          await wb().screenshot("deploying-target-by-target", "codedeploy-deploying");
        }
        const row = (await rowsBelow("production")).find((r) => r.label === running.label);
        return row && /^succeeded/.test(row.description) && words.every((w) => w === "succeeded");
      },
      90_000,
      100,
    );
    assert.ok(
      snapshots.some((w) => w[0] === "succeeded" && w[2] !== "succeeded"),
      `one instance after another: ${JSON.stringify(snapshots)}`,
    );
    assert.ok(
      snapshots.every((w) => w.filter((x) => x === "in progress").length <= 1),
      `never two at once: ${JSON.stringify(snapshots)}`,
    );
    assert.deepEqual(
      (await rowsBelow(running.label)).map((t) => t.label),
      ["i-0a4c1e7f2b9d30001", "i-0a4c1e7f2b9d30002", "i-0a4c1e7f2b9d30003"],
    );
    const notification = await notified;
    assert.deepEqual(notification.buttons, ["Show Deployment"]);
    const done = await waitFor("the status bar's ✓", async () => {
      const item = await wb().statusBarItem(/api-service\/production/);
      return item?.text.startsWith("[check]") ? item : undefined;
    });
    assert.match(done.text, /^\[check\] api-service\/production · \d/);
    await expandChild(running.label, "i-0a4c1e7f2b9d30001");
    const events = await rowsBelow("i-0a4c1e7f2b9d30001");
    assert.deepEqual(
      events.map((e) => `${e.label} ${e.description.split(" · ")[0]}`),
      [
        "ApplicationStop",
        "DownloadBundle",
        "BeforeInstall",
        "Install",
        "AfterInstall",
        "ApplicationStart",
        "ValidateService",
      ].map((n) => `${n} succeeded`),
    );
    await wb().screenshot("deployed");
  },
  240_000,
);

e2eTest(
  "deploying to staging fails on one instance: the notification names the hook, Show Failure shows its log tail",
  current,
  async () => {
    await deployFromCodeLens("staging");
    const failed = await wb().waitForNotification(/to api-service\/staging failed/, 90_000);
    assert.match(failed.message, /ApplicationStart failed on i-0f93b7c25e1d40011 \(ScriptFailed\)/);
    assert.match(failed.message, /It is being rolled back by d-[A-Z0-9]{9}/);
    assert.deepEqual(failed.buttons, ["Show Failure", "Show Deployment"]);
    await wb().screenshot("deploy-failed");
    await wb().clickNotificationButton(/to api-service\/staging failed/, "Show Failure");
    await waitFor("the CodeDeploy output channel", async () =>
      (await wb().selectedOutputChannel()).includes("CodeDeploy"),
    );
    await waitFor("the log tail on screen", async () =>
      (await wb().visibleOutputLines()).some((l) => /Cannot find module/.test(l)),
    );
    const text = await wb().outputText();
    assert.match(text, /ApplicationStart failed on i-0f93b7c25e1d40011/);
    assert.match(text, /Script: scripts\/start_server\.sh/);
    assert.match(text, /Log tail:/);
    assert.match(
      text,
      /\[stderr\]Error: Cannot find module '\/srv\/api-service\/dist\/config\/staging\.json'/,
    );
    await wb().screenshot("show-failure", "codedeploy-failure");
  },
  240_000,
);

e2eTest(
  "Stop Deployment… with rollback stops a running deployment and redeploys the last good revision",
  current,
  async () => {
    // A short tree: only CodeDeploy › api-service › production is open.
    await wb().clickViewAction("Collapse All");
    await wb().expand(wb().treeRow("CodeDeploy"));
    await expandChild("CodeDeploy", "api-service");
    await expandChild("api-service", "production");
    await deployFromCodeLens("production", true);
    const running = await waitForChild("production", "the new deployment", (r) =>
      /^in progress/.test(r.description),
    );
    const row = await wb().childRow("production", running.label);
    assert.ok(row);
    await wb().contextMenu(row, "Stop Deployment…");
    const modes = await wb().quickPickItems();
    await wb().screenshot("stop-modes");
    assert.deepEqual(
      modes.map((m) => m.label),
      ["Stop and roll back", "Stop without rolling back"],
    );
    await wb().pickQuickPickItem("Stop and roll back");
    await waitFor("the confirmation", async () =>
      /^Stop and roll back deployment/.test(await wb().dialogMessage()),
    );
    await wb().screenshot("stop-confirm");
    await wb().clickDialogButton("Stop Deployment");
    const stopped = await wb().waitForNotification(
      new RegExp(`Deployment ${running.label} to api-service/production was stopped`),
      60_000,
    );
    assert.match(stopped.message, /It is being rolled back by d-[A-Z0-9]{9}/);
    const rollbackId = /rolled back by (d-[A-Z0-9]{9})/.exec(stopped.message)?.[1] ?? "";
    await waitForChild(
      "production",
      "the stopped deployment",
      (r) => r.label === running.label && /^stopped/.test(r.description),
    );
    const rollback = await waitForChild(
      "production",
      "the rollback deployment to succeed",
      (r) => r.label === rollbackId && /^succeeded · rollback/.test(r.description),
      90_000,
    );
    assert.match(
      rollback.description,
      /^succeeded · rollback · .* · s3:\/\/acme-deploy-artifacts-123456789012\/api-service\//,
    );
    await wb().screenshot("stopped-and-rolled-back", "codedeploy-rollback");
  },
  300_000,
);

e2eTest(
  "appspec.yml: a hook that does not exist, and a script the folder lacks, are problems at their lines",
  current,
  async () => {
    await wb().quickOpen("appspec.yml");
    await wb().page.locator(".part.editor .monaco-editor .view-lines").first().click();
    await wb().page.keyboard.press("Control+G");
    await wb().page.keyboard.type("15");
    await wb().page.keyboard.press("Enter");
    await wb().page.keyboard.press("End");
    for (let i = 0; i < "ApplicationStart:".length; i++) await wb().page.keyboard.press("Backspace");
    await wb().page.keyboard.type("ApplicationStrat:");
    await wb().page.keyboard.press("Control+G");
    await wb().page.keyboard.type("20");
    await wb().page.keyboard.press("Enter");
    await wb().page.keyboard.press("End");
    for (let i = 0; i < "validate_service.sh".length; i++) await wb().page.keyboard.press("Backspace");
    await wb().page.keyboard.type("health_check.sh");
    // The Problems panel follows the typing (each keystroke's text is checked after a pause): wait for
    // the last text's problems.
    const problems = await waitFor("the appspec's problems", async () => {
      const found = (await wb().problems()).filter((p) => p.source === "appspec");
      return found.some((p) => p.line === 15 && /ApplicationStrat/.test(p.message)) &&
        found.some((p) => p.line === 20 && /health_check/.test(p.message))
        ? found
        : undefined;
    });
    assert.equal(problems.length, 2, JSON.stringify(problems));
    assert.equal(problems[0]?.severity, "Error");
    assert.equal(problems[0]?.line, 15);
    assert.match(
      problems[0]?.message ?? "",
      /^`ApplicationStrat` is not a lifecycle event of EC2\/on-premises deployments; the hooks are: ApplicationStop, BeforeInstall/,
    );
    assert.equal(problems[1]?.severity, "Warning");
    assert.equal(problems[1]?.line, 20);
    assert.match(
      problems[1]?.message ?? "",
      /^scripts\/health_check\.sh is not in the bundle \(.*scripts\/health_check\.sh does not exist\): ValidateService would fail with ScriptMissing\.$/,
    );
    await wb().screenshot("appspec-problems", "codedeploy-appspec");
    await wb().page.keyboard.press("Control+Z");
  },
);
