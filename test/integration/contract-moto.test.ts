// The same SDK call sequence against moto and against the simulator; both answers are checked
// against botocore's model. The test fails only when the SIMULATOR deviates from the model or
// lacks a key moto returns that the model also defines; moto's own deviations are reported as
// notes (test diagnostics), since the model — AWS's reference — wins.
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
import { judgeContract, runSequence, type ContractOutcome } from "./helpers/contract";
import { startMoto, type Moto } from "./helpers/moto";
import { recordRawAnswers, type RawAnswer } from "./helpers/raw-answers";
import { waitForBuild } from "./helpers/sim-builds";
import { clientsFor, simClients, type Clients } from "./helpers/sim-clients";

type Service = "codebuild" | "logs";

interface Target {
  name: "moto" | "simulator";
  clients: Clients;
  answers: RawAnswer[];
  /** Lets a started build finish where builds take time (the simulator). */
  settle(buildId: string): Promise<void>;
  buildId?: string;
}

interface Step {
  service: Service;
  operation: string;
  /** An error is the expected answer. */
  expectError?: boolean;
  run(t: Target): Promise<unknown>;
}

const PROJECT = "contract-app";
const GROUP = "/contract/group";
const STREAM = "s1";
const T0 = Date.now() - 60_000;
const MISSING_BUILD = `${PROJECT}:00000000-0000-0000-0000-000000000000`;

const STEPS: Step[] = [
  {
    service: "codebuild",
    operation: "CreateProject",
    run: (t) =>
      t.clients.codebuild.send(
        new CreateProjectCommand({
          name: PROJECT,
          description: "contract test project",
          source: { type: "GITHUB", location: "https://github.com/example-org/contract-app.git" },
          artifacts: { type: "NO_ARTIFACTS" },
          environment: {
            type: "LINUX_CONTAINER",
            image: "aws/codebuild/standard:7.0",
            computeType: "BUILD_GENERAL1_SMALL",
          },
          serviceRole: "arn:aws:iam::123456789012:role/service-role/contract-app",
        }),
      ),
  },
  {
    service: "codebuild",
    operation: "ListProjects",
    run: (t) => t.clients.codebuild.send(new ListProjectsCommand({})),
  },
  {
    service: "codebuild",
    operation: "BatchGetProjects",
    run: (t) =>
      t.clients.codebuild.send(new BatchGetProjectsCommand({ names: [PROJECT, "missing-project"] })),
  },
  {
    service: "codebuild",
    operation: "StartBuild",
    run: async (t) => {
      const out = t.clients.codebuild.send(
        new StartBuildCommand({ projectName: PROJECT, sourceVersion: "main" }),
      );
      await out.catch(() => undefined);
      const body = t.answers.at(-1)?.body as { build?: { id?: string } } | undefined;
      t.buildId = body?.build?.id;
      if (t.buildId) await t.settle(t.buildId);
      return out;
    },
  },
  {
    service: "codebuild",
    operation: "ListBuildsForProject",
    run: (t) => t.clients.codebuild.send(new ListBuildsForProjectCommand({ projectName: PROJECT })),
  },
  {
    service: "codebuild",
    operation: "ListBuilds",
    run: (t) => t.clients.codebuild.send(new ListBuildsCommand({})),
  },
  {
    service: "codebuild",
    operation: "BatchGetBuilds",
    run: (t) =>
      t.clients.codebuild.send(
        new BatchGetBuildsCommand({ ids: [t.buildId ?? MISSING_BUILD, MISSING_BUILD] }),
      ),
  },
  {
    service: "codebuild",
    operation: "StopBuild",
    run: (t) => t.clients.codebuild.send(new StopBuildCommand({ id: t.buildId ?? MISSING_BUILD })),
  },
  {
    service: "codebuild",
    operation: "RetryBuild",
    run: (t) => t.clients.codebuild.send(new RetryBuildCommand({ id: t.buildId ?? MISSING_BUILD })),
  },
  {
    service: "codebuild",
    operation: "StartBuild",
    expectError: true,
    run: (t) => t.clients.codebuild.send(new StartBuildCommand({ projectName: "missing-project" })),
  },
  {
    service: "codebuild",
    operation: "ListBuildsForProject",
    expectError: true,
    run: (t) => t.clients.codebuild.send(new ListBuildsForProjectCommand({ projectName: "missing-project" })),
  },
  {
    service: "logs",
    operation: "CreateLogGroup",
    run: (t) => t.clients.logs.send(new CreateLogGroupCommand({ logGroupName: GROUP })),
  },
  {
    service: "logs",
    operation: "CreateLogStream",
    run: (t) =>
      t.clients.logs.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: STREAM })),
  },
  {
    service: "logs",
    operation: "PutLogEvents",
    run: (t) =>
      t.clients.logs.send(
        new PutLogEventsCommand({
          logGroupName: GROUP,
          logStreamName: STREAM,
          logEvents: [
            { timestamp: T0, message: "first line" },
            { timestamp: T0 + 1, message: "ERROR second line" },
            { timestamp: T0 + 2, message: "third line" },
          ],
        }),
      ),
  },
  {
    service: "logs",
    operation: "DescribeLogGroups",
    run: (t) => t.clients.logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: "/contract/" })),
  },
  {
    service: "logs",
    operation: "DescribeLogStreams",
    run: (t) => t.clients.logs.send(new DescribeLogStreamsCommand({ logGroupName: GROUP })),
  },
  {
    service: "logs",
    operation: "GetLogEvents",
    run: (t) =>
      t.clients.logs.send(
        new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: STREAM, startFromHead: true }),
      ),
  },
  {
    service: "logs",
    operation: "FilterLogEvents",
    run: (t) =>
      t.clients.logs.send(
        new FilterLogEventsCommand({ logGroupName: GROUP, filterPattern: "ERROR", interleaved: true }),
      ),
  },
  {
    service: "logs",
    operation: "GetLogEvents",
    expectError: true,
    run: (t) =>
      t.clients.logs.send(new GetLogEventsCommand({ logGroupName: GROUP, logStreamName: "missing-stream" })),
  },
  {
    service: "logs",
    operation: "GetLogEvents",
    expectError: true,
    run: (t) =>
      t.clients.logs.send(
        new GetLogEventsCommand({ logGroupName: "/contract/missing", logStreamName: STREAM }),
      ),
  },
  {
    service: "logs",
    operation: "CreateLogGroup",
    expectError: true,
    run: (t) => t.clients.logs.send(new CreateLogGroupCommand({ logGroupName: GROUP })),
  },
];

describe("contract: simulator vs moto, judged by the botocore models", () => {
  let moto: Moto | undefined;
  let sim: Simulator;
  const outcomes: ContractOutcome[] = [];
  const notes: string[] = [];

  before(async () => {
    sim = await startSimulator({ speed: 200 });
    moto = await startMoto();
    const motoClients = clientsFor(moto.url, {
      region: "us-east-1",
      accessKeyId: "testing",
      secretAccessKey: "testing",
    });
    const simC = simClients(sim);
    const poller = simClients(sim);
    const targets: Target[] = [
      { name: "moto", clients: motoClients, answers: [], settle: () => Promise.resolve() },
      {
        name: "simulator",
        clients: simC,
        answers: [],
        settle: async (id) => {
          await waitForBuild(poller.codebuild, id);
        },
      },
    ];
    try {
      for (const t of targets) {
        recordRawAnswers(t.clients.codebuild, t.answers);
        recordRawAnswers(t.clients.logs, t.answers);
      }
      const [moto0, sim0] = [targets[0]!, targets[1]!];
      const motoAnswers = await runSequence(moto0.name, STEPS, moto0, moto0.answers);
      const simAnswers = await runSequence(sim0.name, STEPS, sim0, sim0.answers);
      STEPS.forEach((step, i) => outcomes.push({ step, moto: motoAnswers[i]!, sim: simAnswers[i]! }));
    } finally {
      for (const t of targets) t.clients.destroy();
      poller.destroy();
    }
  });

  after(async () => {
    await moto?.stop();
    await sim?.close();
  });

  it("runs the whole sequence on both", () => {
    assert.equal(outcomes.length, STEPS.length);
  });

  judgeContract({ outcomes, notes, minCompared: 14 });
});
