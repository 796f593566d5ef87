import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { repositoryKey, sameRepository } from "../../../src/git/sourceMatch";

describe("matching a repository to the projects that build it", () => {
  it("sees a CodeCommit repository in all its URL forms", () => {
    const https = "https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/orders";
    assert.ok(sameRepository(https, "ssh://git-codecommit.eu-west-1.amazonaws.com/v1/repos/orders"));
    assert.ok(sameRepository(https, "codecommit::eu-west-1://orders"));
    assert.ok(sameRepository(https, "codecommit://orders"));
    assert.ok(!sameRepository(https, "codecommit::us-east-1://orders"));
    assert.ok(!sameRepository(https, "https://git-codecommit.eu-west-1.amazonaws.com/v1/repos/orders-ui"));
  });

  it("sees a GitHub repository by HTTPS, SSH and CodeStar connection id", () => {
    const project = "https://github.com/Acme/web-app.git";
    assert.ok(sameRepository(project, "git@github.com:acme/web-app.git"));
    assert.ok(sameRepository(project, "ssh://git@github.com/acme/web-app"));
    assert.ok(sameRepository(project, "acme/web-app"));
    assert.ok(!sameRepository(project, "git@gitlab.com:acme/web-app.git"));
    assert.equal(repositoryKey(undefined), undefined);
  });

  it("sees a repository through an SSH host alias of ~/.ssh/config", () => {
    const project = "https://github.com/Acme/web-app.git";
    assert.ok(sameRepository(project, "git@github-work:acme/web-app.git"));
    assert.ok(sameRepository(project, "ssh://git@github-work/acme/web-app"));
    assert.ok(!sameRepository(project, "git@github-work:acme/web-api.git"), "another repository");
    assert.ok(!sameRepository(project, "git@gitlab.example.com:acme/web-app.git"), "a real host");
    assert.equal(repositoryKey("git@localhost:acme/web-app"), "localhost/acme/web-app");
  });
});
