import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { coveredByList, inScope, scopeQuery } from "../../../src/cloudwatch/model/notifyScope";

const workspace = new Set(["api-prod-5xx", "api-prod-latency"]);

describe("which alarms notify (awsCicd.cloudwatch.notifications)", () => {
  it("none, all, a prefix, or the alarms of this workspace's deployment groups", () => {
    assert.equal(inScope("api-prod-5xx", { scope: "none", prefix: "" }, workspace), false);
    assert.equal(inScope("anything", { scope: "all", prefix: "" }, workspace), true);
    assert.equal(inScope("checkout-errors", { scope: "prefix", prefix: "checkout-" }, workspace), true);
    assert.equal(inScope("api-prod-5xx", { scope: "prefix", prefix: "checkout-" }, workspace), false);
    assert.equal(
      inScope("api-prod-5xx", { scope: "prefix", prefix: "" }, workspace),
      false,
      "an empty prefix is no scope",
    );
    assert.equal(inScope("api-prod-5xx", { scope: "workspace", prefix: "" }, workspace), true);
    assert.equal(inScope("orders-db-cpu", { scope: "workspace", prefix: "" }, workspace), false);
  });

  it("while the tree is hidden, reads only what the scope needs", () => {
    assert.deepEqual(scopeQuery({ scope: "none", prefix: "" }, workspace), { kind: "none" });
    assert.deepEqual(scopeQuery({ scope: "all", prefix: "" }, workspace), { kind: "all" });
    assert.deepEqual(scopeQuery({ scope: "prefix", prefix: "checkout-" }, workspace), {
      kind: "prefix",
      prefix: "checkout-",
    });
    assert.deepEqual(scopeQuery({ scope: "workspace", prefix: "" }, workspace), {
      kind: "names",
      names: ["api-prod-5xx", "api-prod-latency"],
    });
    assert.deepEqual(
      scopeQuery({ scope: "workspace", prefix: "" }, new Set()),
      { kind: "none" },
      "no deployment group alarms: nothing to read",
    );
  });

  it("the tree's list holds the scope when its prefix covers it", () => {
    assert.equal(coveredByList("", { kind: "all" }), true);
    assert.equal(coveredByList("api-", { kind: "all" }), false);
    assert.equal(coveredByList("api-", { kind: "prefix", prefix: "api-prod-" }), true);
    assert.equal(coveredByList("api-prod-", { kind: "prefix", prefix: "api-" }), false);
    assert.equal(coveredByList("api-", { kind: "names", names: ["api-prod-5xx"] }), true);
    assert.equal(coveredByList("api-", { kind: "names", names: ["api-prod-5xx", "orders-db"] }), false);
  });
});
