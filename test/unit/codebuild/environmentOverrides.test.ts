import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  describeVariable,
  parseEnvironmentVariable,
} from "../../../src/codebuild/model/environmentOverrides";

describe("environment-variable overrides", () => {
  it("parses plain, Parameter Store and Secrets Manager variables", () => {
    assert.deepEqual(parseEnvironmentVariable("DEPLOY_ENV=staging=blue"), {
      ok: true,
      variable: { name: "DEPLOY_ENV", value: "staging=blue", type: "PLAINTEXT" },
    });
    assert.deepEqual(parseEnvironmentVariable("ssm:TOKEN=/ci/token"), {
      ok: true,
      variable: { name: "TOKEN", value: "/ci/token", type: "PARAMETER_STORE" },
    });
    assert.deepEqual(parseEnvironmentVariable("secret:DB=prod/db"), {
      ok: true,
      variable: { name: "DB", value: "prod/db", type: "SECRETS_MANAGER" },
    });
  });

  it("rejects what CodeBuild would reject, with the reason", () => {
    assert.match((parseEnvironmentVariable("no equals") as { error: string }).error, /NAME=value/);
    assert.match(
      (parseEnvironmentVariable("1BAD=x") as { error: string }).error,
      /not a valid variable name/,
    );
    assert.match((parseEnvironmentVariable("CODEBUILD_X=1") as { error: string }).error, /reserved/);
  });

  it("never shows a plain-text value back", () => {
    assert.equal(
      describeVariable({ name: "API_KEY", value: "s3cr3t", type: "PLAINTEXT" }),
      "API_KEY (plain text, 6 characters)",
    );
  });
});
