// The connection as a user sees it: the profile · region status bar item and its picker, a
// region without projects, and an endpoint that stops answering.
import * as assert from "node:assert/strict";
import { e2eTest, useE2eEnvironment } from "./support/environment";
import { waitFor } from "./support/workbench";

const { current, wb } = useE2eEnvironment("connection");

async function projectLabels(): Promise<string[]> {
  return (await wb().childRows("CodeBuild")).map((r) => r.label);
}

/** The text of the view's welcome content once it shows (within 45 s). */
async function waitForWelcome(description: string): Promise<string> {
  return waitFor(
    description,
    async () => {
      const content = wb().welcomeContent();
      return (await content.isVisible()) ? (await content.innerText()).trim() : undefined;
    },
    45_000,
  );
}

e2eTest(
  "the status bar shows simulator · us-east-1; its picker lists the profiles and regions",
  current,
  async () => {
    await wb().openViewContainer("AWS CI/CD");
    await expectDemoProjects();
    const item = await waitFor("the connection status bar item", () =>
      wb().statusBarItem(/simulator · us-east-1/),
    );
    assert.match(item.text, /simulator · us-east-1$/);
    await wb()
      .statusBarLocator(/simulator · us-east-1/)
      .click();
    const labels = (await wb().quickPickItems()).map((i) => i.label);
    for (const expected of ["simulator", "simulator-eu", "us-east-1", "eu-west-1"]) {
      assert.ok(
        labels.some((l) => l === expected),
        `the picker offers ${expected}: ${labels.join(", ")}`,
      );
    }
    await wb().screenshot("connection-picker", "connection-picker");
    await wb().page.keyboard.press("Escape");
  },
);

/** Waits until the tree shows the region without projects (the simulator keeps state per region). */
async function expectEmptyRegion(region: string): Promise<void> {
  const rows = await waitFor(
    `the tree to show ${region} without projects`,
    async () => {
      const labels = await projectLabels();
      return labels.length > 0 && !labels.includes("web-app") ? labels : undefined;
    },
    30_000,
  );
  assert.deepEqual(rows, ["No projects — switch region"]);
  const codeBuild = (await wb().treeRows()).find((r) => r.label === "CodeBuild");
  assert.equal(codeBuild?.description, region);
}

async function expectDemoProjects(): Promise<void> {
  await waitFor("the demo projects", async () => (await projectLabels()).includes("web-app"), 30_000);
}

e2eTest(
  "choosing profile simulator-eu switches to its region eu-west-1, which has no projects",
  current,
  async () => {
    await wb()
      .statusBarLocator(/simulator · us-east-1/)
      .click();
    await wb().quickPickItems();
    await wb().pickQuickPickItem("simulator-eu");
    await waitFor("the status bar to show simulator-eu · eu-west-1", () =>
      wb().statusBarItem(/simulator-eu · eu-west-1/),
    );
    await expectEmptyRegion("eu-west-1");
    await wb().screenshot("profile-simulator-eu");

    await wb().runCommand("AWS CI/CD: Select Profile…");
    await wb().quickPickItems();
    await wb().pickQuickPickItem("simulator");
    await waitFor("the status bar to show simulator · us-east-1", () =>
      wb().statusBarItem(/simulator · us-east-1/),
    );
    await expectDemoProjects();
  },
);

e2eTest("choosing region eu-west-1 refreshes the tree, which has no projects there", current, async () => {
  await wb()
    .statusBarLocator(/simulator · us-east-1/)
    .click();
  await wb().quickPickItems();
  await wb().pickQuickPickItem("eu-west-1");
  await waitFor("the status bar to show simulator · eu-west-1", () =>
    wb().statusBarItem(/simulator · eu-west-1/),
  );
  await expectEmptyRegion("eu-west-1");
  await wb().screenshot("region-eu-west-1");

  // The empty section's row is the way to another region.
  await (await wb().revealedRow("No projects — switch region")).click();
  await wb().quickPickItems();
  await wb().pickQuickPickItem("us-east-1");
  await waitFor("the status bar to show simulator · us-east-1", () =>
    wb().statusBarItem(/simulator · us-east-1/),
  );
  await expectDemoProjects();
});

e2eTest(
  "with the simulator stopped, Refresh shows the welcome message that the endpoint is unreachable",
  current,
  async () => {
    const env = current();
    assert.ok(env);
    await wb().clearNotifications();
    await env.stopSimulator();
    await wb().clickViewAction("Refresh");
    await waitFor("the connection item to show a warning", async () =>
      (await wb().statusBarItem(/simulator · us-east-1/))?.text.startsWith("[warning]"),
    );
    await wb().screenshot("endpoint-unreachable");
    // Within the extension's overall request deadline (40 s), however busy the machine.
    const welcome = await waitForWelcome(
      "the unreachable welcome content (viewsWelcome awsCicd.welcome.unreachable)",
    );
    assert.match(welcome, /could not be reached/);
    assert.match(welcome, /Retry/);
  },
);

e2eTest(
  "an unreachable endpoint does not storm: at most one notification while polling goes on",
  current,
  async () => {
    assert.ok(current());
    // Polling (running builds, the tree) keeps failing in the background for a while.
    await new Promise((resolve) => setTimeout(resolve, 15_000));
    await wb().clickViewAction("Refresh");
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const notifications = await wb().allNotifications();
    assert.ok(notifications.length <= 1, `at most one notification, got: ${JSON.stringify(notifications)}`);
    const item = await wb().statusBarItem(/simulator · us-east-1/);
    assert.match(item?.text ?? "", /^\[warning\]/, "the connection item still shows the warning");
  },
);

e2eTest(
  "a window opened while the endpoint is unreachable shows the welcome message, not sections that failed",
  current,
  async () => {
    const env = current();
    assert.ok(env);
    // A new window (a new extension host): the tree's first answer is its sections, at once;
    // when every one of them fails the tree empties and its welcome view says why.
    await env.page.reload();
    await env.page.locator(".monaco-workbench").waitFor({ timeout: 90_000 });
    // The reloaded window may restore the sidebar open or closed; either way it is shown.
    await wb().openViewContainer("AWS CI/CD");
    const welcome = await waitForWelcome("the unreachable welcome content in the new window");
    assert.match(welcome, /could not be reached/);
    assert.deepEqual(
      (await wb().treeRows()).map((r) => r.label),
      [],
      "no section is left in the tree once the welcome view shows",
    );
    await wb().screenshot("unreachable-new-window");
  },
);
