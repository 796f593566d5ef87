// A workspace opened at a folder inside a repository (a monorepo's package): its branch and
// HEAD are the repository's, and a checkout or a commit made outside VS Code shows in Current
// Branch although the folder has no .git of its own.
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { e2eTest, useE2eEnvironment } from "./support/environment";
import { waitFor, type TreeRow } from "./support/workbench";

const { current, wb } = useE2eEnvironment("subfolder", { folder: "packages/app" });

function git(...args: string[]): string {
  const env = current();
  assert.ok(env);
  return execFileSync("git", ["-C", env.workspace, ...args], { encoding: "utf8" }).trim();
}

/** The folder's row in Current Branch once its description matches `pattern`. */
function folderRow(what: string, pattern: RegExp): Promise<TreeRow> {
  return waitFor(
    what,
    async () =>
      (await wb().treeRows("Current Branch")).find((r) => r.label === "app" && pattern.test(r.description)),
    30_000,
  );
}

e2eTest(
  "Current Branch shows the repository's branch and follows a checkout and a commit",
  current,
  async () => {
    await wb().openViewContainer("AWS CI/CD");
    const head = git("rev-parse", "--short=7", "HEAD");
    await folderRow("the folder's row on main", new RegExp(`^main · ${head}`));
    git("checkout", "-q", "-b", "feature/subfolder");
    await folderRow("the new branch", /^feature\/subfolder · /);
    git(
      "-c",
      "user.name=E2E",
      "-c",
      "user.email=e2e@example.com",
      "commit",
      "-q",
      "--allow-empty",
      "-m",
      "From outside",
    );
    const commit = git("rev-parse", "--short=7", "HEAD");
    await folderRow("the new commit", new RegExp(`^feature/subfolder · ${commit}`));
    await wb().screenshot("subfolder-branch");
  },
);
