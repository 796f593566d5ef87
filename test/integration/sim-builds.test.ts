// Builds in the simulator through the real SDK: phases in order, logs written as CodeBuild
// writes them, failures, stop, retry, overrides, errors and per-region state.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { GetLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import {
  BatchGetBuildsCommand,
  BatchGetProjectsCommand,
  ListBuildsForProjectCommand,
  ListProjectsCommand,
  RetryBuildCommand,
  StartBuildCommand,
  StopBuildCommand,
  type Build,
} from "@aws-sdk/client-codebuild";
import { startSimulator, type Simulator } from "../sim/index";
import { readWholeStream, waitForBuild } from "./helpers/sim-builds";
import { simClients, type Clients } from "./helpers/sim-clients";

const ALL_PHASES = [
  "SUBMITTED",
  "QUEUED",
  "PROVISIONING",
  "DOWNLOAD_SOURCE",
  "INSTALL",
  "PRE_BUILD",
  "BUILD",
  "POST_BUILD",
  "UPLOAD_ARTIFACTS",
  "FINALIZING",
  "COMPLETED",
];

async function rejects(p: Promise<unknown>, name: string, message?: RegExp): Promise<void> {
  await assert.rejects(p, (e: Error & { $metadata?: { httpStatusCode?: number } }) => {
    assert.equal(e.name, name);
    assert.equal(e.$metadata?.httpStatusCode, 400);
    if (message) assert.match(e.message, message);
    return true;
  });
}

function phaseTypes(b: Build): string[] {
  return (b.phases ?? []).map((p) => p.phaseType ?? "?");
}

describe("simulated CodeBuild builds (demo scenario, speed 50)", () => {
  let sim: Simulator;
  let c: Clients;
  before(async () => {
    sim = await startSimulator({ scenario: "demo", speed: 50 });
    c = simClients(sim);
  });
  after(async () => {
    c.destroy();
    await sim.close();
  });

  it("starts a build QUEUED, with no log stream yet, numbered after the project's history", async () => {
    const history = await c.codebuild.send(new ListBuildsForProjectCommand({ projectName: "web-app" }));
    const started = (await c.codebuild.send(new StartBuildCommand({ projectName: "web-app" }))).build!;
    assert.match(started.id!, /^web-app:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    assert.equal(started.arn, `arn:aws:codebuild:us-east-1:123456789012:build/${started.id}`);
    assert.equal(started.buildNumber, (history.ids?.length ?? 0) + 1);
    assert.equal(started.buildStatus, "IN_PROGRESS");
    assert.equal(started.currentPhase, "QUEUED");
    assert.deepEqual(phaseTypes(started), ["SUBMITTED", "QUEUED"]);
    assert.equal(started.phases?.[0]?.phaseStatus, "SUCCEEDED");
    assert.equal(started.phases?.[1]?.phaseStatus, undefined);
    assert.equal(started.buildComplete, false);
    assert.equal(started.logs?.groupName, undefined, "no stream before the container starts");
    assert.match(started.logs?.deepLink ?? "", /group=null;stream=null/);
    assert.equal(
      started.logs?.cloudWatchLogsArn,
      "arn:aws:logs:us-east-1:123456789012:log-group:null:log-stream:null",
    );
    assert.equal(started.initiator, "user/sim-user");
    assert.equal(started.sourceVersion, "main");
    await waitForBuild(c.codebuild, started.id!);
  });

  it("runs a build through every phase in order and writes its log as it goes", async () => {
    const started = (await c.codebuild.send(new StartBuildCommand({ projectName: "web-app" }))).build!;
    const seen: string[] = [];
    const done = await waitForBuild(c.codebuild, started.id!, (b) => {
      if (seen.at(-1) !== b.currentPhase) seen.push(b.currentPhase ?? "?");
      return b.buildComplete === true;
    });
    // Phases observed while polling only ever move forward.
    const order = seen.map((p) => ALL_PHASES.indexOf(p));
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
      `observed ${seen.join(" → ")}`,
    );
    assert.ok(seen.length >= 3, `observed ${seen.join(" → ")}`);

    assert.equal(done.buildStatus, "SUCCEEDED");
    assert.equal(done.currentPhase, "COMPLETED");
    assert.deepEqual(phaseTypes(done), ALL_PHASES);
    const phases = done.phases ?? [];
    for (const p of phases.slice(0, -1)) {
      assert.equal(p.phaseStatus, "SUCCEEDED", p.phaseType);
      assert.ok(p.startTime && p.endTime && p.startTime <= p.endTime, p.phaseType);
      assert.equal(typeof p.durationInSeconds, "number");
    }
    for (let i = 1; i < phases.length; i++) {
      assert.equal(
        phases[i]!.startTime!.getTime(),
        phases[i - 1]!.endTime!.getTime(),
        "phases are contiguous",
      );
    }
    assert.equal(phases.at(-1)?.phaseStatus, undefined, "COMPLETED has no status");
    assert.ok(done.endTime! >= done.startTime!);
    assert.match(done.resolvedSourceVersion ?? "", /^[0-9a-f]{40}$/);
    const uuid = done.id!.split(":")[1]!;
    assert.equal(done.logs?.groupName, "/aws/codebuild/web-app");
    assert.equal(done.logs?.streamName, uuid);
    assert.equal(
      done.logs?.cloudWatchLogsArn,
      `arn:aws:logs:us-east-1:123456789012:log-group:/aws/codebuild/web-app:log-stream:${uuid}`,
    );

    const lines = await readWholeStream(c.logs, done.logs.groupName, uuid);
    assert.ok(lines.length >= 50 && lines.length <= 80, `${lines.length} lines`);
    assert.ok(lines.every((l) => l.endsWith("\n")));
    assert.match(
      lines[0]!,
      /^\[Container\] \d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}\.\d{6} Running on CodeBuild On-demand\n$/,
    );
    const expected = [
      "Entering phase INSTALL",
      "Running command npm ci",
      "Phase complete: INSTALL State: SUCCEEDED",
      "Entering phase BUILD",
      "Running command npm run build",
      "✓ built in",
      "Phase complete: BUILD State: SUCCEEDED",
      "Entering phase POST_BUILD",
      "Phase complete: UPLOAD_ARTIFACTS State: SUCCEEDED",
    ];
    let at = 0;
    for (const needle of expected) {
      const i = lines.findIndex((l, j) => j >= at && l.includes(needle));
      assert.ok(i >= 0, `"${needle}" after line ${at}`);
      at = i;
    }
    // Written at real time, within the build's lifetime.
    const events = sim.logs.events("/aws/codebuild/web-app", uuid);
    assert.ok(events[0]!.timestamp >= done.startTime!.getTime());
    assert.ok(events.at(-1)!.timestamp <= done.endTime!.getTime());
  });

  it("fails a build in BUILD with the compiler errors in its log, then still runs POST_BUILD", async () => {
    const started = (await c.codebuild.send(new StartBuildCommand({ projectName: "api-service" }))).build!;
    const done = await waitForBuild(c.codebuild, started.id!);
    assert.equal(done.buildStatus, "FAILED");
    assert.deepEqual(phaseTypes(done), ALL_PHASES);
    const build = done.phases!.find((p) => p.phaseType === "BUILD")!;
    assert.equal(build.phaseStatus, "FAILED");
    assert.deepEqual(build.contexts, [
      {
        statusCode: "COMMAND_EXECUTION_ERROR",
        message: "Error while executing command: npm run build. Reason: exit status 2",
      },
    ]);
    assert.equal(done.phases!.find((p) => p.phaseType === "POST_BUILD")?.phaseStatus, "SUCCEEDED");
    const lines = await readWholeStream(c.logs, done.logs!.groupName!, done.logs!.streamName!);
    const errors = lines.filter((l) => /^src\/\S+\.ts\(\d+,\d+\): error TS\d+: /.test(l));
    assert.ok(errors.length >= 3, lines.join(""));
    assert.ok(
      errors.some((l) => l.startsWith("src/app.ts(12,5): error TS2322: Type 'string' is not assignable")),
    );
    const failedAt = lines.findIndex((l) => l.includes("Phase complete: BUILD State: FAILED"));
    assert.ok(failedAt > lines.indexOf(errors.at(-1)!));
    assert.ok(lines.some((l, i) => i > failedAt && l.includes("Entering phase POST_BUILD")));
  });

  it("stops a running build: the current phase and the build end STOPPED", async () => {
    const started = (await c.codebuild.send(new StartBuildCommand({ projectName: "nightly-integration" })))
      .build!;
    await waitForBuild(c.codebuild, started.id!, (b) => b.currentPhase === "BUILD");
    const answer = (await c.codebuild.send(new StopBuildCommand({ id: started.id! }))).build!;
    assert.equal(answer.id, started.id);
    const done = await waitForBuild(c.codebuild, started.id!);
    assert.equal(done.buildStatus, "STOPPED");
    assert.deepEqual(phaseTypes(done), ALL_PHASES.slice(0, 7).concat(["FINALIZING", "COMPLETED"]));
    assert.equal(done.phases!.find((p) => p.phaseType === "BUILD")?.phaseStatus, "STOPPED");
    // Far sooner than the ~535 simulated seconds BUILD would have taken.
    assert.ok(done.endTime!.getTime() - done.startTime!.getTime() < 8000);
  });

  it("retries a finished build with the same settings as a new build", async () => {
    const first = (
      await c.codebuild.send(
        new StartBuildCommand({
          projectName: "docs-site",
          sourceVersion: "feature/search",
          environmentVariablesOverride: [{ name: "DEPLOY", value: "no", type: "PLAINTEXT" }],
        }),
      )
    ).build!;
    await rejects(c.codebuild.send(new RetryBuildCommand({ id: first.id! })), "InvalidInputException");
    await waitForBuild(c.codebuild, first.id!);
    const retried = (await c.codebuild.send(new RetryBuildCommand({ id: first.id! }))).build!;
    assert.notEqual(retried.id, first.id);
    assert.equal(retried.projectName, "docs-site");
    assert.equal(retried.buildNumber, first.buildNumber! + 1);
    assert.equal(retried.sourceVersion, "feature/search");
    assert.deepEqual(
      retried.environment?.environmentVariables?.find((v) => v.name === "DEPLOY"),
      { name: "DEPLOY", value: "no", type: "PLAINTEXT" },
    );
    assert.equal((await waitForBuild(c.codebuild, retried.id!)).buildStatus, "SUCCEEDED");
  });

  it("applies StartBuild overrides and honours idempotency tokens", async () => {
    const buildspec = "version: 0.2\nphases:\n  build:\n    commands:\n      - echo overridden\n";
    const input = {
      projectName: "web-app",
      sourceVersion: "0123456789abcdef0123456789abcdef01234567",
      buildspecOverride: buildspec,
      environmentVariablesOverride: [{ name: "NODE_ENV", value: "test" }],
      idempotencyToken: "token-1",
    };
    const a = (await c.codebuild.send(new StartBuildCommand(input))).build!;
    const b = (await c.codebuild.send(new StartBuildCommand(input))).build!;
    assert.equal(b.id, a.id, "same idempotency token, same build");
    assert.equal(a.source?.buildspec, buildspec);
    assert.deepEqual(a.environment?.environmentVariables, [
      { name: "NODE_ENV", value: "test", type: "PLAINTEXT" },
    ]);
    const done = await waitForBuild(c.codebuild, a.id!);
    assert.equal(done.resolvedSourceVersion, input.sourceVersion, "a commit resolves to itself");
    const lines = await readWholeStream(c.logs, done.logs!.groupName!, done.logs!.streamName!);
    assert.ok(lines.some((l) => l.includes("Running command echo overridden")));
    assert.ok(!lines.some((l) => l.includes("Running command npm run build")));
  });

  it("answers AWS's errors for unknown projects, builds and bad input", async () => {
    await assert.rejects(c.codebuild.send(new StartBuildCommand({ projectName: "nope" })), {
      name: "ResourceNotFoundException",
      message: "Project cannot be found: arn:aws:codebuild:us-east-1:123456789012:project/nope",
    });
    await rejects(
      c.codebuild.send(new ListBuildsForProjectCommand({} as never)),
      "InvalidInputException",
      /projectName/,
    );
    await rejects(
      c.codebuild.send(new StopBuildCommand({ id: "web-app:00000000-0000-0000-0000-000000000000" })),
      "ResourceNotFoundException",
    );
    const names = Array.from({ length: 101 }, (_, i) => `p${i}`);
    await rejects(
      c.codebuild.send(new BatchGetProjectsCommand({ names })),
      "InvalidInputException",
      /less than or equal to 100/,
    );
    const missing = "web-app:11111111-2222-3333-4444-555555555555";
    const got = await c.codebuild.send(new BatchGetBuildsCommand({ ids: [missing] }));
    assert.deepEqual(got.builds, []);
    assert.deepEqual(got.buildsNotFound, [missing]);
    await assert.rejects(
      c.logs.send(
        new GetLogEventsCommand({ logGroupName: "/aws/codebuild/web-app", logStreamName: "no-such-stream" }),
      ),
      { name: "ResourceNotFoundException", message: "The specified log stream does not exist." },
    );
  });

  it("keeps state per region: other regions are empty", async () => {
    const west = simClients(sim, { region: "us-west-2" });
    try {
      assert.deepEqual((await west.codebuild.send(new ListProjectsCommand({}))).projects, []);
      await assert.rejects(west.codebuild.send(new StartBuildCommand({ projectName: "web-app" })), {
        name: "ResourceNotFoundException",
        message: "Project cannot be found: arn:aws:codebuild:us-west-2:123456789012:project/web-app",
      });
      const east = await c.codebuild.send(new ListProjectsCommand({}));
      assert.deepEqual(east.projects, ["api-service", "docs-site", "nightly-integration", "web-app"]);
      assert.ok(sim.calls.some((call) => call.region === "us-west-2"));
    } finally {
      west.destroy();
    }
  });

  it("seeds history with mixed statuses, branches, commits and initiators", async () => {
    const ids = (await c.codebuild.send(new ListBuildsForProjectCommand({ projectName: "api-service" })))
      .ids!;
    const builds = (await c.codebuild.send(new BatchGetBuildsCommand({ ids }))).builds!;
    const history = builds.filter((b) => b.initiator !== "user/sim-user");
    assert.deepEqual(
      history.map((b) => [b.buildNumber, b.buildStatus, b.sourceVersion]),
      [
        [3, "FAILED", "main"],
        [2, "SUCCEEDED", "release/2.3"],
        [1, "SUCCEEDED", "main"],
      ],
    );
    assert.equal(history[1]!.resolvedSourceVersion, "9fceb02d0ae598e95dc970b74767f19372d61af8");
    assert.equal(history[0]!.initiator, "codepipeline/api-service-pipeline");
    for (const b of history) {
      assert.equal(b.buildComplete, true);
      const lines = await readWholeStream(c.logs, b.logs!.groupName!, b.logs!.streamName!);
      assert.ok(lines.length > 20, "past builds have logs");
      const events = sim.logs.events(b.logs!.groupName!, b.logs!.streamName!);
      const [start, end] = [b.startTime!.getTime(), b.endTime!.getTime()];
      assert.ok(end < Date.now() - 30 * 60_000, "in the past");
      assert.ok(
        events.every((e) => e.timestamp >= start && e.timestamp <= end),
        "logged during the build",
      );
    }
  });
});
