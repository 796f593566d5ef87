// Hostile content from AWS, as a user would meet it in VS Code: HTML, script, Markdown and
// codicons in a project's description, source versions, commit messages and approval text; a
// `javascript:` review link; ANSI, control characters and invalid UTF-8 in a build log, and a
// 10 MB line. Nothing runs, nothing renders as markup, nothing opens, and VS Code stays usable.
import * as assert from "node:assert/strict";
import { ListBuildsForProjectCommand } from "@aws-sdk/client-codebuild";
import { simClients } from "../integration/helpers/sim-clients";
import { loadScenario } from "../sim/scenario";
import { e2eTest, useE2eEnvironment } from "./support/environment";
import { waitFor } from "./support/workbench";

const { current, wb } = useE2eEnvironment("hostile");
const HOSTILE_DESCRIPTION =
  /<img src=x onerror="document\.title='pwned'"> \*\*bold\*\* \[click me\]\(javascript:alert\(1\)\)/;

/** Whether a script from the hostile texts ran (they all set the page's title). */
async function scriptRan(): Promise<boolean> {
  return (await wb().page.title()).includes("pwned");
}

/** What a hover shows: its text, and how many image, script or javascript: link elements it holds. */
interface HoverContent {
  readonly text: string;
  readonly images: number;
  readonly scripts: number;
  readonly links: number;
}

/** The hover the mouse raises over `row` (one whose text names `about`), read in one go while it shows. */
async function hoverOver(row: import("playwright-core").Locator, about: string): Promise<HoverContent> {
  const page = wb().page;
  // A hover shows after the mouse has rested on the row a moment: move onto it, and again if need be.
  const content = await waitFor(
    "the row's hover",
    async () => {
      const box = await row.locator(".label-name").boundingBox();
      if (!box) return undefined;
      await page.mouse.move(box.x + box.width + 200, box.y + 300);
      await page.mouse.move(box.x + 4, box.y + box.height / 2, { steps: 5 });
      for (let i = 0; i < 10; i++) {
        await new Promise((r) => setTimeout(r, 300));
        // In the page (no DOM types here): the hover naming `about`, read at once.
        const found = await page.evaluate<HoverContent | undefined>(`(() => {
          const hover = Array.from(document.querySelectorAll(".workbench-hover"))
            .find((h) => h.innerText.includes(${JSON.stringify(about)}));
          return hover && {
            text: hover.innerText,
            images: hover.querySelectorAll("img").length,
            scripts: hover.querySelectorAll("script").length,
            links: hover.querySelectorAll("a[href^='javascript'], a[data-href^='javascript']").length,
          };
        })()`);
        if (found) return found;
      }
      return undefined;
    },
    60_000,
    100,
  );
  await page.mouse.move(1300, 450);
  return content;
}

e2eTest("the hostile project's description shows as text in the tree and its hover", current, async () => {
  const env = current();
  assert.ok(env);
  env.simulator.seed(loadScenario("hostile"));
  await wb().openViewContainer("AWS CI/CD");
  await wb().clickViewAction("Refresh");
  const row = await waitFor(
    "the hostile-markup project",
    async () => {
      const rows = await wb().childRows("CodeBuild");
      return rows.some((r) => r.label === "hostile-markup") ? wb().treeRow("hostile-markup") : undefined;
    },
    60_000,
  );
  const hover = await hoverOver(row, "hostile-markup");
  assert.match(hover.text.replace(/\s+/g, " "), HOSTILE_DESCRIPTION);
  assert.equal(hover.images, 0, "no image rendered from the description");
  assert.equal(hover.scripts, 0);
  assert.equal(hover.links, 0, "no javascript: link rendered");
  await wb().expand(row);
  const builds = await waitFor("the hostile build", async () => {
    const rows = await wb().childRows("hostile-markup");
    return rows.length > 0 ? rows : undefined;
  });
  assert.match(builds[0]?.description ?? "", /<i>feature<\/i>/, "the source version as the text it is");
  await wb().screenshot("hostile-tree");
  assert.equal(await scriptRan(), false, "no script ran");
});

e2eTest("a commit message with markup shows as text under the pipeline's executions", current, async () => {
  const pipeline = await waitFor("hostile-pipeline", async () => {
    const rows = await wb().childRows("CodePipeline");
    return rows.some((r) => r.label === "hostile-pipeline") ? wb().treeRow("hostile-pipeline") : undefined;
  });
  await wb().expand(pipeline);
  const executions = await waitFor("the Executions node", () =>
    wb().childRow("hostile-pipeline", "Executions"),
  );
  await wb().expand(executions);
  const rows = await waitFor("an execution", async () => {
    const children = await wb().childRows("Executions");
    return children.length > 0 ? children : undefined;
  });
  assert.match(
    rows[0]?.description ?? "",
    /<img src=x onerror="document\.title='pwned'"> \[click\]\(javascript:alert\(1\)\) \$\(bug\) \*\*release\*\*/,
  );
  await wb().screenshot("hostile-execution");
});

e2eTest(
  "the approval's javascript: review link is refused, with a message that says why",
  current,
  async () => {
    const action = await waitFor("the Approve action", () => wb().childRow("Approval", "Approve"));
    await wb().contextMenu(action, "Approve or Reject…");
    const items = await wb().quickPickItems();
    assert.ok(
      items.some((i) => /Open the link to review/.test(i.label)),
      JSON.stringify(items),
    );
    await wb().pickQuickPickItem(/Open the link to review/);
    const notice = await wb().waitForNotification(/not an https link, so it was not opened/);
    assert.match(notice.message, /javascript:alert\(document\.cookie\)/);
    await wb().screenshot("hostile-link-refused");
    await wb().clearNotifications();
  },
);

e2eTest("the pipeline graph draws the hostile texts as text", current, async () => {
  await wb().contextMenu(await wb().revealedRow("hostile-pipeline"), "Show Pipeline Graph");
  const frame = wb().page.frameLocator("iframe.webview").frameLocator("iframe#active-frame");
  await frame.locator("text=Approve").first().waitFor({ timeout: 30_000 });
  const counts = await frame
    .locator("body")
    .evaluate((body: { querySelectorAll(s: string): { length: number } }) => ({
      images: body.querySelectorAll("img").length,
      scripts: body.querySelectorAll("script").length,
    }));
  assert.equal(counts.images, 0);
  assert.ok(counts.scripts <= 1, "only the graph's own script");
  await wb().screenshot("hostile-graph");
  assert.equal(await scriptRan(), false);
});

e2eTest(
  "a build log with ANSI, control characters, invalid UTF-8 and a 10 MB line streams without freezing VS Code",
  current,
  async () => {
    const env = current();
    assert.ok(env);
    // Started as a user starts it: its log opens and is followed.
    await wb().contextMenu(await wb().revealedRow("hostile-markup"), "Start Build…");
    await wb().pickQuickPickItem(/Project default/);
    await waitFor("the new build's channel", async () =>
      /Build: hostile-markup #2/.test(await wb().selectedOutputChannel()) ? true : undefined,
    );
    const clients = simClients(env.simulator, { maxAttempts: 3 });
    let buildId: string | undefined;
    try {
      const { ids } = await clients.codebuild.send(
        new ListBuildsForProjectCommand({ projectName: "hostile-markup", sortOrder: "DESCENDING" }),
      );
      buildId = ids?.[0];
    } finally {
      clients.destroy();
    }
    assert.ok(buildId);
    const text = await waitFor(
      "the hostile lines in the build's channel",
      async () => {
        const t = await wb().outputText();
        return t.includes("red text and an OSC link") && t.includes("<script>") ? t : undefined;
      },
      60_000,
      1000,
    );
    assert.ok(!text.includes("\u001b["), "no escape sequence reaches the channel");
    assert.ok(
      text.includes("<script>document.title='pwned'</script><img src=x onerror=alert(1)>"),
      "markup is text",
    );
    assert.match(text, /invalid UTF-8 as CloudWatch stores it: \ufffd\ufffd/);
    assert.ok(
      !text.includes("]8;;javascript"),
      "the OSC hyperlink (and its javascript: target) is stripped, its text kept",
    );

    // CloudWatch keeps events of at most 256 KB: a 10 MB line arrives as 40 of them.
    const stream = buildId.split(":")[1] ?? "";
    const chunk = "0123456789abcdef".repeat(16 * 1024); // 256 KiB
    const appended = Date.now();
    env.simulator.logs.append(
      "/aws/codebuild/hostile-markup",
      stream,
      Array.from({ length: 40 }, () => chunk),
    );
    env.simulator.logs.append("/aws/codebuild/hostile-markup", stream, ["after the 10 MB line"]);
    await waitFor(
      "the line after the 10 MB line at the end of the channel",
      async () =>
        (await wb().visibleOutputLines()).some((l) => l.includes("after the 10 MB line")) ? true : undefined,
      120_000,
      250,
    );
    const followedMs = Date.now() - appended;
    const visible = (await wb().visibleOutputLines()).join("\n");
    assert.match(
      visible,
      /more characters not shown\]/,
      "each 256 KB piece is shown cut, with how much was left out",
    );
    // VS Code answers the user after it: a command round trip stays quick.
    const paletteStarted = Date.now();
    await wb().runCommand("AWS CI/CD: Show Extension Log");
    const paletteMs = Date.now() - paletteStarted;
    await wb().screenshot("hostile-log");
    console.log(
      `# the 10 MB line reached the Output panel in ${followedMs} ms; a command took ${paletteMs} ms after it`,
    );
    assert.ok(paletteMs < 10_000, `the command palette answered in ${paletteMs} ms`);
    assert.equal(await scriptRan(), false);
  },
  240_000,
);
