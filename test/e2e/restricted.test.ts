// Restricted Mode as a user sees it: the sample workspace opened untrusted (workspace trust on,
// no startup prompt). The extension declares `untrustedWorkspaces: limited`, so it runs there
// read-only: its views list what the account holds, git is not run in the folder, and a command
// that would send a workspace file to AWS (a buildspec override) refuses and says why.
import * as assert from "node:assert/strict";
import { ListBuildsForProjectCommand } from "@aws-sdk/client-codebuild";
import { simClients } from "../integration/helpers/sim-clients";
import { e2eTest, useE2eEnvironment } from "./support/environment";
import { waitFor } from "./support/workbench";

const { current, wb } = useE2eEnvironment("restricted", { restricted: true });

const demoProjects = ["api-service", "docs-site", "nightly-integration", "web-app"];
const demoPipelines = ["api-service-pipeline", "docs-site-publish", "web-app-release"];

/** How many builds the simulator holds for `project` (what AWS would list). */
async function buildCount(project: string): Promise<number> {
  const env = current();
  assert.ok(env);
  const clients = simClients(env.simulator, { maxAttempts: 3 });
  try {
    const { ids } = await clients.codebuild.send(new ListBuildsForProjectCommand({ projectName: project }));
    return ids?.length ?? 0;
  } finally {
    clients.destroy();
  }
}

e2eTest("the folder opens in Restricted Mode, and VS Code says so", current, async () => {
  const restricted = await waitFor(
    "the Restricted Mode status bar item",
    () => wb().statusBarItem(/Restricted Mode/),
    30_000,
  );
  assert.match(restricted.text + restricted.ariaLabel, /Restricted Mode/);
  await wb().screenshot("restricted-mode");
});

e2eTest(
  "the AWS CI/CD view container is there; Pipelines lists the demo's projects and pipelines",
  current,
  async () => {
    await wb().activityBarEntry("AWS CI/CD").waitFor({ timeout: 30_000 });
    await wb().openViewContainer("AWS CI/CD");
    const titles = await wb().viewTitles();
    assert.ok(titles.includes("Pipelines"), `the Pipelines view is shown: ${titles.join(", ")}`);
    assert.ok(titles.includes("Current Branch"), `the Current Branch view is shown: ${titles.join(", ")}`);

    const projects = await waitFor(
      "the demo projects under CodeBuild",
      async () => {
        const labels = (await wb().childRows("CodeBuild")).map((r) => r.label);
        return demoProjects.every((p) => labels.includes(p)) ? labels : undefined;
      },
      45_000,
    );
    assert.deepEqual([...projects].sort(), demoProjects);
    const pipelines = await waitFor(
      "the demo pipelines under CodePipeline",
      async () => {
        const labels = (await wb().childRows("CodePipeline")).map((r) => r.label);
        return demoPipelines.every((p) => labels.includes(p)) ? labels : undefined;
      },
      45_000,
    );
    assert.deepEqual([...pipelines].sort(), demoPipelines);

    // Read-only views work below the top level too: a project's builds.
    await wb().expand(wb().treeRow("web-app"));
    await waitFor(
      "builds under web-app",
      async () => (await wb().childRows("web-app")).some((r) => /^#\d+$/.test(r.label)),
      30_000,
    );
    await wb().screenshot("restricted-pipelines");
  },
);

e2eTest(
  "Current Branch says Restricted Mode instead of the branch (git is not run in the folder)",
  current,
  async () => {
    const row = await waitFor(
      "the workspace's row in Current Branch",
      async () => (await wb().treeRows("Current Branch")).find((r) => r.label === "workspace"),
      30_000,
    );
    assert.equal(row.description, "Restricted Mode: trust the folder to see its branch");
    assert.equal(row.expanded, undefined, "the row has no children (no branch, no builds)");
    await wb().screenshot("restricted-current-branch");
  },
);

e2eTest(
  "Start Build with Environment Variables… refuses a buildspec from the workspace, and starts nothing",
  current,
  async () => {
    const before = await buildCount("web-app");
    await wb().clearNotifications();
    await wb().contextMenu(await wb().revealedRow("web-app"), "Start Build with Environment Variables…");

    // What to build: git is not read here, so there is no current branch to offer.
    const sources = (await wb().quickPickItems()).map((i) => i.label);
    assert.ok(!sources.some((l) => /\bmain$/.test(l)), `no current branch is offered: ${sources.join(", ")}`);
    await wb().pickQuickPickItem("Project default");

    // One environment variable, then an empty entry to finish.
    const input = wb().quickInput().locator("input");
    await waitFor("the environment variables input", async () =>
      /environment variables \(0 so far\)/.test(await wb().quickPickTitle()),
    );
    await input.fill("DEPLOY_ENV=staging");
    await wb().page.keyboard.press("Enter");
    await waitFor("the input to count one variable", async () =>
      /environment variables \(1 so far\)/.test(await wb().quickPickTitle()),
    );
    await input.fill("");
    await wb().page.keyboard.press("Enter");

    // The buildspec: the workspace's buildspec.yml would be read and sent to AWS.
    await waitFor("the buildspec picker", async () => /— buildspec/.test(await wb().quickPickTitle()));
    const buildspecs = (await wb().quickPickItems()).map((i) => i.label);
    assert.ok(
      buildspecs.includes("buildspec.yml"),
      `the workspace's buildspec is offered: ${buildspecs.join(", ")}`,
    );
    await wb().screenshot("restricted-buildspec-picker");
    await wb().pickQuickPickItem("buildspec.yml");

    const refusal = await wb().waitForNotification(/^Restricted Mode:/);
    assert.equal(
      refusal.message,
      "Restricted Mode: A buildspec override from the workspace reads this workspace's files to act on AWS, so it needs a trusted workspace. Trust the folder (Manage Workspace Trust) and try again.",
    );
    await wb().screenshot("restricted-refusal");
    // Nothing reached AWS: no build was started.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    assert.equal(await buildCount("web-app"), before, "no build of web-app was started");
  },
);

e2eTest("Start Build… changes nothing in AWS from an untrusted folder: it says so", current, async () => {
  const before = await buildCount("docs-site");
  await wb().clearNotifications();
  await wb().contextMenu(await wb().revealedRow("docs-site"), "Start Build…");
  await wb().quickPickItems();
  await wb().pickQuickPickItem("Project default");
  const refusal = await wb().waitForNotification(/^Restricted Mode:/);
  assert.match(
    refusal.message,
    /makes no change to AWS from an untrusted folder \(Start a build of docs-site/,
  );
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  assert.equal(await buildCount("docs-site"), before, "no build of docs-site was started");
});
