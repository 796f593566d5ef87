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
import { operationErrors, shapeAtPath, validateOutput } from "./helpers/model-shapes";
import { startMoto, type Moto } from "./helpers/moto";
import { recordRawAnswers, type RawAnswer } from "./helpers/raw-answers";
import { shapePaths } from "./helpers/shape-diff";
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

interface Outcome {
  step: Step;
  sim: RawAnswer;
  moto: RawAnswer;
}

/** Runs every step on a target, returning one raw answer per step. */
async function runSequence(t: Target): Promise<RawAnswer[]> {
  const perStep: RawAnswer[] = [];
  for (const step of STEPS) {
    const before = t.answers.length;
    await step.run(t).catch(() => undefined); // the raw answer is what we compare
    const answer = t.answers[before];
    if (!answer) throw new Error(`${t.name}: no answer recorded for ${step.operation}`);
    perStep.push(answer);
  }
  return perStep;
}

const errorCode = (a: RawAnswer): string => {
  const type = (a.body as { __type?: unknown } | undefined)?.__type;
  return typeof type === "string" ? type : "no __type";
};

describe("contract: simulator vs moto, judged by the botocore models", () => {
  let moto: Moto | undefined;
  let sim: Simulator;
  const outcomes: Outcome[] = [];
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
      const [motoAnswers, simAnswers] = [await runSequence(targets[0]!), await runSequence(targets[1]!)];
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

  it("the simulator's successful answers conform to the model", () => {
    const problems: string[] = [];
    for (const { step, sim: a } of outcomes) {
      if (step.expectError) continue;
      assert.equal(a.status, 200, `${step.operation}: simulator answered ${a.status} ${a.text}`);
      for (const p of validateOutput(step.service, step.operation, a.body))
        problems.push(`${step.operation} ${p.path}: ${p.problem}`);
    }
    assert.deepEqual(problems, []);
  });

  it("the simulator's errors are ones the model declares for the operation", () => {
    for (const { step, sim: a, moto: m } of outcomes.filter((o) => o.step.expectError)) {
      assert.equal(a.status, 400, `${step.operation}: ${a.text}`);
      const code = errorCode(a);
      assert.ok(
        operationErrors(step.service, step.operation).includes(code),
        `${step.operation} answered ${code}`,
      );
      if (errorCode(m) !== code)
        notes.push(`${step.operation} (error case): moto answers ${errorCode(m)}, simulator ${code}`);
      const [sm, mm] = [
        (a.body as { message?: string }).message,
        (m.body as { message?: string } | undefined)?.message,
      ];
      if (mm !== undefined && sm !== mm)
        notes.push(`${step.operation} (error case): messages differ — moto "${mm}", simulator "${sm}"`);
    }
  });

  it("the simulator has every key moto returns that the model defines", () => {
    const missing: string[] = [];
    for (const { step, sim: a, moto: m } of outcomes) {
      if (step.expectError) continue;
      if (m.status !== 200) {
        notes.push(
          `${step.operation}: moto answers HTTP ${m.status} (${errorCode(m)}): not implemented or failing in moto`,
        );
        continue;
      }
      const simPaths = shapePaths(a.body);
      for (const [path, motoKinds] of shapePaths(m.body)) {
        const defined = shapeAtPath(step.service, step.operation, path) !== undefined;
        if (!defined) {
          if (!path.endsWith("[]"))
            notes.push(`${step.operation}: moto returns ${path}, which the model does not define`);
          continue;
        }
        const simKinds = simPaths.get(path);
        if (!simKinds) {
          if (motoKinds.has("null") && motoKinds.size === 1)
            notes.push(`${step.operation}: moto returns ${path} as null`);
          else missing.push(`${step.operation}: ${path}`);
          continue;
        }
        const differ = [...motoKinds].filter((k) => !simKinds.has(k));
        if (differ.length > 0)
          notes.push(
            `${step.operation}: ${path} is ${[...motoKinds].join("|")} in moto, ${[...simKinds].join("|")} in the simulator`,
          );
      }
    }
    assert.deepEqual(missing, []);
  });

  it("reports where moto deviates from the model (notes, not failures)", (t) => {
    for (const { step, moto: m } of outcomes) {
      if (step.expectError || m.status !== 200) continue;
      for (const p of validateOutput(step.service, step.operation, m.body)) {
        // One note per member, not per list item; values (e.g. timestamps) left out.
        const problem = p.problem.replace(/, got string ".*"$/, ", got string");
        notes.push(`${step.operation}: moto ${p.path.replace(/\[\d+\]/g, "[]")}: ${problem}`);
      }
    }
    for (const n of new Set(notes)) t.diagnostic(n);
    // The comparison is only worth something if moto answered most of the sequence.
    const compared = outcomes.filter((o) => !o.step.expectError && o.moto.status === 200).length;
    assert.ok(compared >= 14, `only ${compared} successful moto answers to compare`);
  });
});
