// What the CodeDeploy views say about a deployment, a group and a push, from the model alone.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { groupAlarms } from "../../../src/codedeploy/model/groupAlarms";
import {
  bucketNameProblem,
  defaultBundleKey,
  deploymentDescription,
  githubRepository,
  keyProblem,
  nextBundleKey,
  s3Problem,
} from "../../../src/codedeploy/model/push";
import {
  continueWait,
  lastDeploymentOf,
  lastDeploymentLook,
  creatorLabel,
  currentEvent,
  firstFailure,
  progressPercent,
  revisionLabel,
} from "../../../src/codedeploy/model/status";
import { deployStatusBarLook } from "../../../src/codedeploy/model/statusBarText";
import { aDeployment, aGroup, aTarget } from "./builders";

const NOW = new Date("2026-12-01T10:01:05Z");

describe("a deployment as the views show it", () => {
  it("a running deployment's progress is the share of its targets that are done", () => {
    const d = aDeployment({
      overview: { Pending: 1, InProgress: 1, Succeeded: 2, Failed: 0, Skipped: 0, Ready: 0 },
    });
    assert.equal(progressPercent(d), 50);
  });

  it("the status bar counts the targets it has read, fresher than the overview", () => {
    const d = aDeployment({
      overview: { Pending: 3, InProgress: 0, Succeeded: 0, Failed: 0, Skipped: 0, Ready: 0 },
    });
    const targets = [
      aTarget("i-1", [["ValidateService", "Succeeded"]]),
      aTarget("i-2", [["ApplicationStop", "InProgress"]]),
      aTarget("i-3", [["ApplicationStop", "Pending"]], { status: "Pending" }),
    ];
    assert.equal(
      deployStatusBarLook(d, targets, NOW).text,
      "$(sync~spin) api-service/production · 33% · ApplicationStop",
    );
  });

  it("without targets read, the status bar spins with the overview's percent", () => {
    const d = aDeployment({
      overview: { Pending: 2, InProgress: 1, Succeeded: 1, Failed: 0, Skipped: 0, Ready: 0 },
    });
    const look = deployStatusBarLook(d, undefined, NOW);
    assert.equal(look.text, "$(sync~spin) api-service/production · 25%");
    assert.equal(look.failed, false);
  });

  it("the status bar says how it ended: ✓ with the duration, ✗ failed in red", () => {
    const done = aDeployment({ status: "Succeeded", completeTime: new Date("2026-12-01T10:02:01Z") });
    assert.equal(deployStatusBarLook(done, [], NOW).text, "$(check) api-service/production · 2m 0s");
    const failed = aDeployment({ status: "Failed", completeTime: new Date("2026-12-01T10:00:46Z") });
    const look = deployStatusBarLook(failed, [], NOW);
    assert.equal(look.text, "$(x) api-service/production failed · 45s");
    assert.equal(look.failed, true);
  });

  it("a blue/green deployment waiting for rerouting says so, and can be continued", () => {
    const d = aDeployment({ status: "Ready", deploymentType: "BLUE_GREEN", waitingFor: "READY_WAIT" });
    assert.equal(continueWait(d), "READY_WAIT");
    assert.match(
      deployStatusBarLook(d, [], NOW).text,
      /^\$\(debug-pause\) api-service\/production · .*waiting to reroute/,
    );
    assert.equal(continueWait(aDeployment()), undefined, "an in-place deployment never continues");
  });

  it("names the revision and who started it in a few words", () => {
    assert.equal(revisionLabel(aDeployment().revision), "s3://artifacts/api-service/api-service-abc1234.zip");
    assert.equal(
      revisionLabel({
        kind: "GitHub",
        repository: "example-org/api-service",
        commitId: "c5dfa5248d5a23310e488c2527ad9d5ba1501e94",
      }),
      "example-org/api-service@c5dfa52",
    );
    assert.equal(creatorLabel(aDeployment({ creator: "codeDeployRollback" })), "rollback");
    assert.equal(creatorLabel(aDeployment({ creator: "autoscaling" })), "Auto Scaling");
    assert.equal(
      creatorLabel(aDeployment({ description: "Deployed from CodePipeline api-service-pipeline" })),
      "CodePipeline",
    );
  });

  it("finds the failed lifecycle event of the first failed target, and where a target is", () => {
    const ok = aTarget("i-1", [
      ["ApplicationStart", "Succeeded"],
      ["ValidateService", "Succeeded"],
    ]);
    const failed = aTarget("i-2", [
      ["ApplicationStart", "Failed"],
      ["ValidateService", "Skipped"],
    ]);
    assert.deepEqual((({ target, event }) => [target.id, event.name])(firstFailure([ok, failed])!), [
      "i-2",
      "ApplicationStart",
    ]);
    assert.equal(
      currentEvent(
        aTarget("i-3", [
          ["BeforeInstall", "Succeeded"],
          ["Install", "InProgress"],
        ]),
      )?.name,
      "Install",
    );
  });
});

describe("a push: keys, description and S3's refusals", () => {
  it("names a new bundle after the application and the commit, in the remembered folder", () => {
    const now = new Date("2026-12-01T10:00:00Z");
    assert.equal(
      defaultBundleKey("api-service", "zip", "9b7d3a1c0ffee", now),
      "api-service/api-service-9b7d3a1.zip",
    );
    assert.equal(
      defaultBundleKey("api-service", "tgz", undefined, now),
      "api-service/api-service-20261201T100000.tar.gz",
    );
    assert.equal(
      nextBundleKey("releases/old.zip", "api-service", "tar", "abcdef0123", now),
      "releases/api-service-abcdef0.tar",
    );
  });

  it("describes a deployment by branch and commit, at most 100 characters", () => {
    assert.equal(deploymentDescription("main", "9b7d3a1c0ffee", undefined), "main 9b7d3a1");
    assert.equal(deploymentDescription(undefined, undefined, undefined), "Deployed from VS Code");
    assert.equal(deploymentDescription("b".repeat(150), undefined, undefined).length, 100);
  });

  it("checks bucket names and keys the way S3 does", () => {
    assert.equal(bucketNameProblem("acme-deploy-artifacts"), undefined);
    assert.match(bucketNameProblem("Acme_Bucket") ?? "", /lower-case letters/);
    assert.match(bucketNameProblem("ab") ?? "", /3 to 63/);
    assert.match(keyProblem("/abs.zip") ?? "", /does not start with '\/'/);
  });

  it("turns S3's refusals into what to fix", () => {
    assert.match(
      s3Problem({ name: "NoSuchBucket" }, "b1", "k", "us-east-1") ?? "",
      /^The S3 bucket b1 does not exist\. Create it in us-east-1/,
    );
    const elsewhere = {
      name: "PermanentRedirect",
      $metadata: { httpStatusCode: 301 },
      $response: { headers: { "x-amz-bucket-region": "eu-west-1" } },
    };
    assert.match(
      s3Problem(elsewhere, "b2", "k", "us-east-1") ?? "",
      /^The S3 bucket b2 is in eu-west-1, not us-east-1/,
    );
    assert.match(
      s3Problem({ name: "AccessDenied", $metadata: { httpStatusCode: 403 } }, "b3", "k", "us-east-1") ?? "",
      /s3:PutObject/,
    );
    assert.equal(
      s3Problem({ name: "ECONNREFUSED" }, "b", "k", "us-east-1"),
      undefined,
      "network errors are the wrapper's to word",
    );
  });

  it("reads owner/repository from a GitHub remote in any form", () => {
    assert.equal(
      githubRepository("https://github.com/example-org/api-service.git"),
      "example-org/api-service",
    );
    assert.equal(githubRepository("git@github.com:Example-Org/API.git"), "Example-Org/API");
    assert.equal(githubRepository("https://git-codecommit.us-east-1.amazonaws.com/v1/repos/x"), undefined);
  });
});

describe("a deployment group's alarms for the CloudWatch module", () => {
  it("answers the groups with alarms, their names and whether an alarm rolls back", () => {
    const groups = [
      aGroup({
        alarms: { enabled: true, names: ["api-5xx", "api-p99"] },
        autoRollback: { enabled: true, events: ["DEPLOYMENT_STOP_ON_ALARM"] },
      }),
      aGroup({ name: "staging" }),
    ];
    assert.deepEqual(groupAlarms(groups), [
      {
        application: "api-service",
        group: "production",
        alarms: ["api-5xx", "api-p99"],
        alarmsEnabled: true,
        rollbackOnAlarm: true,
      },
    ]);
  });
});

describe("a group's last deployment", () => {
  const listed = {
    id: "d-OLD",
    status: "Succeeded" as const,
    createTime: new Date("2026-11-30T09:00:00Z"),
    endTime: new Date("2026-11-30T09:05:00Z"),
  };

  it("is a newer running deployment, not the succeeded one the group list named", () => {
    const running = aDeployment({ id: "d-NEW", status: "InProgress" });
    const last = lastDeploymentOf(aGroup({ lastAttempted: listed }), [running]);
    assert.equal(last?.id, "d-NEW");
    assert.equal(last?.status, "InProgress");
    assert.equal(last?.endTime, undefined);
  });

  it("a rollback that succeeded says the group rolled back, not that it succeeded", () => {
    const rollback = aDeployment({
      id: "d-OLD",
      status: "Succeeded",
      creator: "codeDeployRollback",
      createTime: listed.createTime,
    });
    const last = lastDeploymentOf(aGroup({ lastAttempted: listed }), [rollback]);
    assert.equal(last?.rollback, true);
    assert.equal(lastDeploymentLook(last).word, "rolled back");
    assert.equal(lastDeploymentLook({ ...last, status: "Failed" }).word, "rollback failed");
    assert.equal(lastDeploymentLook({ ...last, status: "InProgress" }).word, "rolling back");
    assert.equal(lastDeploymentLook(listed).word, "succeeded", "a deployment not known to be a rollback");
    const byUser = lastDeploymentOf(aGroup({ lastAttempted: listed }), [{ ...rollback, creator: "user" }]);
    assert.equal(lastDeploymentLook(byUser!).word, "succeeded");
  });

  it("has the known status of the deployment the group list named", () => {
    const sameButFailed = aDeployment({
      id: "d-OLD",
      status: "Failed",
      createTime: listed.createTime,
      completeTime: new Date("2026-11-30T09:06:00Z"),
    });
    const last = lastDeploymentOf(aGroup({ lastAttempted: { ...listed, status: "InProgress" } }), [
      sameButFailed,
    ]);
    assert.deepEqual(last, {
      id: "d-OLD",
      status: "Failed",
      createTime: listed.createTime,
      endTime: new Date("2026-11-30T09:06:00Z"),
    });
  });

  it("stays the listed one when only older deployments are known", () => {
    const older = aDeployment({
      id: "d-OLDER",
      status: "Failed",
      createTime: new Date("2026-11-29T09:00:00Z"),
    });
    assert.equal(lastDeploymentOf(aGroup({ lastAttempted: listed }), [older])?.id, "d-OLD");
  });

  it("is none for a group never deployed and nothing known", () => {
    assert.equal(lastDeploymentOf(aGroup(), []), undefined);
  });
});
