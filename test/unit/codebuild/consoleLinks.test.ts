import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildConsoleUrl } from "../../../src/codebuild/model/consoleLinks";
import { aBuild } from "./builders";

describe("console links", () => {
  it("point at the build in its own region and account", () => {
    const build = aBuild({
      id: "web-app:1234",
      arn: "arn:aws:codebuild:eu-west-1:111122223333:build/web-app:1234",
    });
    assert.equal(
      buildConsoleUrl(build, "us-east-1"),
      "https://eu-west-1.console.aws.amazon.com/codesuite/codebuild/111122223333/projects/web-app/build/web-app%3A1234/?region=eu-west-1",
    );
  });
});
