import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { repositoryName, workspaceApplications } from "../../../src/codedeploy/model/workspaceApps";

describe("this workspace's CodeDeploy applications", () => {
  const apps = [{ name: "api-service" }, { name: "web-frontend" }, { name: "orders-function" }];

  it("are those named as a folder or a repository of the workspace", () => {
    assert.deepEqual(
      workspaceApplications(apps, ["workspace", "api-service"]).map((a) => a.name),
      ["api-service"],
    );
  });

  it("are all of them when none is so named (an application's name need not be its repository's)", () => {
    assert.equal(workspaceApplications(apps, ["workspace", "shop"]).length, 3);
  });

  it("a repository's name is its remote's last path segment", () => {
    assert.equal(repositoryName("git@github.com:acme/web-app.git"), "web-app");
    assert.equal(repositoryName("https://git-codecommit.us-east-1.amazonaws.com/v1/repos/orders/"), "orders");
    assert.equal(repositoryName("codecommit::eu-west-1://api-service"), "api-service");
    assert.equal(repositoryName(""), undefined);
  });
});
