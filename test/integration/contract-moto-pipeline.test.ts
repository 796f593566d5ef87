// The same CodePipeline call sequence against moto and against the simulator, both answers
// checked against botocore's model. moto implements CreatePipeline, GetPipeline, UpdatePipeline,
// ListPipelines, DeletePipeline and the tag operations (not state, executions, approvals, …).
// The test fails only when the SIMULATOR deviates from the model or lacks a key moto returns
// that the model defines; moto's own deviations are reported as notes (test diagnostics).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  CreatePipelineCommand,
  DeletePipelineCommand,
  GetPipelineCommand,
  ListPipelinesCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdatePipelineCommand,
  type PipelineDeclaration,
} from "@aws-sdk/client-codepipeline";
import { startSimulator, type Simulator } from "../sim/index";
import { operationErrors, shapeAtPath, validateOutput } from "./helpers/model-shapes";
import { startMoto, type Moto } from "./helpers/moto";
import type { RawAnswer } from "./helpers/raw-answers";
import { shapePaths } from "./helpers/shape-diff";
import { pipelineClientFor, simPipelineClient, type PipelineClient } from "./helpers/sim-pipelines";

const PIPELINE = "contract-pipeline";
const ROLE = "arn:aws:iam::123456789012:role/service-role/contract-pipeline-role";
const ARN = `arn:aws:codepipeline:us-east-1:123456789012:${PIPELINE}`;

function declaration(withDeploy: boolean): PipelineDeclaration {
  const stages: PipelineDeclaration["stages"] = [
    {
      name: "Source",
      actions: [
        {
          name: "Source",
          actionTypeId: { category: "Source", owner: "AWS", provider: "CodeCommit", version: "1" },
          configuration: { RepositoryName: "contract-repo", BranchName: "main" },
          outputArtifacts: [{ name: "SourceArtifact" }],
        },
      ],
    },
    {
      name: "Build",
      actions: [
        {
          name: "Build",
          actionTypeId: { category: "Build", owner: "AWS", provider: "CodeBuild", version: "1" },
          configuration: { ProjectName: "contract-build" },
          inputArtifacts: [{ name: "SourceArtifact" }],
          outputArtifacts: [{ name: "BuildArtifact" }],
          runOrder: 1,
        },
      ],
    },
  ];
  if (withDeploy) {
    stages.push({
      name: "Approval",
      actions: [
        {
          name: "Approve",
          actionTypeId: { category: "Approval", owner: "AWS", provider: "Manual", version: "1" },
          configuration: { CustomData: "Please check" },
        },
      ],
    });
  }
  return {
    name: PIPELINE,
    roleArn: ROLE,
    artifactStore: { type: "S3", location: "contract-artifacts" },
    stages,
  };
}

interface Step {
  operation: string;
  expectError?: boolean;
  run(c: PipelineClient): Promise<unknown>;
}

const STEPS: Step[] = [
  {
    operation: "CreatePipeline",
    run: (c) =>
      c.cp.send(
        new CreatePipelineCommand({ pipeline: declaration(false), tags: [{ key: "team", value: "web" }] }),
      ),
  },
  { operation: "GetPipeline", run: (c) => c.cp.send(new GetPipelineCommand({ name: PIPELINE })) },
  { operation: "ListPipelines", run: (c) => c.cp.send(new ListPipelinesCommand({})) },
  {
    operation: "UpdatePipeline",
    run: (c) => c.cp.send(new UpdatePipelineCommand({ pipeline: declaration(true) })),
  },
  { operation: "GetPipeline", run: (c) => c.cp.send(new GetPipelineCommand({ name: PIPELINE })) },
  {
    operation: "ListTagsForResource",
    run: (c) => c.cp.send(new ListTagsForResourceCommand({ resourceArn: ARN })),
  },
  {
    operation: "TagResource",
    run: (c) =>
      c.cp.send(new TagResourceCommand({ resourceArn: ARN, tags: [{ key: "stage", value: "prod" }] })),
  },
  {
    operation: "UntagResource",
    run: (c) => c.cp.send(new UntagResourceCommand({ resourceArn: ARN, tagKeys: ["team"] })),
  },
  {
    operation: "ListTagsForResource",
    run: (c) => c.cp.send(new ListTagsForResourceCommand({ resourceArn: ARN })),
  },
  {
    operation: "GetPipeline",
    expectError: true,
    run: (c) => c.cp.send(new GetPipelineCommand({ name: "missing-pipeline" })),
  },
  {
    operation: "CreatePipeline",
    expectError: true,
    run: (c) => c.cp.send(new CreatePipelineCommand({ pipeline: declaration(false) })),
  },
  {
    operation: "CreatePipeline",
    expectError: true,
    run: (c) =>
      c.cp.send(
        new CreatePipelineCommand({
          pipeline: {
            ...declaration(false),
            name: "one-stage",
            stages: declaration(false).stages?.slice(0, 1),
          },
        }),
      ),
  },
  { operation: "DeletePipeline", run: (c) => c.cp.send(new DeletePipelineCommand({ name: PIPELINE })) },
  { operation: "ListPipelines", run: (c) => c.cp.send(new ListPipelinesCommand({})) },
  {
    operation: "ListTagsForResource",
    expectError: true,
    run: (c) => c.cp.send(new ListTagsForResourceCommand({ resourceArn: ARN })),
  },
];

interface Outcome {
  step: Step;
  sim: RawAnswer;
  moto: RawAnswer;
}

async function runSequence(name: string, c: PipelineClient): Promise<RawAnswer[]> {
  const perStep: RawAnswer[] = [];
  for (const step of STEPS) {
    const before = c.answers.length;
    await step.run(c).catch(() => undefined); // the raw answer is what we compare
    const answer = c.answers[before];
    if (!answer) throw new Error(`${name}: no answer recorded for ${step.operation}`);
    perStep.push(answer);
  }
  return perStep;
}

const errorCode = (a: RawAnswer): string => {
  const type = (a.body as { __type?: unknown } | undefined)?.__type;
  return typeof type === "string" ? type : "no __type";
};

/** moto needs the pipeline's role to exist in its IAM and trust codepipeline.amazonaws.com. */
async function createMotoRole(moto: Moto): Promise<void> {
  const policy = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Principal: { Service: "codepipeline.amazonaws.com" }, Action: "sts:AssumeRole" },
    ],
  });
  const res = await fetch(`${moto.url}/`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      // moto routes by the credential scope's service and does not check the signature.
      Authorization:
        "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=0",
    },
    body: new URLSearchParams({
      Action: "CreateRole",
      Version: "2010-05-08",
      Path: "/service-role/",
      RoleName: "contract-pipeline-role",
      AssumeRolePolicyDocument: policy,
    }).toString(),
  });
  const text = await res.text();
  if (res.status !== 200 || !text.includes(ROLE)) throw new Error(`moto CreateRole: ${res.status} ${text}`);
}

describe("contract: CodePipeline in the simulator vs moto, judged by the botocore model", () => {
  let moto: Moto | undefined;
  let sim: Simulator;
  const outcomes: Outcome[] = [];
  const notes: string[] = [];

  before(async () => {
    sim = await startSimulator({ speed: 100 });
    moto = await startMoto();
    await createMotoRole(moto);
    const motoClient = pipelineClientFor(moto.url, {
      region: "us-east-1",
      accessKeyId: "testing",
      secretAccessKey: "testing",
    });
    const simClient = simPipelineClient(sim);
    try {
      const motoAnswers = await runSequence("moto", motoClient);
      const simAnswers = await runSequence("simulator", simClient);
      STEPS.forEach((step, i) => outcomes.push({ step, moto: motoAnswers[i]!, sim: simAnswers[i]! }));
    } finally {
      motoClient.destroy();
      simClient.destroy();
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
      for (const p of validateOutput("codepipeline", step.operation, a.body))
        problems.push(`${step.operation} ${p.path}: ${p.problem}`);
    }
    assert.deepEqual(problems, []);
  });

  it("the simulator's errors are ones the model declares for the operation", () => {
    for (const { step, sim: a, moto: m } of outcomes.filter((o) => o.step.expectError)) {
      assert.equal(a.status, 400, `${step.operation}: ${a.text}`);
      const code = errorCode(a);
      assert.ok(
        operationErrors("codepipeline", step.operation).includes(code),
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
        notes.push(`${step.operation}: moto answers HTTP ${m.status} (${errorCode(m)})`);
        continue;
      }
      const simPaths = shapePaths(a.body);
      for (const [path, motoKinds] of shapePaths(m.body)) {
        if (shapeAtPath("codepipeline", step.operation, path) === undefined) {
          if (!path.endsWith("[]"))
            notes.push(`${step.operation}: moto returns ${path}, which the model does not define`);
          continue;
        }
        const simKinds = simPaths.get(path);
        if (!simKinds) {
          missing.push(`${step.operation}: ${path}`);
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
      for (const p of validateOutput("codepipeline", step.operation, m.body)) {
        const problem = p.problem.replace(/, got string ".*"$/, ", got string");
        notes.push(`${step.operation}: moto ${p.path.replace(/\[\d+\]/g, "[]")}: ${problem}`);
      }
    }
    for (const n of new Set(notes)) t.diagnostic(n);
    const compared = outcomes.filter((o) => !o.step.expectError && o.moto.status === 200).length;
    assert.ok(compared >= 10, `only ${compared} successful moto answers to compare`);
  });
});
