// Every answer the simulator gives — success or error, in every build state — checked against
// botocore's service models: member names, required members, types, enums, declared errors.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreateLogGroupCommand,
  CreateLogStreamCommand,
  DescribeLogGroupsCommand,
  DescribeLogStreamsCommand,
  FilterLogEventsCommand,
  GetLogEventsCommand,
  PutLogEventsCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import {
  BatchGetBuildsCommand,
  BatchGetProjectsCommand,
  CreateProjectCommand,
  ListBuildsCommand,
  ListBuildsForProjectCommand,
  ListProjectsCommand,
  RetryBuildCommand,
  StartBuildCommand,
  StopBuildCommand,
} from "@aws-sdk/client-codebuild";
import { startSimulator, type Simulator } from "../sim/index";
import { operationErrors, validateOutput } from "./helpers/model-shapes";
import { recordRawAnswers, type RawAnswer } from "./helpers/raw-answers";
import { waitForBuild } from "./helpers/sim-builds";
import { simClients, type Clients } from "./helpers/sim-clients";

/** Errors any AWS JSON service may answer, whatever the operation declares. */
const COMMON_ERRORS = [
  "ThrottlingException",
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "MissingAuthenticationTokenException",
  "IncompleteSignatureException",
  "SerializationException",
  "UnknownOperationException",
];

const swallow = (p: Promise<unknown>): Promise<unknown> => p.catch((e: unknown) => e);

describe("simulator answers conform to the botocore service models", () => {
  let sim: Simulator;
  let c: Clients;
  const codebuildAnswers: RawAnswer[] = [];
  const logsAnswers: RawAnswer[] = [];

  before(async () => {
    sim = await startSimulator({ scenario: "demo", speed: 100 });
    c = simClients(sim);
    recordRawAnswers(c.codebuild, codebuildAnswers);
    recordRawAnswers(c.logs, logsAnswers);

    const cb = c.codebuild;
    const names = (await cb.send(new ListProjectsCommand({}))).projects ?? [];
    await cb.send(new ListProjectsCommand({ sortBy: "LAST_MODIFIED_TIME", sortOrder: "DESCENDING" }));
    await cb.send(new BatchGetProjectsCommand({ names: [...names, "not-a-project"] }));
    const all = (await cb.send(new ListBuildsCommand({}))).ids ?? [];
    await cb.send(
      new BatchGetBuildsCommand({ ids: [...all, "web-app:00000000-0000-0000-0000-000000000000"] }),
    );
    for (const projectName of names) await cb.send(new ListBuildsForProjectCommand({ projectName }));

    // A build in every state: queued, mid-BUILD, stopping, stopped, failed, succeeded, retried.
    const running = (
      await cb.send(new StartBuildCommand({ projectName: "nightly-integration", sourceVersion: "pr/7" }))
    ).build!;
    await waitForBuild(cb, running.id!, (b) => b.currentPhase === "BUILD");
    await cb.send(new StopBuildCommand({ id: running.id! }));
    await cb.send(new BatchGetBuildsCommand({ ids: [running.id!] }));
    const failed = (await cb.send(new StartBuildCommand({ projectName: "api-service" }))).build!;
    await waitForBuild(
      cb,
      failed.id!,
      (b) => b.phases?.some((p) => p.phaseType === "BUILD" && p.phaseStatus === "FAILED") ?? false,
    );
    await waitForBuild(cb, running.id!);
    await waitForBuild(cb, failed.id!);
    await cb.send(new RetryBuildCommand({ id: failed.id! }));
    await cb.send(
      new CreateProjectCommand({
        name: "model-check",
        source: { type: "NO_SOURCE", buildspec: "version: 0.2" },
        artifacts: { type: "NO_ARTIFACTS" },
        environment: {
          type: "LINUX_CONTAINER",
          image: "aws/codebuild/standard:7.0",
          computeType: "BUILD_GENERAL1_SMALL",
        },
        serviceRole: "arn:aws:iam::123456789012:role/model-check",
      }),
    );
    // Error answers.
    await swallow(cb.send(new StartBuildCommand({ projectName: "not-a-project" })));
    await swallow(cb.send(new ListBuildsForProjectCommand({} as never)));
    await swallow(cb.send(new StopBuildCommand({ id: "web-app:00000000-0000-0000-0000-000000000000" })));
    await swallow(cb.send(new BatchGetProjectsCommand({ names: [] })));
    await swallow(cb.send(new ListProjectsCommand({ nextToken: "garbage" })));
    sim.faults.throttle("ListBuilds", 1);
    await swallow(cb.send(new ListBuildsCommand({})));

    const logs = c.logs;
    const group = failed.logs?.groupName ?? "/aws/codebuild/api-service";
    await logs.send(new DescribeLogGroupsCommand({}));
    await logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/aws/codebuild/", limit: 2 }));
    await logs.send(
      new DescribeLogStreamsCommand({ logGroupName: group, orderBy: "LastEventTime", descending: true }),
    );
    const stream = (await cb.send(new BatchGetBuildsCommand({ ids: [failed.id!] }))).builds![0]!.logs!
      .streamName!;
    const head = await logs.send(
      new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true, limit: 10 }),
    );
    await logs.send(
      new GetLogEventsCommand({
        logGroupName: group,
        logStreamName: stream,
        nextToken: head.nextForwardToken,
      }),
    );
    await logs.send(new GetLogEventsCommand({ logGroupIdentifier: group, logStreamName: stream }));
    await logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: "error", limit: 3 }));
    await logs.send(new CreateLogGroupCommand({ logGroupName: "/model/check" }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: "/model/check", logStreamName: "s" }));
    await logs.send(
      new PutLogEventsCommand({
        logGroupName: "/model/check",
        logStreamName: "s",
        logEvents: [{ timestamp: Date.now(), message: "hi" }],
      }),
    );
    await swallow(logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: "missing" })));
    await swallow(logs.send(new GetLogEventsCommand({ logGroupName: "/missing", logStreamName: "missing" })));
    await swallow(
      logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, nextToken: "zz" })),
    );
    await swallow(logs.send(new CreateLogGroupCommand({ logGroupName: "/model/check" })));
    await swallow(logs.send(new DescribeLogStreamsCommand({ logGroupName: "/missing" })));
  });

  after(async () => {
    c.destroy();
    await sim.close();
  });

  for (const [service, answers] of [
    ["codebuild", codebuildAnswers],
    ["logs", logsAnswers],
  ] as const) {
    it(`${service}: successful answers match the operations' output shapes`, () => {
      const ok = answers.filter((a) => a.status === 200);
      assert.ok(ok.length >= 10, `${ok.length} answers recorded`);
      const problems = ok.flatMap((a) =>
        validateOutput(service, a.operation, a.body).map((p) => `${a.operation} ${p.path}: ${p.problem}`),
      );
      assert.deepEqual(problems, []);
    });

    it(`${service}: error answers are {__type, message} with a code the model declares`, () => {
      const errors = answers.filter((a) => a.status !== 200);
      assert.ok(errors.length >= 5, `${errors.length} error answers recorded`);
      for (const a of errors) {
        const body = a.body as { __type?: unknown; message?: unknown };
        assert.deepEqual(Object.keys(body).sort(), ["__type", "message"], a.text);
        assert.equal(typeof body.message, "string");
        const allowed = [...operationErrors(service, a.operation), ...COMMON_ERRORS];
        assert.ok(
          allowed.includes(String(body.__type)),
          `${a.operation} answered ${String(body.__type)}; model allows ${allowed.join(", ")}`,
        );
        assert.equal(a.status, 400, `${a.operation} ${String(body.__type)}`);
      }
    });
  }

  it("the model check itself catches wrong answers", () => {
    const problems = validateOutput("codebuild", "BatchGetBuilds", {
      builds: [
        {
          startTime: "2026-01-01T00:00:00Z",
          buildStatus: "DONE",
          buildNumber: 1.5,
          extra: true,
          phases: [{}],
        },
      ],
      buildsNotFound: null,
    });
    assert.deepEqual(
      problems.map((p) => p.path),
      [
        "$.builds[0].startTime",
        "$.builds[0].buildStatus",
        "$.builds[0].buildNumber",
        "$.builds[0].extra",
        "$.buildsNotFound",
      ],
    );
    assert.deepEqual(validateOutput("logs", "PutLogEvents", { nextSequenceToken: "1" }), []);
    assert.equal(validateOutput("logs", "CreateLogGroup", { unexpected: 1 }).length, 1);
    assert.deepEqual(operationErrors("codebuild", "StartBuild").sort(), [
      "AccountLimitExceededException",
      "InvalidInputException",
      "ResourceNotFoundException",
    ]);
  });

  it("covers every operation the simulator implements", () => {
    const ops = new Set(
      [...codebuildAnswers, ...logsAnswers].filter((a) => a.status === 200).map((a) => a.operation),
    );
    assert.deepEqual([...ops].sort(), [
      "BatchGetBuilds",
      "BatchGetProjects",
      "CreateLogGroup",
      "CreateLogStream",
      "CreateProject",
      "DescribeLogGroups",
      "DescribeLogStreams",
      "FilterLogEvents",
      "GetLogEvents",
      "ListBuilds",
      "ListBuildsForProject",
      "ListProjects",
      "PutLogEvents",
      "RetryBuild",
      "StartBuild",
      "StopBuild",
    ]);
  });
});
