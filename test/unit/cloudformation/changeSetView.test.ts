import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { changeSetView, isNoChange } from "../../../src/cloudformation/model/changeSetView";
import { aChange, aChangeSet } from "./builders";

describe("the change-set view", () => {
  const cs = aChangeSet({
    parameters: [
      { key: "Stage", value: "prod" },
      { key: "ApiKey", value: "****" },
    ],
    changes: [
      aChange({ action: "Add", logicalId: "DeadLetterQueue", replacement: undefined, scope: [] }),
      aChange({
        logicalId: "EventsTopic",
        type: "AWS::SNS::Topic",
        physicalId: "arn:aws:sns:us-east-1:123456789012:api-service-events",
        replacement: "True",
        policyAction: "ReplaceAndDelete",
        details: [
          {
            attribute: "Properties",
            name: "TopicName",
            path: "/Properties/TopicName",
            requiresRecreation: "Always",
            before: "api-service-events",
            after: "api-service-prod-events",
            evaluation: "Static",
            source: "DirectModification",
          },
        ],
      }),
      aChange({
        logicalId: "AlertSubscription",
        type: "AWS::SNS::Subscription",
        replacement: "Conditional",
        details: [
          {
            name: "TopicArn",
            path: "/Properties/TopicArn",
            requiresRecreation: "Always",
            before: "arn:aws:sns:us-east-1:123456789012:api-service-events",
            after: "{{changeSet:KNOWN_AFTER_APPLY}}",
            evaluation: "Dynamic",
            source: "ResourceReference",
            causingEntity: "EventsTopic",
          },
        ],
      }),
      aChange({
        logicalId: "Worker",
        type: "AWS::Lambda::Function",
        details: [
          {
            name: "Environment",
            path: "/Properties/Environment/Variables/API_KEY",
            requiresRecreation: "Never",
            before: "old-secret",
            after: "new-secret",
            evaluation: "Static",
            source: "ParameterReference",
            causingEntity: "ApiKey",
          },
        ],
      }),
      aChange({
        action: "Remove",
        logicalId: "OldBucket",
        type: "AWS::S3::Bucket",
        replacement: undefined,
        policyAction: "Retain",
      }),
    ],
  });
  const view = changeSetView(cs, new Set(["ApiKey"]));

  it("masks a NoEcho value the user typed wherever it shows (a !Sub is a DirectModification)", () => {
    const subbed = aChangeSet({
      changes: [
        aChange({
          action: "Modify",
          logicalId: "Worker",
          type: "AWS::Lambda::Function",
          replacement: "False",
          details: [
            {
              name: "Environment",
              path: "/Properties/Environment/Variables/DB_URL",
              requiresRecreation: "Never",
              before: "postgres://app:old-pass-1@db",
              after: "postgres://app:s3cr3t-pass@db",
              evaluation: "Static",
              source: "DirectModification",
            },
          ],
        }),
      ],
    });
    const [row] = changeSetView(subbed, new Set(["DbPassword"]), ["s3cr3t-pass", "7"]).rows;
    assert.equal(row?.properties[0]?.after, "postgres://app:****@db");
    const [nested] = changeSetView(subbed, new Set(), ["s3cr3t", "s3cr3t-pass"]).rows;
    assert.equal(nested?.properties[0]?.after, "postgres://app:****@db", "the longer secret first");
    assert.equal(row?.properties[0]?.before, "postgres://app:old-pass-1@db", "a value not typed is as it is");
  });

  it("counts what is added, modified, removed and replaced", () =>
    assert.deepEqual(view.counts, { add: 1, modify: 3, remove: 1, replace: 2 }));

  it("shows Replacement only for modifications: True, Conditional, False", () =>
    assert.deepEqual(
      view.rows.map((r) => [r.action, r.logicalId, r.replacement]),
      [
        ["Add", "DeadLetterQueue", ""],
        ["Modify", "EventsTopic", "True"],
        ["Modify", "AlertSubscription", "Conditional"],
        ["Modify", "Worker", "False"],
        ["Remove", "OldBucket", ""],
      ],
    ));

  it("each changed property has its before and after value and why it changes", () => {
    assert.deepEqual(view.rows[1]?.properties, [
      {
        name: "TopicName",
        before: "api-service-events",
        after: "api-service-prod-events",
        recreation: "always",
        why: "changed in the template",
      },
    ]);
    assert.deepEqual(
      view.rows[2]?.properties[0]?.why,
      "EventsTopic is replaced: its Ref changes (known only when it runs)",
    );
  });

  it("values that come from a NoEcho parameter are masked, in the properties and the parameters", () => {
    assert.deepEqual(view.rows[3]?.properties[0], {
      name: "Environment/Variables/API_KEY",
      before: "****",
      after: "****",
      recreation: "never",
      why: "parameter ApiKey changed",
    });
    assert.deepEqual(view.parameters, [
      { key: "Stage", value: "prod" },
      { key: "ApiKey", value: "****" },
    ]);
  });

  it("only a complete, available change set can be executed", () => {
    assert.equal(view.canExecute, true);
    assert.equal(view.state, "ready to execute");
    assert.equal(
      changeSetView(aChangeSet({ status: "CREATE_PENDING", executionStatus: "UNAVAILABLE" })).canExecute,
      false,
    );
    assert.equal(
      changeSetView(aChangeSet({ status: "CREATE_PENDING", executionStatus: "UNAVAILABLE" })).creating,
      true,
    );
  });

  it("a change set that changes nothing is told apart from one that failed", () => {
    const none = aChangeSet({
      status: "FAILED",
      executionStatus: "UNAVAILABLE",
      statusReason:
        "The submitted information didn't contain changes. Submit different information to create a change set.",
    });
    assert.equal(isNoChange(none), true);
    assert.deepEqual([changeSetView(none).noChanges, changeSetView(none).failed], [true, false]);
    const failed = aChangeSet({
      status: "FAILED",
      executionStatus: "UNAVAILABLE",
      statusReason: "No export named x found",
    });
    assert.deepEqual([changeSetView(failed).noChanges, changeSetView(failed).failed], [false, true]);
  });
});
