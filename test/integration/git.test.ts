import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { readHead } from "../../src/git/repository";

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", ["-c", "user.email=t@example.com", "-c", "user.name=Test", ...args], {
    cwd,
    encoding: "utf8",
  }).trim();
}

describe("the workspace's branch and commit (simple-git)", () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "aws-cicd-git-"));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("reads the branch and HEAD commit, also from a subfolder", async () => {
    const repo = join(dir, "repo");
    mkdirSync(join(repo, "src"), { recursive: true });
    git(repo, "init", "-q", "-b", "feature/login");
    writeFileSync(join(repo, "buildspec.yml"), "version: 0.2\n");
    git(repo, "add", ".");
    git(repo, "commit", "-qm", "first");
    const commit = git(repo, "rev-parse", "HEAD");
    const head = await readHead(join(repo, "src"));
    assert.deepEqual(head, {
      kind: "repository",
      root: repo,
      commit,
      detached: false,
      branch: "feature/login",
      remoteUrl: undefined,
      remoteUrls: [],
      // From a subfolder: HEAD and the refs are in the repository's .git, not the folder's.
      gitDir: join(repo, ".git"),
      commonDir: join(repo, ".git"),
    });
    // A fork: its upstream (here `acme`, which git lists before origin) is what AWS builds; origin stays first.
    git(repo, "remote", "add", "acme", "git@github.com:acme/web-app.git");
    git(repo, "remote", "add", "origin", "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/web-app");
    const withRemote = await readHead(repo);
    assert.ok(withRemote.kind === "repository");
    assert.equal(withRemote.remoteUrl, "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/web-app");
    assert.deepEqual(withRemote.remoteUrls, [
      "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/web-app",
      "git@github.com:acme/web-app.git",
    ]);
  });

  it("a worktree's HEAD is in its own git dir, its refs in the repository's", async () => {
    const repo = join(dir, "repo");
    const tree = join(dir, "tree");
    git(repo, "worktree", "add", "-q", "-b", "hotfix", tree);
    const head = await readHead(tree);
    assert.ok(head.kind === "repository");
    assert.equal(head.branch, "hotfix");
    assert.equal(head.gitDir, join(repo, ".git", "worktrees", "tree"));
    assert.equal(head.commonDir, join(repo, ".git"));
    git(repo, "worktree", "remove", "--force", tree);
  });

  it("reports a detached HEAD with its commit and no branch", async () => {
    const repo = join(dir, "repo");
    const commit = git(repo, "rev-parse", "HEAD");
    git(repo, "checkout", "-q", "--detach", commit);
    const head = await readHead(repo);
    assert.equal(head.kind, "repository");
    assert.equal(head.kind === "repository" && head.detached, true);
    assert.equal(head.kind === "repository" && head.branch, undefined);
    assert.equal(head.kind === "repository" && head.commit, commit);
  });

  it("says when a folder is not in a repository, or the repository has no commits", async () => {
    const plain = join(dir, "plain");
    mkdirSync(plain);
    const none = await readHead(plain);
    assert.equal(none.kind === "none" && none.reason, "notARepository");
    const empty = join(dir, "empty");
    mkdirSync(empty);
    git(empty, "init", "-q");
    const fresh = await readHead(empty);
    assert.equal(fresh.kind === "none" && fresh.reason, "noCommits");
  });

  it("treats a folder that does not exist as no repository", async () => {
    const head = await readHead(join(dir, "missing"));
    assert.equal(head.kind, "none");
  });
});
