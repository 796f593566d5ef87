// What a user does to a pipeline, through the real SDK against the simulator: V2 pipelines: variables, and executions that supersede others.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BatchGetBuildsCommand } from "@aws-sdk/client-codebuild";
import {
  GetPipelineStateCommand,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
  StartPipelineExecutionCommand,
} from "@aws-sdk/client-codepipeline";
import { waitForExecution } from "./helpers/sim-pipelines";
import { waitFor } from "./helpers/wait";

import { harness, start } from "./helpers/pipeline-actions";

describe("V2 pipelines", () => {
  const h = harness();

  it("StartPipelineExecution variables override the defaults and reach actions and the build", async () => {
    const c = h.c();
    const out = await c.cp.send(
      new StartPipelineExecutionCommand({
        name: "docs-v2",
        variables: [{ name: "DEPLOY_ENV", value: "production" }],
      }),
    );
    const id = out.pipelineExecutionId!;
    const done = await waitForExecution(c.cp, "docs-v2", id);
    assert.equal(done.status, "Succeeded");
    assert.deepEqual(done.variables, [
      { name: "DEPLOY_ENV", resolvedValue: "production" },
      { name: "RELEASE_NOTE", resolvedValue: "none" },
    ]);
    const actions = await c.cp.send(
      new ListActionExecutionsCommand({ pipelineName: "docs-v2", filter: { pipelineExecutionId: id } }),
    );
    const publish = actions.actionExecutionDetails?.find((a) => a.actionName === "Publish");
    assert.equal(publish?.input?.resolvedConfiguration?.BucketName, "docs-production");
    const build = actions.actionExecutionDetails?.find((a) => a.actionName === "Build");
    const b = (
      await h
        .cb()
        .codebuild.send(
          new BatchGetBuildsCommand({ ids: [build!.output!.executionResult!.externalExecutionId!] }),
        )
    ).builds?.[0];
    assert.equal(
      b?.environment?.environmentVariables?.find((v) => v.name === "DEPLOY_ENV")?.value,
      "production",
    );
  });

  it("rejects undeclared variables, variables on a V1 pipeline, and a reused clientRequestToken with other values", async () => {
    const c = h.c();
    await assert.rejects(
      c.cp.send(
        new StartPipelineExecutionCommand({ name: "docs-v2", variables: [{ name: "NOPE", value: "x" }] }),
      ),
      { name: "ValidationException" },
    );
    await assert.rejects(
      c.cp.send(
        new StartPipelineExecutionCommand({
          name: "stop-pipeline",
          variables: [{ name: "DEPLOY_ENV", value: "x" }],
        }),
      ),
      { name: "ValidationException" },
    );
    const token = "release-2026-11-29";
    const a = await c.cp.send(
      new StartPipelineExecutionCommand({ name: "docs-v2", clientRequestToken: token }),
    );
    const b = await c.cp.send(
      new StartPipelineExecutionCommand({ name: "docs-v2", clientRequestToken: token }),
    );
    assert.equal(b.pipelineExecutionId, a.pipelineExecutionId, "same token, same execution");
    await assert.rejects(
      c.cp.send(
        new StartPipelineExecutionCommand({
          name: "docs-v2",
          clientRequestToken: token,
          variables: [{ name: "DEPLOY_ENV", value: "production" }],
        }),
      ),
      { name: "ConflictException" },
    );
    await waitForExecution(c.cp, "docs-v2", a.pipelineExecutionId!);
  });

  it("QUEUED mode: a second execution waits for the busy stage and then runs; nothing is superseded", async () => {
    const c = h.c();
    const first = await start(c, "docs-v2");
    const second = await start(c, "docs-v2");
    const third = await start(c, "docs-v2");
    const seenQueued = await waitFor("an execution queued before a stage", async () => {
      const state = await c.cp.send(new GetPipelineStateCommand({ name: "docs-v2" }));
      return state.stageStates?.some((s) => (s.inboundExecutions?.length ?? 0) > 0) ? true : undefined;
    });
    assert.ok(seenQueued);
    for (const id of [first, second, third])
      assert.equal((await waitForExecution(c.cp, "docs-v2", id)).status, "Succeeded");
  });

  it("a push to the source starts an execution the way a webhook does (sim.pipelines.push)", async () => {
    const c = h.c();
    const id = h.sim().pipelines.push("docs-v2", { message: "Add a changelog page" });
    const done = await waitForExecution(c.cp, "docs-v2", id);
    assert.equal(done.status, "Succeeded");
    assert.equal(done.trigger?.triggerType, "WebhookV2");
    assert.match(
      done.trigger?.triggerDetail ?? "",
      /^arn:aws:codeconnections:us-east-1:123456789012:connection\//,
    );
    const list = await c.cp.send(
      new ListPipelineExecutionsCommand({ pipelineName: "docs-v2", maxResults: 1 }),
    );
    const rev = list.pipelineExecutionSummaries?.[0]?.sourceRevisions?.[0];
    assert.deepEqual(JSON.parse(rev?.revisionSummary ?? "{}"), {
      ProviderType: "GitHub",
      CommitMessage: "Add a changelog page",
    });
    assert.match(rev?.revisionUrl ?? "", /FullRepositoryId=acme%2Fdocs&Commit=[0-9a-f]{40}$/);
    // The pushed commit is the new head: a manual release picks it up too.
    const again = await start(c, "docs-v2");
    const next = await waitForExecution(c.cp, "docs-v2", again);
    assert.equal(next.artifactRevisions?.[0]?.revisionId, rev?.revisionId);
  });
});
