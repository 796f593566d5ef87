// SigV4 verification, auth errors and injected faults, seen through the real SDK.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DescribeLogGroupsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { BatchGetBuildsCommand, ListProjectsCommand } from "@aws-sdk/client-codebuild";
import { SIM_ACCOUNT_ID, SIM_CREDENTIALS, startSimulator, type Simulator } from "../sim/index";
import { simClients, type Clients } from "./helpers/sim-clients";

type AwsError = Error & { $metadata?: { httpStatusCode?: number } };
type Middleware = Parameters<Clients["codebuild"]["middlewareStack"]["addRelativeTo"]>[0];
type Request = { body: string; headers: Record<string, string> };

/** A middleware that changes the outgoing HTTP request. */
function editRequest(edit: (req: Request) => void): Middleware {
  const mw = (next: (a: unknown) => Promise<unknown>) => (args: { request: Request }) => {
    edit(args.request);
    return next(args);
  };
  return mw as unknown as Middleware;
}

function expectError(name: string, status: number, message?: RegExp) {
  return (e: AwsError): boolean => {
    assert.equal(e.name, name);
    assert.equal(e.$metadata?.httpStatusCode, status);
    if (message) assert.match(e.message, message);
    return true;
  };
}

describe("simulator authentication and faults", () => {
  let sim: Simulator;
  let c: Clients;
  before(async () => {
    sim = await startSimulator({ scenario: "fail", speed: 100 });
    c = simClients(sim);
  });
  after(async () => {
    c.destroy();
    await sim.close();
  });

  it("exposes its fixed credentials and account", () => {
    assert.deepEqual(sim.credentials, SIM_CREDENTIALS);
    assert.equal(sim.credentials.accessKeyId, "AKIASIMULATOR0000000");
    assert.equal(sim.credentials.secretAccessKey, "simulator/secret/key/0000000000000000000000");
    assert.equal(sim.accountId, SIM_ACCOUNT_ID);
    assert.equal(sim.accountId, "123456789012");
    assert.equal(sim.region, "us-east-1");
    assert.match(sim.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("accepts correctly signed requests from both clients", async () => {
    assert.deepEqual((await c.codebuild.send(new ListProjectsCommand({}))).projects, ["broken-build"]);
    const groups = await c.logs.send(new DescribeLogGroupsCommand({}));
    assert.deepEqual(
      groups.logGroups?.map((g) => g.logGroupName),
      ["/aws/codebuild/broken-build"],
    );
  });

  it("rejects a request signed with the wrong secret: 403 InvalidSignatureException", async () => {
    const wrong = simClients(sim, { secretAccessKey: "not-the-secret" });
    try {
      await assert.rejects(
        wrong.codebuild.send(new ListProjectsCommand({})),
        expectError(
          "InvalidSignatureException",
          403,
          /^The request signature we calculated does not match the signature you provided/,
        ),
      );
      await assert.rejects(
        wrong.logs.send(new DescribeLogGroupsCommand({})),
        expectError("InvalidSignatureException", 403),
      );
    } finally {
      wrong.destroy();
    }
  });

  it("rejects an unknown access key: 403 UnrecognizedClientException", async () => {
    const stranger = simClients(sim, { accessKeyId: "AKIAUNKNOWN000000000" });
    try {
      await assert.rejects(
        stranger.codebuild.send(new ListProjectsCommand({})),
        expectError(
          "UnrecognizedClientException",
          403,
          /^The security token included in the request is invalid\.$/,
        ),
      );
    } finally {
      stranger.destroy();
    }
  });

  it("rejects a body changed after signing", async () => {
    const tamper = simClients(sim);
    tamper.codebuild.middlewareStack.addRelativeTo(
      // Same length as the signed "{}", so only the signature can tell.
      editRequest((req) => (req.body = "[]")),
      { relation: "after", toMiddleware: "httpSigningMiddleware", name: "tamper" },
    );
    try {
      await assert.rejects(
        tamper.codebuild.send(new ListProjectsCommand({})),
        expectError("InvalidSignatureException", 403),
      );
    } finally {
      tamper.destroy();
    }
  });

  it("rejects a stale signature, and the SDK corrects its clock and retries", async () => {
    const skewed = simClients(sim, { maxAttempts: 3 });
    skewed.codebuild.config.systemClockOffset = -60 * 60_000;
    const before = sim.calls.length;
    try {
      await skewed.codebuild.send(new ListProjectsCommand({}));
    } finally {
      skewed.destroy();
    }
    assert.deepEqual(
      sim.calls.slice(before).map((call) => call.status),
      [403, 200],
    );
  });

  it("answers unsigned requests and unknown targets like AWS", async () => {
    const unsigned = await fetch(sim.url, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "CodeBuild_20161006.ListProjects",
      },
      body: "{}",
    });
    assert.equal(unsigned.status, 403);
    assert.deepEqual(await unsigned.json(), {
      __type: "MissingAuthenticationTokenException",
      message: "Missing Authentication Token",
    });

    const renamed = simClients(sim);
    renamed.codebuild.middlewareStack.addRelativeTo(
      editRequest((req) => (req.headers["x-amz-target"] = "CodeBuild_20161006.NoSuchOperation")),
      { relation: "after", toMiddleware: "serializerMiddleware", name: "renameTarget" },
    );
    try {
      await assert.rejects(
        renamed.codebuild.send(new ListProjectsCommand({})),
        expectError("UnknownOperationException", 400),
      );
    } finally {
      renamed.destroy();
    }
  });

  it("throttles the next N calls of an operation, then answers normally", async () => {
    sim.faults.throttle("ListProjects", 1);
    await assert.rejects(
      c.codebuild.send(new ListProjectsCommand({})),
      expectError("ThrottlingException", 400, /^Rate exceeded$/),
    );
    assert.deepEqual((await c.codebuild.send(new ListProjectsCommand({}))).projects, ["broken-build"]);

    // The SDK's standard retry rides over throttling; every answer is on record.
    const retrying = simClients(sim, { maxAttempts: 3 });
    const before = sim.calls.length;
    sim.faults.throttle("CodeBuild_20161006.ListProjects", 2);
    try {
      assert.deepEqual((await retrying.codebuild.send(new ListProjectsCommand({}))).projects, [
        "broken-build",
      ]);
    } finally {
      retrying.destroy();
    }
    assert.deepEqual(
      sim.calls.slice(before).map((call) => [call.target, call.status]),
      [
        ["CodeBuild_20161006.ListProjects", 400],
        ["CodeBuild_20161006.ListProjects", 400],
        ["CodeBuild_20161006.ListProjects", 200],
      ],
    );
  });

  it("fails the next N calls with a chosen error, only for that operation", async () => {
    sim.faults.fail("BatchGetBuilds", 2, "ServiceUnavailableException", 503);
    assert.deepEqual((await c.codebuild.send(new ListProjectsCommand({}))).projects, ["broken-build"]);
    const ids = ["broken-build:00000000-0000-0000-0000-000000000000"];
    await assert.rejects(
      c.codebuild.send(new BatchGetBuildsCommand({ ids })),
      expectError("ServiceUnavailableException", 503),
    );
    await assert.rejects(
      c.codebuild.send(new BatchGetBuildsCommand({ ids })),
      expectError("ServiceUnavailableException", 503),
    );
    assert.deepEqual((await c.codebuild.send(new BatchGetBuildsCommand({ ids }))).buildsNotFound, ids);
    sim.faults.throttle("ListProjects", 5);
    sim.faults.clear();
    assert.deepEqual((await c.codebuild.send(new ListProjectsCommand({}))).projects, ["broken-build"]);
  });

  it("records every answered request in order with its target, status and time", () => {
    assert.ok(sim.calls.length >= 10);
    for (let i = 1; i < sim.calls.length; i++) assert.ok(sim.calls[i]!.at >= sim.calls[i - 1]!.at);
    assert.ok(
      sim.calls.some((call) => call.target === "Logs_20140328.DescribeLogGroups" && call.status === 200),
    );
    assert.ok(sim.calls.some((call) => call.status === 403));
  });
});
