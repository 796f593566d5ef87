// CodePipeline as a user sees it in VS Code, against the simulator's `demo` scenario: the
// pipelines with their stages and actions, answering a manual approval, retrying a failed stage.
import * as assert from "node:assert/strict";
import { e2eTest, useE2eEnvironment } from "./support/environment";
import { waitFor, type TreeRow } from "./support/workbench";

// Real time: web-app-release's Deploy stage takes 20 s, long enough to fold it while it runs.
const { current, wb } = useE2eEnvironment("codepipeline", { speed: 1 });

/** The row below `parent` labelled `label`, once it matches `test`. */
async function waitForChild(
  parent: string,
  label: string,
  description: string,
  test: (row: TreeRow) => boolean = () => true,
  timeoutMs = 30_000,
): Promise<TreeRow> {
  return waitFor(
    description,
    async () => (await wb().childRows(parent)).find((r) => r.label === label && test(r)),
    timeoutMs,
  );
}

async function expandChild(parent: string, label: string): Promise<void> {
  await waitForChild(parent, label, `${parent} › ${label}`);
  const row = await wb().childRow(parent, label);
  assert.ok(row);
  await wb().expand(row);
}

e2eTest(
  "the Pipelines view lists the demo pipelines under CodePipeline with where each stands",
  current,
  async () => {
    await wb().openViewContainer("AWS CI/CD");
    const pipelines = await waitFor(
      "the demo pipelines under CodePipeline",
      async () => {
        const rows = await wb().childRows("CodePipeline");
        // Until its state has loaded a pipeline shows its type (V1, V2).
        const loaded = rows.every((r) =>
          /^(waiting for approval|failed|succeeded|in progress)/.test(r.description),
        );
        return rows.length >= 3 && loaded ? rows : undefined;
      },
      45_000,
    );
    const describe = (name: string) => pipelines.find((p) => p.label === name)?.description ?? "";
    assert.deepEqual(pipelines.map((p) => p.label).sort(), [
      "api-service-pipeline",
      "docs-site-publish",
      "web-app-release",
    ]);
    assert.match(describe("web-app-release"), /^waiting for approval · at Approval/);
    assert.match(describe("api-service-pipeline"), /^failed · at Build/);
    assert.match(describe("docs-site-publish"), /^succeeded/);
    await wb().screenshot("pipelines");
  },
);

e2eTest(
  "a pipeline lists its stages and actions; Approval / Approve waits for the user",
  current,
  async () => {
    await expandChild("CodePipeline", "web-app-release");
    const stages = await waitFor("the stages of web-app-release", async () => {
      const rows = await wb().childRows("web-app-release");
      return rows.some((r) => r.label === "Approval") ? rows : undefined;
    });
    assert.deepEqual(
      stages.map((s) => s.label).filter((l) => l !== "Executions"),
      ["Source", "Build", "Approval", "Deploy"],
    );
    const approval = stages.find((s) => s.label === "Approval");
    assert.match(approval?.description ?? "", /current/);
    assert.match(approval?.description ?? "", /waiting for approval/);
    const action = await waitForChild("Approval", "Approve", "the Approve action");
    assert.match(action.description, /^Manual · waiting for approval/);
    await wb().screenshot("web-app-release-stages", "pipeline");
    // From the palette, the pipeline waiting for an approval comes first, and says so.
    await wb().runCommand("AWS CI/CD: Approve or Reject…");
    // The palette's own list shows until the command's pick replaces it.
    await waitFor("the pipeline pick", async () => /^Pipeline/.test(await wb().quickPickTitle()));
    const offered = await wb().quickPickItems();
    assert.equal(offered[0]?.label, "web-app-release");
    assert.match(offered[0]?.description ?? "", /^waiting for approval/);
    assert.ok(
      offered.slice(1).every((i) => !/waiting for approval/.test(i.description)),
      JSON.stringify(offered),
    );
    await wb().page.keyboard.press("Escape");
  },
);

e2eTest(
  "Approve or Reject… on the waiting action, approved with a comment: the pipeline moves on to Deploy",
  current,
  async () => {
    const row = await wb().childRow("Approval", "Approve");
    assert.ok(row);
    assert.ok((await wb().contextMenuItems(row)).includes("Approve or Reject…"));
    await wb().contextMenu(row, "Approve or Reject…");
    const items = await wb().quickPickItems();
    assert.deepEqual(
      items.map((i) => i.label),
      ["Approve", "Reject", "Open the link to review"],
    );
    assert.match(await wb().quickPickTitle(), /^Approve or reject: web-app-release · Approval \/ Approve/);
    await wb().screenshot("approve-or-reject");
    await wb().pickQuickPickItem("Approve");
    const input = wb().quickInput().locator("input");
    await waitFor("the comment box", async () =>
      /^Approve: web-app-release · Approval \/ Approve/.test(await wb().quickPickTitle()),
    );
    await input.fill("Checked on staging");
    await wb().page.keyboard.press("Enter");
    await waitForChild("Approval", "Approve", "the Approve action to succeed", (r) =>
      /succeeded/.test(r.description),
    );
    const deploy = await waitForChild("web-app-release", "Deploy", "the Deploy stage to start", (r) =>
      /in progress|succeeded/.test(r.description),
    );
    assert.match(deploy.description, /in progress|succeeded/);
    const pipeline = await waitForChild("CodePipeline", "web-app-release", "the pipeline's new state", (r) =>
      /^in progress/.test(r.description),
    );
    assert.doesNotMatch(pipeline.description, /waiting for approval/);
    await wb().screenshot("approved");
    // Folded while it deploys, its row still follows the run to its end (the folded pipelines
    // that move are polled).
    await wb().collapse("web-app-release");
    assert.match(
      (await wb().childRows("CodePipeline")).find((r) => r.label === "web-app-release")?.description ?? "",
      /^in progress/,
      "folded before it ended",
    );
    await waitForChild(
      "CodePipeline",
      "web-app-release",
      "the folded pipeline's row to say it succeeded",
      (r) => /^succeeded/.test(r.description),
      120_000,
    );
  },
);

e2eTest(
  "Retry Failed Stage… on api-service-pipeline's failed Build stage runs it again",
  current,
  async () => {
    await expandChild("CodePipeline", "api-service-pipeline");
    const build = await waitForChild("api-service-pipeline", "Build", "the failed Build stage", (r) =>
      /failed/.test(r.description),
    );
    assert.match(build.description, /current/);
    const row = await wb().childRow("api-service-pipeline", "Build");
    assert.ok(row);
    await wb().contextMenu(row, "Retry Failed Stage…");
    const items = await wb().quickPickItems();
    assert.deepEqual(
      items.map((i) => i.label),
      ["Retry failed actions", "Retry all actions"],
    );
    await wb().pickQuickPickItem("Retry failed actions");
    await waitForChild("api-service-pipeline", "Build", "the Build stage to run again", (r) =>
      /in progress/.test(r.description),
    );
    await wb().screenshot("retry-stage");
  },
);
