import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { connectionLabel, profileNames, resolveConnection } from "../../../src/aws/connection";

const shared = {
  configFile: {
    default: { region: "eu-west-1" },
    dev: { region: "eu-central-1", endpoint_url: "http://127.0.0.1:4599" },
  },
  credentialsFile: { ci: {}, default: {} },
};

describe("connection resolution", () => {
  it("takes the profile's region and endpoint when settings are empty", () => {
    const c = resolveConnection({ profile: "dev" }, {}, shared);
    assert.deepEqual(c, {
      profile: "dev",
      region: "eu-central-1",
      endpoint: "http://127.0.0.1:4599",
      endpointSource: "profile",
    });
    assert.equal(connectionLabel(c), "dev · eu-central-1");
  });

  it("lets settings win over the profile, and the profile over the environment", () => {
    const env = { AWS_REGION: "ap-south-1", AWS_ENDPOINT_URL: "http://env:1" };
    const c = resolveConnection(
      { profile: "dev", region: "us-west-2", endpointUrl: "http://setting:2" },
      env,
      shared,
    );
    assert.equal(c.region, "us-west-2");
    assert.equal(c.endpoint, "http://setting:2");
    assert.equal(resolveConnection({ profile: "dev" }, env, shared).endpoint, "http://127.0.0.1:4599");
  });

  it("falls back to AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL, then us-east-1", () => {
    const c = resolveConnection(
      {},
      { AWS_PROFILE: "ci", AWS_REGION: "ap-south-1", AWS_ENDPOINT_URL: "http://env:1" },
      shared,
    );
    assert.deepEqual(c, {
      profile: "ci",
      region: "ap-south-1",
      endpoint: "http://env:1",
      endpointSource: "environment",
    });
    assert.equal(resolveConnection({}, {}, { configFile: {}, credentialsFile: {} }).region, "us-east-1");
    assert.equal(resolveConnection({}, {}, shared).region, "eu-west-1");
  });

  it("lists profiles from both files once, default first", () => {
    assert.deepEqual(profileNames(shared), ["default", "ci", "dev"]);
  });
});
