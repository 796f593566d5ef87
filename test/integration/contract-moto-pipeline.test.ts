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
import { judgeContract, runSequence, type ContractOutcome } from "./helpers/contract";
import { startMoto, type Moto } from "./helpers/moto";
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
  service: "codepipeline";
  operation: string;
  expectError?: boolean;
  run(c: PipelineClient): Promise<unknown>;
}

const STEPS: Step[] = [
  {
    service: "codepipeline",
    operation: "CreatePipeline",
    run: (c) =>
      c.cp.send(
        new CreatePipelineCommand({ pipeline: declaration(false), tags: [{ key: "team", value: "web" }] }),
      ),
  },
  {
    service: "codepipeline",
    operation: "GetPipeline",
    run: (c) => c.cp.send(new GetPipelineCommand({ name: PIPELINE })),
  },
  {
    service: "codepipeline",
    operation: "ListPipelines",
    run: (c) => c.cp.send(new ListPipelinesCommand({})),
  },
  {
    service: "codepipeline",
    operation: "UpdatePipeline",
    run: (c) => c.cp.send(new UpdatePipelineCommand({ pipeline: declaration(true) })),
  },
  {
    service: "codepipeline",
    operation: "GetPipeline",
    run: (c) => c.cp.send(new GetPipelineCommand({ name: PIPELINE })),
  },
  {
    service: "codepipeline",
    operation: "ListTagsForResource",
    run: (c) => c.cp.send(new ListTagsForResourceCommand({ resourceArn: ARN })),
  },
  {
    service: "codepipeline",
    operation: "TagResource",
    run: (c) =>
      c.cp.send(new TagResourceCommand({ resourceArn: ARN, tags: [{ key: "stage", value: "prod" }] })),
  },
  {
    service: "codepipeline",
    operation: "UntagResource",
    run: (c) => c.cp.send(new UntagResourceCommand({ resourceArn: ARN, tagKeys: ["team"] })),
  },
  {
    service: "codepipeline",
    operation: "ListTagsForResource",
    run: (c) => c.cp.send(new ListTagsForResourceCommand({ resourceArn: ARN })),
  },
  {
    service: "codepipeline",
    operation: "GetPipeline",
    expectError: true,
    run: (c) => c.cp.send(new GetPipelineCommand({ name: "missing-pipeline" })),
  },
  {
    service: "codepipeline",
    operation: "CreatePipeline",
    expectError: true,
    run: (c) => c.cp.send(new CreatePipelineCommand({ pipeline: declaration(false) })),
  },
  {
    service: "codepipeline",
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
  {
    service: "codepipeline",
    operation: "DeletePipeline",
    run: (c) => c.cp.send(new DeletePipelineCommand({ name: PIPELINE })),
  },
  {
    service: "codepipeline",
    operation: "ListPipelines",
    run: (c) => c.cp.send(new ListPipelinesCommand({})),
  },
  {
    service: "codepipeline",
    operation: "ListTagsForResource",
    expectError: true,
    run: (c) => c.cp.send(new ListTagsForResourceCommand({ resourceArn: ARN })),
  },
];

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
  const outcomes: ContractOutcome[] = [];
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
      const motoAnswers = await runSequence("moto", STEPS, motoClient, motoClient.answers);
      const simAnswers = await runSequence("simulator", STEPS, simClient, simClient.answers);
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

  judgeContract({ outcomes, notes, minCompared: 10 });
});
