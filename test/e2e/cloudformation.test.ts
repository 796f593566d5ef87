// CloudFormation as a user sees it in VS Code (code-server + Chromium), against the simulator's
// `demo` scenario: the stacks in the tree, deploying the sample's infra/template.yaml from its
// CodeLens through the change-set view, the template diff, executing it while the events, the
// timeline and the status bar follow it, a deploy with no changes, a failing update with its root
// cause, bad input, drift, and a pipeline's CloudFormation action leading to its change set.
import * as assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { CloudFormationClient, ListChangeSetsCommand } from "@aws-sdk/client-cloudformation";
import type { Frame } from "playwright-core";
import { e2eTest, useE2eEnvironment } from "./support/environment";
import { waitFor, type TreeRow } from "./support/workbench";

// Slow enough to watch an update run (about 15 s), fast enough for the suite.
const { current, wb } = useE2eEnvironment("cloudformation", { speed: 2 });

const STACK = "api-service-infra";

function templatePath(): string {
  return path.join(current()!.workspace, "infra", "template.yaml");
}

async function waitForChild(
  parent: string,
  label: string | RegExp,
  description: string,
  test: (row: TreeRow) => boolean = () => true,
  timeoutMs = 30_000,
): Promise<TreeRow> {
  return waitFor(
    description,
    async () =>
      (await wb().childRows(parent)).find(
        (r) => (typeof label === "string" ? r.label === label : label.test(r.label)) && test(r),
      ),
    timeoutMs,
  );
}

async function expandChild(parent: string, label: string): Promise<void> {
  await waitForChild(parent, label, `${parent} › ${label}`);
  const row = await wb().childRow(parent, label);
  assert.ok(row);
  await wb().expand(row);
}

/** The webview frame (the change-set view, the timeline) whose page has `selector`. */
async function webview(selector: string, timeoutMs = 30_000): Promise<Frame> {
  return waitFor(
    `a webview showing ${selector}`,
    async () => {
      for (const frame of wb().page.frames()) {
        try {
          if ((await frame.locator(selector).count()) > 0) return frame;
        } catch {
          // A frame that went away meanwhile.
        }
      }
      return undefined;
    },
    timeoutMs,
  );
}

/** Clicks a CodeLens of the visible editor, with no hover left over it. */
async function clickCodeLens(match: RegExp): Promise<void> {
  const lens = wb().codeLens(match).first();
  await lens.waitFor({ timeout: 30_000 });
  await wb().page.mouse.move(1300, 700);
  await wb().page.keyboard.press("Escape");
  await lens.click();
}

/** Folds a row of the tree if it is expanded. */
async function collapseChild(parent: string, label: string): Promise<void> {
  const row = await wb().childRow(parent, label);
  if (row && (await row.getAttribute("aria-expanded")) === "true") {
    await row.locator(".monaco-tl-twistie").click();
    await waitFor(`${label} to fold`, async () => (await row.getAttribute("aria-expanded")) === "false");
  }
}

/** Deploy… from the template's CodeLens, through the stack, parameters, capabilities and tags steps. */
async function deployFromCodeLens(stack: string): Promise<void> {
  await wb().quickOpen("template.yaml");
  await clickCodeLens(/Deploy…/);
  await waitFor(`${stack} among the stacks`, async () =>
    (await wb().quickPickItems()).some((i) => i.label === stack),
  );
  await wb().pickQuickPickItem(stack);
  await waitFor("the parameters", async () => /Parameters of/.test(await wb().quickPickTitle()), 30_000);
  await wb().page.keyboard.press("Enter");
  await waitFor("the capabilities", async () =>
    /acknowledge what the template does/.test(await wb().quickPickTitle()),
  );
  await wb().page.keyboard.press("Enter");
  await waitFor("the tags", async () => /tags/.test(await wb().quickPickTitle()));
  await wb().page.keyboard.press("Enter");
}

interface ChangeRow {
  action: string;
  logicalId: string;
  replacement: string;
  replacementClass: string;
}

async function changeRows(frame: Frame): Promise<ChangeRow[]> {
  await frame.locator("tr.change").first().waitFor({ timeout: 60_000 });
  return frame.locator("tr.change").evaluateAll((rows) =>
    rows.map((row) => {
      const cells = (
        row as unknown as {
          querySelectorAll(s: string): ArrayLike<{ textContent: string | null; className: string }>;
        }
      ).querySelectorAll("td");
      return {
        action: (cells[0]?.textContent ?? "").replace(/^\W+/, "").trim(),
        logicalId: cells[1]?.textContent ?? "",
        replacement: cells[4]?.textContent ?? "",
        replacementClass: cells[4]?.className ?? "",
      };
    }),
  );
}

/** Changes the template on disk (as an editor elsewhere would) and has VS Code read it again. */
async function writeTemplate(text: string): Promise<void> {
  writeFileSync(templatePath(), text);
  await wb().quickOpen("template.yaml");
  await wb().runCommand("File: Revert File");
  await wb().page.waitForTimeout(500);
}

/** A wider sidebar, and the Current Branch view folded, so the stacks' rows read whole. */
async function roomForTheTree(): Promise<void> {
  const sidebar = await wb().page.locator(".part.sidebar").boundingBox();
  if (sidebar && sidebar.width < 500) {
    const y = sidebar.y + sidebar.height / 2;
    await wb().page.mouse.move(sidebar.x + sidebar.width - 1, y);
    await wb().page.mouse.down();
    await wb().page.mouse.move(sidebar.x + 540, y, { steps: 8 });
    await wb().page.mouse.up();
  }
  const branch = wb().view("Current Branch").locator(".pane-header");
  if ((await branch.getAttribute("aria-expanded")) === "true") await branch.click();
}

function sdk(): CloudFormationClient {
  const sim = current()!.simulator;
  return new CloudFormationClient({
    endpoint: sim.url,
    region: sim.region,
    credentials: sim.credentials,
    maxAttempts: 1,
  });
}

async function openChangeSets(stack: string): Promise<number> {
  const client = sdk();
  try {
    return (await client.send(new ListChangeSetsCommand({ StackName: stack }))).Summaries?.length ?? 0;
  } finally {
    client.destroy();
  }
}

e2eTest(
  "the Pipelines view lists the demo stacks under CloudFormation with their status",
  current,
  async () => {
    await wb().openViewContainer("AWS CI/CD");
    await roomForTheTree();
    const stacks = await waitFor(
      "the demo stacks under CloudFormation",
      async () => {
        const rows = await wb().childRows("CloudFormation");
        return rows.length >= 3 && rows.every((r) => r.description !== "") ? rows : undefined;
      },
      60_000,
    );
    assert.deepEqual(
      stacks.map((s) => s.label),
      ["api-service-infra", "docs-site-bucket", "web-app-cdn"],
      "sorted by name, the deleted prototype hidden",
    );
    const describe = (name: string) => stacks.find((s) => s.label === name)?.description ?? "";
    assert.match(describe("api-service-infra"), /^update complete · (yesterday|\d+ h ago)/);
    assert.match(describe("web-app-cdn"), /^update rollback complete/);
    assert.match(describe("docs-site-bucket"), /^create complete/);
    await wb().screenshot("stacks", "cloudformation-stacks");
  },
);

e2eTest(
  "a stack shows its nested stack, resources with physical IDs, outputs and masked parameters",
  current,
  async () => {
    await expandChild("CloudFormation", STACK);
    const children = await waitFor("the stack's children", async () => {
      const rows = await wb().childRows(STACK);
      return rows.some((r) => r.label === "Resources") ? rows : undefined;
    });
    assert.match(children[0]?.label ?? "", /^api-service-infra-Monitoring-/, "the nested stack first");
    assert.deepEqual(
      children.slice(1).map((c) => c.label),
      ["Resources", "Outputs", "Parameters", "Events", "Change Sets"],
    );
    await expandChild(STACK, "Resources");
    const queue = await waitForChild("Resources", "OrdersQueue", "OrdersQueue");
    // A long physical ID (a queue's URL) shows its end.
    assert.match(queue.description, /^AWS::SQS::Queue · …api-service-infra-OrdersQueue-[A-Z0-9]{13}$/);
    await expandChild(STACK, "Parameters");
    const apiKey = await waitForChild("Parameters", "ApiKey", "the ApiKey parameter");
    assert.equal(apiKey.description, "****");
    await wb().screenshot("stack-expanded", "cloudformation-stack");
    // Collapsed again: the next tests expand other stacks' groups of the same names.
    const stackRow = await wb().childRow("CloudFormation", STACK);
    assert.ok(stackRow);
    await stackRow.locator(".monaco-tl-twistie").click();
    await waitFor(
      "the stack to collapse",
      async () => (await stackRow.getAttribute("aria-expanded")) === "false",
    );
  },
);

e2eTest(
  "Deploy… from the template's CodeLens shows the change set first: replacements in red and amber, properties before and after",
  current,
  async () => {
    await wb().quickOpen("template.yaml");
    await clickCodeLens(/Deploy…/);
    const stacks = await wb().quickPickItems();
    assert.ok(stacks.some((i) => /New stack/.test(i.label)));
    assert.match(stacks.find((i) => i.label === STACK)?.description ?? "", /update complete/);
    await wb().pickQuickPickItem(STACK);
    await waitFor(
      "the parameters",
      async () =>
        /Parameters of api-service-infra \(values from infra\/template\.parameters\.json\)/.test(
          await wb().quickPickTitle(),
        ),
      30_000,
    );
    const parameters = await wb().quickPickItems();
    const value = (key: string) => parameters.find((p) => p.label === key)?.description;
    assert.equal(value("Stage"), "prod");
    assert.equal(value("AlertEmail"), "oncall@example.com");
    assert.equal(value("ApiKey"), "**** (kept as deployed)");
    await wb().screenshot("deploy-parameters");
    await wb().page.keyboard.press("Enter");
    await waitFor("the capabilities", async () =>
      /acknowledge what the template does/.test(await wb().quickPickTitle()),
    );
    assert.deepEqual(
      (await wb().quickPickItems()).map((i) => i.label),
      ["CAPABILITY_IAM"],
    );
    await wb().page.keyboard.press("Enter");
    await waitFor("the tags", async () => /tags/.test(await wb().quickPickTitle()));
    assert.equal(await wb().quickInput().locator("input").inputValue(), "team=api, service=api-service");
    await wb().page.keyboard.press("Enter");

    const frame = await webview("table.changes", 60_000);
    const rows = await changeRows(frame);
    const row = (id: string) => rows.find((r) => r.logicalId === id);
    assert.deepEqual(row("DeadLetterQueue")?.action, "Add");
    assert.deepEqual([row("EventsTopic")?.action, row("EventsTopic")?.replacement], ["Modify", "True"]);
    assert.match(row("EventsTopic")?.replacementClass ?? "", /repl-True/);
    assert.deepEqual(row("AlertSubscription")?.replacement, "Conditional");
    assert.match(row("AlertSubscription")?.replacementClass ?? "", /repl-Conditional/);
    assert.deepEqual(row("OrdersQueue")?.replacement, "False");
    const visibility = await frame
      .locator("table.props tr", { hasText: "VisibilityTimeout" })
      .first()
      .evaluate((tr) => (tr as unknown as { innerText: string }).innerText);
    assert.match(visibility, /VisibilityTimeout\s+30\s+60\s+in place\s+changed in the template/);
    await wb().screenshot("change-set", "cloudformation-change-set");
  },
);

e2eTest(
  "View Template Diff opens VS Code's diff editor: the deployed template beside the workspace file",
  current,
  async () => {
    const frame = await webview("table.changes");
    await frame.locator('button[data-command="diff"]').click();
    const tab = wb().page.locator(".part.editor .tab", {
      hasText: "api-service-infra (deployed) ↔ infra/template.yaml",
    });
    await tab.first().waitFor({ timeout: 30_000 });
    await wb().page.locator(".part.editor .monaco-diff-editor").first().waitFor({ timeout: 15_000 });
    await wb().screenshot("template-diff", "cloudformation-template-diff");
    await wb()
      .page.locator(".part.editor .tab", { hasText: "Change set: api-service-infra" })
      .first()
      .click();
  },
);

e2eTest(
  "Execute asks once; the events stream into their channel, the timeline draws them live, the status bar spins, a notification tells the end",
  current,
  async () => {
    const frame = await webview("table.changes");
    await frame.locator('button[data-command="execute"]').click();
    assert.match(
      await wb().dialogMessage(),
      /^Execute change set aws-cicd-\d+ on stack api-service-infra\?$/,
    );
    assert.match(await wb().dialogDetail(), /Account 123456789012 · region us-east-1/);
    assert.match(
      await wb().dialogDetail(),
      /Replaced \(new physical resources, the old ones deleted\): EventsTopic/,
    );
    await wb().screenshot("execute-confirm");
    await wb().clickDialogButton("Execute Change Set");
    const spinning = await waitFor(
      "the stack in the status bar",
      () => wb().statusBarItem(/api-service-infra · update/),
      30_000,
    );
    assert.match(spinning.text, /^\[sync~spin\] api-service-infra · update (complete cleanup )?in progress/);
    const timeline = await webview(".grid .track[data-logical-id]", 30_000);
    await timeline
      .locator('.track[data-logical-id="DeadLetterQueue"] .bar')
      .first()
      .waitFor({ timeout: 30_000 });
    await wb().screenshot("timeline-running", "cloudformation-timeline");
    await wb().waitForNotification(/^Stack api-service-infra: UPDATE_COMPLETE in \d/, 90_000);
    const done = await waitFor("the status bar's end", () =>
      wb().statusBarItem(/api-service-infra · update complete$/),
    );
    assert.match(done.text, /^\[check\] /);
    assert.equal(await wb().selectedOutputChannel(), "Stack: api-service-infra");
    const output = await wb().outputText();
    assert.match(output, /UPDATE_IN_PROGRESS\s+api-service-infra \(stack\)\s+— User Initiated/);
    assert.match(output, /CREATE_COMPLETE\s+DeadLetterQueue \(AWS::SQS::Queue\)/);
    assert.match(output, /──── UPDATE_COMPLETE in \d/);
    const stackRow = await waitForChild("CloudFormation", STACK, "the stack updated in the tree", (r) =>
      /^update complete · just now/.test(r.description),
    );
    assert.ok(stackRow);
    await timeline.locator(".sub", { hasText: "took" }).first().waitFor({ timeout: 15_000 });
    await wb().screenshot("update-complete", "cloudformation-update-complete");
  },
  240_000,
);

e2eTest(
  "deploying the same template again says plainly there are no changes, and leaves no change set",
  current,
  async () => {
    await deployFromCodeLens(STACK);
    await wb().waitForNotification(
      /^No changes: stack api-service-infra already matches infra\/template\.yaml and these parameters \(the empty change set was deleted\)\./,
      60_000,
    );
    await wb().screenshot("no-changes");
    assert.equal(await openChangeSets(STACK), 0);
    const lens = await waitFor("the stack's status in the CodeLens", async () => {
      const texts = await wb()
        .codeLens(/api-service-infra/)
        .allInnerTexts();
      return texts.find((t) => /api-service-infra · update complete/.test(t));
    });
    assert.ok(lens);
  },
);

e2eTest(
  "a failing update leads with its root cause; the timeline marks the first failure",
  current,
  async () => {
    const original = readFileSync(templatePath(), "utf8");
    try {
      await failingUpdate(original);
    } finally {
      await writeTemplate(original);
    }
  },
);

async function failingUpdate(original: string): Promise<void> {
  {
    // Fourteen days is SQS's longest retention: twenty-eight is refused.
    await writeTemplate(
      original.replace("MessageRetentionPeriod: 1209600", "MessageRetentionPeriod: 2419200"),
    );
    await deployFromCodeLens(STACK);
    const frame = await webview("table.changes", 60_000);
    // A nested stack is always updated with its parent.
    assert.deepEqual(
      (await changeRows(frame)).map((r) => `${r.action} ${r.logicalId}`),
      ["Modify DeadLetterQueue", "Modify Monitoring"],
    );
    await frame.locator('button[data-command="execute"]').click();
    await wb().clickDialogButton("Execute Change Set");
    const failure = await wb().waitForNotification(/^Stack api-service-infra update failed/, 120_000);
    assert.match(
      failure.message,
      /^Stack api-service-infra update failed — DeadLetterQueue: Invalid value for the parameter MessageRetentionPeriod\. — rolled back \(UPDATE_ROLLBACK_COMPLETE\) in \d/,
    );
    assert.deepEqual(failure.buttons, ["Show Events", "Show Timeline"]);
    const timeline = await webview("#first-failure", 30_000);
    assert.match(
      await timeline.locator("#first-failure").innerText(),
      /^First failure — DeadLetterQueue: Resource handler returned message: "Invalid value for the parameter MessageRetentionPeriod\./,
    );
    await wb().screenshot("update-failed", "cloudformation-root-cause");
  }
}

e2eTest(
  "bad input ends in a plain message and leaves no change set: a template that does not parse, no CreateChangeSet permission",
  current,
  async () => {
    const original = readFileSync(templatePath(), "utf8");
    try {
      await writeTemplate(original.replace("  OrdersTable:\n", "  Broken: [\n  OrdersTable:\n"));
      await clickCodeLens(/Deploy…/);
      const parse = await wb().waitForNotification(
        /^infra\/template\.yaml has 1 problem CloudFormation would refuse \(line \d+: YAML: /,
      );
      assert.match(parse.message, /Nothing was sent\.$/);
      await wb().screenshot("bad-template");
    } finally {
      await writeTemplate(original);
    }
    await wb().clearNotifications();

    current()!.simulator.faults.add({
      kind: "error",
      scope: "CreateChangeSet",
      times: 1,
      code: "AccessDenied",
      status: 403,
      message:
        "User: arn:aws:iam::123456789012:user/sim-user is not authorized to perform: cloudformation:CreateChangeSet on resource: arn:aws:cloudformation:us-east-1:123456789012:stack/api-service-infra/* because no identity-based policy allows the cloudformation:CreateChangeSet action",
    });
    await deployFromCodeLens(STACK);
    const denied = await wb().waitForNotification(
      /^Access denied: User: arn:aws:iam::123456789012:user\/sim-user is not authorized to perform: cloudformation:CreateChangeSet/,
    );
    assert.deepEqual(denied.buttons, ["Show Log"]);
    assert.equal(await openChangeSets(STACK), 0);
    await wb().screenshot("access-denied");
    await wb().clearNotifications();
  },
);

e2eTest("Detect Stack Drift lists each drifted resource with its property differences", current, async () => {
  // Another stack's Resources would be found first.
  await collapseChild("CloudFormation", STACK);
  const row = await wb().childRow("CloudFormation", "docs-site-bucket");
  assert.ok(row);
  await wb().contextMenu(row, "Detect Stack Drift");
  const drifted = await wb().waitForNotification(/^Stack docs-site-bucket has drifted: /, 60_000);
  assert.match(drifted.message, /DocsBucket \(1 property\)/);
  assert.match(drifted.message, /AccessLogs \(1 property\)/);
  await wb().clickNotificationButton(/has drifted/, "Show in Tree");
  const bucket = await waitForChild("Resources", "DocsBucket", "the drifted bucket", (r) =>
    /modified outside CloudFormation/.test(r.description),
  );
  assert.ok(bucket);
  const bucketRow = await wb().childRow("Resources", "DocsBucket");
  assert.ok(bucketRow);
  await wb().expand(bucketRow);
  const difference = await waitForChild(
    "DocsBucket",
    "VersioningConfiguration/Status",
    "the property difference",
  );
  assert.equal(difference.description, "expected Enabled · actual Suspended");
  const stack = await waitForChild("CloudFormation", "docs-site-bucket", "the stack drifted", (r) =>
    /drifted/.test(r.description),
  );
  assert.ok(stack);
  await wb().screenshot("drift", "cloudformation-drift");
});

e2eTest(
  "a pipeline's CloudFormation action shows its stack and opens its change set in the change-set view",
  current,
  async () => {
    const sim = current()!.simulator;
    const template = readFileSync(templatePath(), "utf8");
    sim.seed({
      cloudformation: {
        stacks: [
          {
            name: "orders-infra",
            template: template.replace(/MessageRetentionPeriod: 1209600/, "MessageRetentionPeriod: 604800"),
            parameters: { Stage: "staging", AlertEmail: "ops@example.com", ApiKey: "k" },
            changeSets: [{ name: "pipeline-changeset", template, description: "Created by CodePipeline" }],
          },
        ],
      },
      pipelines: [
        {
          name: "orders-infra-release",
          stages: [
            {
              name: "Source",
              actions: [
                {
                  name: "Source",
                  provider: "CodeCommit",
                  configuration: { RepositoryName: "orders-infra", BranchName: "main" },
                },
              ],
            },
            {
              name: "Deploy",
              actions: [
                {
                  name: "CreateChangeSet",
                  provider: "CloudFormation",
                  configuration: {
                    ActionMode: "CHANGE_SET_REPLACE",
                    StackName: "orders-infra",
                    ChangeSetName: "pipeline-changeset",
                    TemplatePath: "SourceArtifact::infra/template.yaml",
                  },
                },
              ],
            },
          ],
          executions: [
            { status: "Succeeded", startedMinutesAgo: 20, commit: { message: "Keep dead letters a week" } },
          ],
        },
      ],
    });
    await wb().runCommand("AWS CI/CD: Refresh");
    await expandChild("CodePipeline", "orders-infra-release");
    await expandChild("orders-infra-release", "Deploy");
    const action = await waitForChild("Deploy", "CreateChangeSet", "the CloudFormation action", (r) =>
      /^stack orders-infra · CloudFormation/.test(r.description),
    );
    assert.ok(action);
    await (await wb().childRow("Deploy", "CreateChangeSet"))!.click();
    const frame = await webview('h1:text("Change set pipeline-changeset")', 60_000);
    assert.deepEqual(
      (await changeRows(frame)).map((r) => `${r.action} ${r.logicalId}`),
      ["Modify DeadLetterQueue", "Modify Monitoring"],
    );
    await wb().screenshot("pipeline-change-set", "cloudformation-pipeline-link");
  },
);
