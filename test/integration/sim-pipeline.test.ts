// CodePipeline in the simulator through the real SDK: what the scenario seeds (pipelines, state,
// history), an execution running through its stages with a real CodeBuild build, errors, and
// every answer checked against botocore's model.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { BatchGetBuildsCommand } from "@aws-sdk/client-codebuild";
import {
  CreatePipelineCommand,
  DeletePipelineCommand,
  GetPipelineCommand,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
  ListPipelinesCommand,
  StartPipelineExecutionCommand,
  UpdatePipelineCommand,
  type PipelineDeclaration,
} from "@aws-sdk/client-codepipeline";
import { startSimulator, type Simulator } from "../sim/index";
import { readWholeStream } from "./helpers/sim-builds";
import { simClients, type Clients } from "./helpers/sim-clients";
import {
  actionState,
  modelProblems,
  pipelineClientFor,
  simPipelineClient,
  stageState,
  waitForExecution,
  type PipelineClient,
} from "./helpers/sim-pipelines";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SHA = /^[0-9a-f]{40}$/;

describe("simulated CodePipeline: seeded pipelines and a live execution (pipelines scenario, speed 50)", () => {
  let sim: Simulator;
  let c: PipelineClient;
  let cb: Clients;
  before(async () => {
    sim = await startSimulator({ scenario: "pipelines", speed: 50 });
    c = simPipelineClient(sim);
    cb = simClients(sim);
  });
  after(async () => {
    c.destroy();
    cb.destroy();
    await sim.close();
  });

  it("lists the scenario's pipelines by name, with type, execution mode and times", async () => {
    const out = await c.cp.send(new ListPipelinesCommand({}));
    assert.deepEqual(
      out.pipelines?.map((p) => [p.name, p.pipelineType, p.executionMode, p.version]),
      [
        ["approval-pipeline", "V1", "SUPERSEDED", 1],
        ["busy-pipeline", "V1", "SUPERSEDED", 1],
        ["docs-v2", "V2", "QUEUED", 1],
        ["gated-pipeline", "V1", "SUPERSEDED", 1],
        ["retry-pipeline", "V1", "SUPERSEDED", 1],
        ["stop-pipeline", "V1", "SUPERSEDED", 1],
      ],
    );
    assert.equal(out.nextToken, undefined);
    for (const p of out.pipelines ?? []) assert.ok(p.created! <= p.updated! && p.updated! < new Date());
  });

  it("GetPipeline answers V1 and V2 declarations with variables, triggers and metadata", async () => {
    const v1 = await c.cp.send(new GetPipelineCommand({ name: "approval-pipeline" }));
    assert.equal(v1.pipeline?.pipelineType, "V1");
    assert.equal(v1.pipeline?.executionMode, "SUPERSEDED");
    assert.deepEqual(
      v1.pipeline?.stages?.map((s) => [s.name, s.actions?.map((a) => a.actionTypeId?.provider)]),
      [
        ["Source", ["CodeCommit"]],
        ["Build", ["CodeBuild"]],
        ["Approval", ["Manual"]],
        ["Deploy", ["S3"]],
      ],
    );
    const approve = v1.pipeline?.stages?.[2]?.actions?.[0];
    assert.deepEqual(approve?.actionTypeId, {
      category: "Approval",
      owner: "AWS",
      provider: "Manual",
      version: "1",
    });
    assert.equal(approve?.configuration?.ExternalEntityLink, "https://staging.app.example.com");
    assert.equal(v1.pipeline?.variables, undefined);
    assert.equal(v1.metadata?.pipelineArn, "arn:aws:codepipeline:us-east-1:123456789012:approval-pipeline");
    assert.match(v1.pipeline?.roleArn ?? "", /^arn:aws:iam::123456789012:role\//);
    assert.deepEqual(v1.pipeline?.artifactStore, {
      type: "S3",
      location: "codepipeline-us-east-1-123456789012",
    });

    const v2 = await c.cp.send(new GetPipelineCommand({ name: "docs-v2" }));
    assert.equal(v2.pipeline?.pipelineType, "V2");
    assert.equal(v2.pipeline?.executionMode, "QUEUED");
    assert.deepEqual(v2.pipeline?.variables, [
      { name: "DEPLOY_ENV", defaultValue: "staging", description: "Target environment" },
      { name: "RELEASE_NOTE", defaultValue: "none" },
    ]);
    assert.deepEqual(v2.pipeline?.triggers, [
      {
        providerType: "CodeStarSourceConnection",
        gitConfiguration: { sourceActionName: "Source", push: [{ branches: { includes: ["main"] } }] },
      },
    ]);
    const fromVersion = await c.cp.send(new GetPipelineCommand({ name: "docs-v2", version: 1 }));
    assert.equal(fromVersion.pipeline?.version, 1);
    await assert.rejects(c.cp.send(new GetPipelineCommand({ name: "docs-v2", version: 7 })), {
      name: "PipelineVersionNotFoundException",
    });
  });

  it("GetPipelineState shows the execution waiting for approval, its token and the real build behind Build", async () => {
    const state = await c.cp.send(new GetPipelineStateCommand({ name: "approval-pipeline" }));
    assert.equal(state.pipelineName, "approval-pipeline");
    assert.equal(state.pipelineVersion, 1);
    const [source, build, approval, deploy] = state.stageStates ?? [];
    const waiting = approval?.latestExecution?.pipelineExecutionId ?? "";
    assert.match(waiting, UUID);
    assert.equal(approval?.latestExecution?.status, "InProgress");
    assert.deepEqual(approval?.inboundTransitionState, { enabled: true });
    assert.equal(source?.inboundTransitionState, undefined, "the first stage has no inbound transition");
    const approve = approval?.actionStates?.[0];
    assert.equal(approve?.latestExecution?.status, "InProgress");
    assert.match(approve?.latestExecution?.token ?? "", UUID);
    assert.equal(approve?.entityUrl, "https://staging.app.example.com");
    assert.equal(
      sim.pipelines.approvalToken("approval-pipeline", "Approval", "ManualApproval"),
      approve?.latestExecution?.token,
    );
    // The stages before it ran for the same execution; Deploy still shows the previous one.
    assert.equal(source?.latestExecution?.pipelineExecutionId, waiting);
    assert.equal(build?.latestExecution?.pipelineExecutionId, waiting);
    assert.notEqual(deploy?.latestExecution?.pipelineExecutionId, waiting);
    assert.equal(deploy?.latestExecution?.status, "Succeeded");

    const src = source?.actionStates?.[0];
    assert.equal(src?.latestExecution?.summary, "Fix checkout total rounding");
    assert.match(src?.latestExecution?.externalExecutionId ?? "", SHA);
    assert.equal(src?.currentRevision?.revisionId, src?.latestExecution?.externalExecutionId);
    assert.match(src?.revisionUrl ?? "", /codecommit\/repositories\/app\/commit\/[0-9a-f]{40}$/);
    assert.match(src?.entityUrl ?? "", /codecommit\/repositories\/app\/browse\/refs\/heads\/main$/);

    const buildAction = build?.actionStates?.[0]?.latestExecution;
    assert.equal(buildAction?.status, "Succeeded");
    assert.match(buildAction?.externalExecutionId ?? "", /^app-build:/);
    assert.match(
      buildAction?.externalExecutionUrl ?? "",
      /codebuild\/home\?region=us-east-1#\/builds\/app-build:/,
    );
    const builds = await cb.codebuild.send(
      new BatchGetBuildsCommand({ ids: [buildAction.externalExecutionId!] }),
    );
    const b = builds.builds?.[0];
    assert.equal(b?.initiator, "codepipeline/approval-pipeline");
    assert.equal(b?.buildStatus, "SUCCEEDED");
    assert.equal(b?.resolvedSourceVersion, src?.latestExecution?.externalExecutionId);
  });

  it("GetPipelineState shows a disabled transition holding an execution and a failed stage", async () => {
    const deploy = await stageState(c.cp, "gated-pipeline", "Deploy");
    assert.equal(deploy.inboundTransitionState?.enabled, false);
    assert.equal(deploy.inboundTransitionState?.disabledReason, "Release freeze until Monday");
    assert.equal(deploy.inboundTransitionState?.lastChangedBy, "arn:aws:iam::123456789012:user/alice");
    assert.ok(deploy.inboundTransitionState.lastChangedAt! < new Date(Date.now() - 60 * 60_000));
    assert.equal(deploy.inboundExecution?.status, "InProgress");
    assert.notEqual(
      deploy.latestExecution?.pipelineExecutionId,
      deploy.inboundExecution?.pipelineExecutionId,
    );

    const failed = await actionState(c.cp, "retry-pipeline", "Build", "Build");
    assert.equal(failed.latestExecution?.status, "Failed");
    assert.deepEqual(failed.latestExecution?.errorDetails, {
      code: "JobFailed",
      message: "Build terminated with state: FAILED",
    });
  });

  it("lists executions newest first with commits, triggers and every end state", async () => {
    const out = await c.cp.send(new ListPipelineExecutionsCommand({ pipelineName: "busy-pipeline" }));
    const list = out.pipelineExecutionSummaries ?? [];
    assert.deepEqual(
      list.map((e) => [e.status, e.sourceRevisions?.[0]?.revisionSummary]),
      [
        ["Succeeded", "Revert config service switch"],
        ["Stopped", "Switch to the new config service"],
        ["Failed", "Enable HTTP/2"],
        ["Succeeded", "Tune thread pool (take 2)"],
        ["Superseded", "Tune thread pool"],
        ["Succeeded", "Bump base image"],
      ],
    );
    const starts = list.map((e) => e.startTime!.getTime());
    assert.deepEqual(
      starts,
      [...starts].sort((a, b) => b - a),
    );
    for (const e of list) {
      assert.match(e.pipelineExecutionId ?? "", UUID);
      assert.equal(e.executionMode, "SUPERSEDED");
      assert.equal(e.trigger?.triggerType, "CloudWatchEvent");
      assert.match(e.trigger?.triggerDetail ?? "", /^arn:aws:events:us-east-1:123456789012:rule\//);
      assert.match(e.sourceRevisions?.[0]?.revisionId ?? "", SHA);
      assert.equal(e.sourceRevisions?.[0]?.actionName, "Source");
      assert.ok(e.lastUpdateTime! >= e.startTime!);
    }
    assert.deepEqual(list[1]?.stopTrigger, { reason: "Wrong config pushed" });
    const superseded = list[4]!;
    assert.ok(superseded.lastUpdateTime! >= list[3]!.startTime!, "superseded once the newer one caught up");

    const v2 = await c.cp.send(new ListPipelineExecutionsCommand({ pipelineName: "docs-v2" }));
    const summary = v2.pipelineExecutionSummaries?.[0]?.sourceRevisions?.[0]?.revisionSummary ?? "";
    assert.deepEqual(JSON.parse(summary), { ProviderType: "GitHub", CommitMessage: "Fix broken links" });
    assert.equal(v2.pipelineExecutionSummaries?.[0]?.trigger?.triggerType, "WebhookV2");
  });

  it("runs a started execution through Source → Build → Publish; its CodeBuild action runs a real build with a log", async () => {
    const { pipelineExecutionId: id } = await c.cp.send(
      new StartPipelineExecutionCommand({ name: "docs-v2" }),
    );
    assert.match(id ?? "", UUID);
    const seen: string[] = [];
    const done = await waitForExecution(c.cp, "docs-v2", id!, (e) => {
      return e.status !== "InProgress";
    });
    // Poll the state once more after the fact: every stage ran for this execution.
    const state = await c.cp.send(new GetPipelineStateCommand({ name: "docs-v2" }));
    for (const s of state.stageStates ?? []) {
      assert.equal(s.latestExecution?.pipelineExecutionId, id, s.stageName);
      assert.equal(s.latestExecution?.status, "Succeeded", s.stageName);
      seen.push(s.stageName!);
    }
    assert.deepEqual(seen, ["Source", "Build", "Publish"]);
    assert.equal(done.status, "Succeeded");
    assert.equal(done.trigger?.triggerType, "StartPipelineExecution");
    assert.equal(done.trigger?.triggerDetail, "arn:aws:iam::123456789012:user/sim-user");
    assert.deepEqual(done.variables, [
      { name: "DEPLOY_ENV", resolvedValue: "staging" },
      { name: "RELEASE_NOTE", resolvedValue: "none" },
    ]);
    const commit = done.artifactRevisions?.[0]?.revisionId ?? "";
    assert.match(commit, SHA, "the head commit (the newest execution's) was fetched");
    assert.equal(done.artifactRevisions?.[0]?.name, "SourceArtifact");

    // Stage timing: each action started after the previous stage's action ended.
    const actions = await c.cp.send(
      new ListActionExecutionsCommand({ pipelineName: "docs-v2", filter: { pipelineExecutionId: id } }),
    );
    const details = [...(actions.actionExecutionDetails ?? [])].reverse();
    assert.deepEqual(
      details.map((d) => [d.stageName, d.actionName, d.status]),
      [
        ["Source", "Source", "Succeeded"],
        ["Build", "Build", "Succeeded"],
        ["Publish", "Publish", "Succeeded"],
      ],
    );
    for (let i = 1; i < details.length; i++)
      assert.ok(details[i]!.startTime! >= details[i - 1]!.lastUpdateTime!, "stages run in order");
    assert.equal(details[0]?.output?.outputVariables?.CommitId, commit);
    assert.equal(details[2]?.input?.resolvedConfiguration?.BucketName, "docs-staging");
    assert.equal(details[2]?.input?.configuration?.BucketName, "docs-#{variables.DEPLOY_ENV}");
    assert.equal(details[2]?.input?.inputArtifacts?.[0]?.name, "BuildArtifact");
    assert.equal(
      details[2]?.input?.inputArtifacts?.[0]?.s3location?.key,
      details[1]?.output?.outputArtifacts?.[0]?.s3location?.key,
      "Publish reads what Build wrote",
    );

    const buildId = details[1]?.output?.executionResult?.externalExecutionId ?? "";
    const b = (await cb.codebuild.send(new BatchGetBuildsCommand({ ids: [buildId] }))).builds?.[0];
    assert.equal(b?.projectName, "docs-build");
    assert.equal(b?.initiator, "codepipeline/docs-v2");
    assert.equal(b?.sourceVersion, commit);
    assert.equal(b?.resolvedSourceVersion, commit);
    assert.equal(b?.buildStatus, "SUCCEEDED");
    const env = Object.fromEntries(
      (b?.environment?.environmentVariables ?? []).map((v) => [v.name ?? "", v.value ?? ""]),
    );
    assert.equal(env.DEPLOY_ENV, "staging");
    assert.equal(env.COMMIT_ID, commit);
    const lines = await readWholeStream(cb.logs, b.logs!.groupName!, b.logs!.streamName!);
    assert.ok(lines.some((l) => l.includes("Entering phase BUILD")));
    assert.ok(lines.some((l) => l.includes("mkdocs build --strict")));
  });

  it("answers unknown pipelines with PipelineNotFoundException and unknown executions with PipelineExecutionNotFoundException", async () => {
    const missing = { name: "PipelineNotFoundException" };
    await assert.rejects(c.cp.send(new GetPipelineCommand({ name: "no-such-pipeline" })), {
      ...missing,
      message: "Account '123456789012' does not have a pipeline with name 'no-such-pipeline'",
    });
    await assert.rejects(c.cp.send(new GetPipelineStateCommand({ name: "no-such-pipeline" })), missing);
    await assert.rejects(
      c.cp.send(new ListPipelineExecutionsCommand({ pipelineName: "no-such-pipeline" })),
      missing,
    );
    await assert.rejects(c.cp.send(new StartPipelineExecutionCommand({ name: "no-such-pipeline" })), missing);
    await assert.rejects(
      c.cp.send(
        new GetPipelineExecutionCommand({
          pipelineName: "docs-v2",
          pipelineExecutionId: "00000000-0000-4000-8000-000000000000",
        }),
      ),
      { name: "PipelineExecutionNotFoundException" },
    );
  });

  it("answers a missing required member or a bad value with ValidationException, and a bad page token with InvalidNextTokenException", async () => {
    await assert.rejects(c.cp.send(new GetPipelineCommand({} as never)), {
      name: "ValidationException",
      message:
        "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    });
    await assert.rejects(c.cp.send(new GetPipelineStateCommand({ name: "bad name!" })), {
      name: "ValidationException",
    });
    await assert.rejects(
      c.cp.send(new GetPipelineExecutionCommand({ pipelineName: "docs-v2", pipelineExecutionId: "nope" })),
      { name: "ValidationException" },
    );
    await assert.rejects(c.cp.send(new ListPipelinesCommand({ maxResults: 0 })), {
      name: "ValidationException",
    });
    await assert.rejects(c.cp.send(new ListPipelinesCommand({ nextToken: "garbage" })), {
      name: "InvalidNextTokenException",
    });
  });

  it("every answer conforms to botocore's model (outputs, and error codes the operation declares)", () => {
    assert.ok(c.answers.length > 15);
    assert.deepEqual(modelProblems(c.answers), []);
  });
});

describe("simulated CodePipeline: the demo scenario", () => {
  let sim: Simulator;
  let c: PipelineClient;
  before(async () => {
    sim = await startSimulator({ scenario: "demo", speed: 1 });
    c = simPipelineClient(sim);
  });
  after(async () => {
    c.destroy();
    await sim.close();
  });

  it("has web-app-release waiting for approval, api-service-pipeline failed in Build, docs-site-publish (V2)", async () => {
    const names = (await c.cp.send(new ListPipelinesCommand({}))).pipelines?.map((p) => [
      p.name,
      p.pipelineType,
    ]);
    assert.deepEqual(names, [
      ["api-service-pipeline", "V1"],
      ["docs-site-publish", "V2"],
      ["web-app-release", "V1"],
    ]);
    const approve = await actionState(c.cp, "web-app-release", "Approval", "Approve");
    assert.equal(approve.latestExecution?.status, "InProgress");
    assert.match(approve.latestExecution?.token ?? "", UUID);
    assert.ok(
      approve.latestExecution.lastStatusChange! < new Date(Date.now() - 60 * 60_000),
      "waiting for a while",
    );

    const failed = await stageState(c.cp, "api-service-pipeline", "Build");
    assert.equal(failed.latestExecution?.status, "Failed");

    const docs = await c.cp.send(new ListPipelineExecutionsCommand({ pipelineName: "docs-site-publish" }));
    assert.deepEqual(
      docs.pipelineExecutionSummaries?.map((e) => e.status),
      ["Succeeded", "Failed", "Succeeded"],
    );
    assert.deepEqual(modelProblems(c.answers), []);
  });

  it("links past pipeline builds to the projects' own history (same build numbers, initiator and commit)", async () => {
    const cb = simClients(sim);
    try {
      const build = await actionState(c.cp, "web-app-release", "Build", "Build");
      const b = (
        await cb.codebuild.send(
          new BatchGetBuildsCommand({ ids: [build.latestExecution!.externalExecutionId!] }),
        )
      ).builds?.[0];
      assert.equal(b?.buildNumber, 5);
      assert.equal(b?.initiator, "codepipeline/web-app-release");
      assert.equal(b?.sourceVersion, "main");
      assert.equal(b?.resolvedSourceVersion, "1f8f3650818d6eb9e009e555beba2fb0f98ca02f");
    } finally {
      cb.destroy();
    }
  });
});

describe("simulated CodePipeline: pipelines from the API and from seed()", () => {
  let sim: Simulator;
  let c: PipelineClient;
  before(async () => {
    sim = await startSimulator({ scenario: "pipelines", speed: 50 });
    c = simPipelineClient(sim);
  });
  after(async () => {
    c.destroy();
    await sim.close();
  });

  const declaration = (stages: string[]): PipelineDeclaration => ({
    name: "api-made",
    roleArn: "arn:aws:iam::123456789012:role/service-role/api-made",
    artifactStore: { type: "S3", location: "api-made-artifacts" },
    stages: [
      {
        name: "Source",
        actions: [
          {
            name: "Source",
            actionTypeId: { category: "Source", owner: "AWS", provider: "CodeCommit", version: "1" },
            configuration: { RepositoryName: "api-made", BranchName: "main" },
            outputArtifacts: [{ name: "SourceArtifact" }],
          },
        ],
      },
      ...stages.map((name) => ({
        name,
        actions: [
          {
            name,
            actionTypeId: {
              category: "Build" as const,
              owner: "AWS" as const,
              provider: "CodeBuild",
              version: "1",
            },
            configuration: { ProjectName: "app-build" },
            inputArtifacts: [{ name: "SourceArtifact" }],
          },
        ],
      })),
    ],
  });

  it("CreatePipeline runs the new pipeline once; UpdatePipeline keeps the old version; DeletePipeline removes it", async () => {
    const created = await c.cp.send(new CreatePipelineCommand({ pipeline: declaration(["Build"]) }));
    assert.equal(created.pipeline?.version, 1);
    assert.equal(created.pipeline?.stages?.[1]?.actions?.[0]?.runOrder, 1, "defaults filled in");
    const first = (await c.cp.send(new ListPipelineExecutionsCommand({ pipelineName: "api-made" })))
      .pipelineExecutionSummaries?.[0];
    assert.equal(first?.trigger?.triggerType, "CreatePipeline");
    assert.equal((await waitForExecution(c.cp, "api-made", first.pipelineExecutionId!)).status, "Succeeded");

    await assert.rejects(c.cp.send(new CreatePipelineCommand({ pipeline: declaration(["Build"]) })), {
      name: "PipelineNameInUseException",
    });
    await assert.rejects(
      c.cp.send(new CreatePipelineCommand({ pipeline: { ...declaration([]), name: "x" } })),
      {
        name: "InvalidStructureException",
      },
    );

    const updated = await c.cp.send(new UpdatePipelineCommand({ pipeline: declaration(["Build", "Test"]) }));
    assert.equal(updated.pipeline?.version, 2);
    const v1 = await c.cp.send(new GetPipelineCommand({ name: "api-made", version: 1 }));
    assert.deepEqual(
      v1.pipeline?.stages?.map((s) => s.name),
      ["Source", "Build"],
    );
    const state = await c.cp.send(new GetPipelineStateCommand({ name: "api-made" }));
    assert.equal(state.pipelineVersion, 2);
    assert.deepEqual(
      state.stageStates?.map((s) => [s.stageName, s.latestExecution?.status]),
      [
        ["Source", "Succeeded"],
        ["Build", "Succeeded"],
        ["Test", undefined],
      ],
    );
    await c.cp.send(new DeletePipelineCommand({ name: "api-made" }));
    await assert.rejects(c.cp.send(new GetPipelineCommand({ name: "api-made" })), {
      name: "PipelineNotFoundException",
    });
    assert.deepEqual(modelProblems(c.answers), []);
  });

  it("seed() adds pipelines to another region; invalid pipeline scenarios are refused clearly", async () => {
    sim.seed(
      {
        pipelines: [
          {
            name: "west-pipeline",
            stages: [
              { name: "Source", actions: [{ name: "Source", provider: "CodeCommit" }] },
              { name: "Deploy", actions: [{ name: "Deploy", provider: "S3", seconds: 1 }] },
            ],
            executions: [{ status: "Succeeded", commit: { message: "First" } }],
          },
        ],
      },
      "us-west-2",
    );
    const west = pipelineClientFor(sim.url, { region: "us-west-2", ...sim.credentials });
    try {
      const list = await west.cp.send(new ListPipelinesCommand({}));
      assert.deepEqual(
        list.pipelines?.map((p) => p.name),
        ["west-pipeline"],
      );
      const source = await actionState(west.cp, "west-pipeline", "Source", "Source");
      assert.equal(source.latestExecution?.summary, "First");
    } finally {
      west.destroy();
    }
    const one = (extra: object) => ({
      pipelines: [
        {
          name: "bad",
          stages: [
            { name: "Source", actions: [{ name: "Source", provider: "CodeCommit" }] },
            { name: "Deploy", actions: [{ name: "Deploy", provider: "S3" }] },
          ],
          ...extra,
        },
      ],
    });
    assert.throws(
      () => sim.seed(one({ executions: [{ status: "Failed", stage: "Nope" }] })),
      /unknown stage Nope/,
    );
    assert.throws(() => sim.seed(one({ executions: [{ status: "Done" }] })), /execution status "Done"/);
    assert.throws(() => sim.seed(one({ variables: [{ name: "A" }] })), /variables need pipelineType V2/);
    assert.throws(() => sim.seed(one({ stages: [] })), /at least 2 stages/);
  });
});
