// The CodeBuild part of the extension as a user sees it in VS Code (code-server + Chromium),
// against the simulator's `demo` scenario: the tree, starting a build from the project's
// context menu, the status bar, the completion notification, the build log, stopping a build.
import * as assert from "node:assert/strict";
import { e2eTest, useE2eEnvironment } from "./support/environment";
import { waitFor } from "./support/workbench";

const { current, wb } = useE2eEnvironment("codebuild");

const demoProjects = ["web-app", "api-service", "nightly-integration", "docs-site"];

/** The project's row in the CodeBuild section (a CodeDeploy application may share its name). */
async function projectRow(project: string) {
  return waitFor(`${project} under CodeBuild`, () => wb().childRow("CodeBuild", project));
}

/** Highest build number shown under an expanded project. */
async function latestBuildNumber(project: string): Promise<number> {
  const numbers = (await wb().childRows(project))
    .map((row) => /^#(\d+)$/.exec(row.label)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number);
  return Math.max(0, ...numbers);
}

/**
 * Starts a build of `project` from its context menu, accepting the first source (the current
 * branch). Returns its number and the status bar item as first seen after the start (read at
 * once: on a busy machine the demo's short build may be over before its row shows in the tree).
 */
async function startBuildFromContextMenu(
  project: string,
): Promise<{ number: number; firstStatus: { text: string } }> {
  await wb().expand(await projectRow(project));
  const before = await waitFor(`builds under ${project}`, async () => {
    const n = await latestBuildNumber(project);
    return n > 0 ? n : undefined;
  });
  await wb().contextMenu(await projectRow(project), "Start Build…");
  const items = await wb().quickPickItems();
  assert.match(items[0]?.label ?? "", /\bmain$/, `first source item: ${JSON.stringify(items)}`);
  assert.match(items[0]?.description ?? "", /current branch/);
  await wb().screenshot(`${project}-what-to-build`);
  await wb().page.keyboard.press("Enter");
  const started = before + 1;
  const firstStatus = await waitFor(
    `the status bar item of ${project} #${started}`,
    () => wb().statusBarItem(new RegExp(`${project} #${started}\\b`)),
    30_000,
    50,
  );
  await waitFor(`${project} #${started} in the tree`, () => wb().childRow(project, `#${started}`), 30_000);
  return { number: started, firstStatus };
}

e2eTest(
  "the activity bar has AWS CI/CD, whose Pipelines view lists the demo projects under CodeBuild",
  current,
  async () => {
    await wb().activityBarEntry("AWS CI/CD").waitFor({ timeout: 30_000 });
    await wb().openViewContainer("AWS CI/CD");
    assert.ok((await wb().viewTitles()).includes("Pipelines"), "the Pipelines view is shown");
    const projects = await waitFor(
      "the four demo projects under CodeBuild",
      async () => {
        const rows = await wb().childRows("CodeBuild");
        return demoProjects.every((p) => rows.some((r) => r.label === p)) ? rows : undefined;
      },
      45_000,
    );
    const codeBuild = (await wb().treeRows()).find((r) => r.label === "CodeBuild");
    assert.equal(codeBuild?.expanded, true, "the CodeBuild node is expanded");
    assert.deepEqual(projects.map((p) => p.label).sort(), [...demoProjects].sort());
    // The other sections load after CodeBuild (each says "Loading…" until then) and the sections'
    // rows gain the region once the connection has resolved: the later tests click rows by
    // their place in the tree, so they start once it has settled.
    // The project rows come from the projects' names; their descriptions once CodeBuild has
    // described them (BatchGetProjects).
    await waitFor(
      "every section loaded, the CodeBuild row showing its region and web-app its description",
      async () => {
        const rows = await wb().treeRows();
        return (
          !rows.some((r) => r.label === "Loading…") &&
          /us-east-1/.test(rows.find((r) => r.label === "CodeBuild")?.description ?? "") &&
          /^Customer-facing web front end/.test(rows.find((r) => r.label === "web-app")?.description ?? "")
        );
      },
      45_000,
    );
    await wb().screenshot("projects");
  },
);

e2eTest(
  "a project lists its recent builds with status, branch and initiator; a build lists its phases",
  current,
  async () => {
    await wb().expand(await projectRow("web-app"));
    const builds = await waitFor("builds under web-app", async () => {
      const rows = (await wb().childRows("web-app")).filter((r) => /^#\d+$/.test(r.label));
      return rows.length >= 5 ? rows : undefined;
    });
    // The demo's history: newest first, #5 succeeded on main, started by the pipeline.
    assert.equal(builds[0]?.label, "#5");
    assert.match(builds[0]?.description ?? "", /succeeded/);
    assert.match(builds[0]?.description ?? "", /main/);
    assert.match(builds[0]?.description ?? "", /web-app-pipeline|codepipeline/);
    assert.ok(
      builds.some((b) => /failed/.test(b.description) && /feature\/checkout-total/.test(b.description)),
    );

    const build5 = await wb().childRow("web-app", "#5");
    assert.ok(build5);
    await wb().expand(build5);
    const phases = await waitFor("phases of web-app #5", async () => {
      const rows = await wb().childRows("#5");
      return rows.length > 0 ? rows : undefined;
    });
    const names = phases.map((p) => p.label);
    for (const phase of ["Submitted", "Provisioning", "Install", "Build", "Post build", "Completed"]) {
      assert.ok(names.includes(phase), `phase ${phase} in ${names.join(", ")}`);
    }
    assert.ok(names.indexOf("Install") < names.indexOf("Build"), "phases in order");
    await wb().screenshot("build-phases", "tree");
    // Collapse it again so later rows stay in view.
    await build5.locator(".monaco-tl-twistie").click();
  },
);

let webAppBuild = 0;

e2eTest(
  "Start Build… on web-app builds the current branch: running, then ✓ in the status bar and a notification",
  current,
  async () => {
    const started = await startBuildFromContextMenu("web-app");
    webAppBuild = started.number;
    const name = `web-app #${webAppBuild}`;
    const running = started.firstStatus;
    await wb().screenshot("web-app-running");
    assert.match(
      running.text,
      new RegExp(`^\\[sync~spin\\] ${name} · \\S`),
      "spinner and phase while it runs",
    );
    const notification = await wb().waitForNotification(new RegExp(`${name} succeeded`), 60_000);
    assert.deepEqual(notification.buttons, ["Show Log", "Open in Console"]);
    const row = await waitFor(`#${webAppBuild} to show as succeeded in the tree`, async () => {
      const found = (await wb().childRows("web-app")).find((r) => r.label === `#${webAppBuild}`);
      return found && /succeeded/.test(found.description) ? found : undefined;
    });
    assert.match(row.description, /^succeeded · main · sim-user/);
    await wb().screenshot("web-app-succeeded", "build-succeeded");
    const done = await waitFor(`${name} to show as succeeded in the status bar`, async () => {
      const item = await wb().statusBarItem(new RegExp(`${name}\\b`));
      return item?.text.startsWith("[check]") ? item : undefined;
    });
    assert.match(done.text, new RegExp(`^\\[check\\] ${name}`));
  },
);

e2eTest(
  "Show Log opens the build's output channel with every phase's lines in order and a summary",
  current,
  async () => {
    const name = `web-app #${webAppBuild}`;
    await wb().clickNotificationButton(new RegExp(`${name} succeeded`), "Show Log");
    await waitFor("the Output panel to show the build's channel", async () =>
      (await wb().selectedOutputChannel()).includes(name),
    );
    // The follower drains the rest of the log after the build ends, then writes the summary.
    const summary = new RegExp(`Build ${name} SUCCEEDED in \\d`);
    await waitFor("the summary line on screen", async () =>
      (await wb().visibleOutputLines()).some((l) => summary.test(l)),
    );
    await wb().screenshot("web-app-log");
    const lines = (await wb().outputText()).split(/\r?\n/).filter((l) => l.trim() !== "");
    const indexOf = (pattern: RegExp) => lines.findIndex((l) => pattern.test(l));
    // CodeBuild's own phase markers, then the demo's commands, in the order the phases ran.
    const order = [
      /Entering phase INSTALL/,
      /Running command npm ci/,
      /Entering phase PRE_BUILD/,
      /Running command npm run lint/,
      /Entering phase BUILD/,
      /vite v5\.4\.8 building for production/,
      /Entering phase POST_BUILD/,
    ].map((pattern) => ({ pattern, at: indexOf(pattern) }));
    for (const { pattern, at } of order) {
      assert.ok(at >= 0, `the log has a line matching ${String(pattern)}:\n${lines.join("\n")}`);
    }
    for (let i = 1; i < order.length; i++) {
      assert.ok(
        order[i]!.at > order[i - 1]!.at,
        `${String(order[i]!.pattern)} comes after ${String(order[i - 1]!.pattern)}`,
      );
    }
    const last = lines[lines.length - 1] ?? "";
    assert.match(last, summary, `the summary is the last line`);
  },
);

e2eTest(
  "buildspec.yml has a CodeLens that starts the repository's project, api-service; it fails: ✗ in the status bar and an error notification",
  current,
  async () => {
    // The sample repository's origin is api-service's source, so its buildspec offers that project.
    await wb().quickOpen("buildspec.yml");
    const lens = wb().codeLens(/Start build \(api-service\)/);
    await lens.waitFor({ timeout: 30_000 });
    assert.equal(
      await wb()
        .codeLens(/Start build \(web-app\)/)
        .count(),
      0,
      "only the repository's own project",
    );
    await wb().expand(await projectRow("api-service"));
    const before = await waitFor("api-service's builds", async () => {
      const n = await latestBuildNumber("api-service");
      return n > 0 ? n : undefined;
    });
    await lens.click();
    const items = await wb().quickPickItems();
    assert.match(items[0]?.label ?? "", /\bmain$/);
    await wb().page.keyboard.press("Enter");
    const name = `api-service #${before + 1}`;
    const notification = await wb().waitForNotification(new RegExp(`${name} failed`), 60_000);
    assert.match(notification.message, /in phase BUILD/);
    assert.deepEqual(notification.buttons, ["Show Problems", "Show Log", "Open in Console"]);
    // The log of the build it started (followed since) ends with the failure.
    await waitFor("the api-service log's summary", async () =>
      (await wb().visibleOutputLines()).some((l) =>
        new RegExp(`Build ${name} FAILED \\(phase BUILD FAILED\\)`).test(l),
      ),
    );
    await wb().screenshot("api-service-failed");
    const log = await wb().outputText();
    assert.match(log, /error TS\d+/, "the compiler errors are in the log");
    const item = await waitFor(`${name} to show as failed in the status bar`, async () => {
      const found = await wb().statusBarItem(new RegExp(`${name}\\b`));
      return found?.text.startsWith("[x]") ? found : undefined;
    });
    assert.match(item.text, new RegExp(`^\\[x\\] ${name} failed`));
  },
);

e2eTest(
  "the failed build's TypeScript errors are problems at the workspace's files and lines",
  current,
  async () => {
    // The failure's notification leads there.
    await wb().clickNotificationButton(/api-service #\d+ failed/, "Show Problems");
    const problems = await waitFor("the build's problems", async () => {
      const found = await wb().problems({ open: false });
      return found.length >= 4 ? found : undefined;
    });
    const at = problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.source.replace(/ #\d+$/, "")}`);
    assert.deepEqual(at, [
      "src/app.ts:12:5 CodeBuild: api-service",
      "src/handlers/orders.ts:42:7 CodeBuild: api-service",
      "src/handlers/orders.ts:87:19 CodeBuild: api-service",
      "src/routes/index.ts:3:10 CodeBuild: api-service",
    ]);
    assert.ok(problems.every((p) => p.severity === "Error"));
    assert.match(problems[3]?.message ?? "", /has no exported member 'listUsers'/);
    await wb().screenshot("build-problems", "problems");
  },
);

/** The running nightly-integration build (the demo starts one), with its project expanded. */
async function runningNightlyBuild(): Promise<string> {
  await wb().expand(await projectRow("nightly-integration"));
  const row = await waitFor("a running nightly-integration build", async () =>
    (await wb().childRows("nightly-integration")).find(
      (r) => /^#\d+$/.test(r.label) && !/succeeded|failed|stopped/.test(r.description),
    ),
  );
  return row.label;
}

e2eTest(
  "clicking a running nightly-integration build follows its log live in an output channel",
  current,
  async () => {
    await wb().clearNotifications();
    const label = await runningNightlyBuild();
    const row = await waitFor(`the row of ${label}`, () => wb().childRow("nightly-integration", label));
    await row.click();
    const name = `nightly-integration ${label}`;
    await waitFor("the Output panel to show the build's channel", async () =>
      (await wb().selectedOutputChannel()).includes(name),
    );
    const first = await waitFor("log lines", async () => {
      const lines = await wb().visibleOutputLines();
      return lines.filter((l) => l.trim()).length > 3 ? lines : undefined;
    });
    // New lines keep arriving while it runs: the last line on screen changes.
    const lastOf = (lines: string[]) => lines.filter((l) => l.trim()).pop() ?? "";
    await waitFor(
      "new log lines to arrive",
      async () => lastOf(await wb().visibleOutputLines()) !== lastOf(first),
      30_000,
    );
    await wb().screenshot("nightly-live-log", "build-log");
  },
);

e2eTest(
  "Stop Build on a running nightly-integration build asks to confirm, then the build is stopped",
  current,
  async () => {
    // A build of its own: the demo's running one may end (about 2 minutes at e2e speed) while
    // the earlier tests run.
    await wb().clearNotifications();
    const started = await startBuildFromContextMenu("nightly-integration");
    const running = { label: `#${started.number}` };
    const row = await waitFor(`the row of ${running.label}`, () =>
      wb().childRow("nightly-integration", running.label),
    );
    assert.ok((await wb().contextMenuItems(row)).includes("Stop Build"));
    await wb().contextMenu(row, "Stop Build");
    const message = await wb().dialogMessage();
    assert.match(message, new RegExp(`Stop build nightly-integration ${running.label}\\?`));
    // It names where the change happens: the account (from STS) and the region.
    const detail = await wb().dialogDetail();
    assert.match(detail, /Account 123456789012 · region us-east-1/);
    await wb().screenshot("stop-confirm", "stop-build");
    await wb().clickDialogButton("Stop Build");
    const stopped = await waitFor(
      `nightly-integration ${running.label} to be stopped`,
      async () => {
        const now = (await wb().childRows("nightly-integration")).find((r) => r.label === running.label);
        return now && /stopped/.test(now.description) ? now : undefined;
      },
      60_000,
    );
    assert.match(stopped.description, /^stopped/);
    await wb().screenshot("stopped");
  },
);
