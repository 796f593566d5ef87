// Paging through 200 pipelines (many-pipelines scenario) and through execution and action
// histories, with the real SDK; every answer checked against botocore's model.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  GetPipelineStateCommand,
  ListActionExecutionsCommand,
  ListPipelineExecutionsCommand,
  ListPipelinesCommand,
  paginateListPipelines,
} from "@aws-sdk/client-codepipeline";
import { startSimulator, type Simulator } from "../sim/index";
import { modelProblems, simPipelineClient, type PipelineClient } from "./helpers/sim-pipelines";

describe("paging CodePipeline lists (many-pipelines: 200 pipelines)", () => {
  let sim: Simulator;
  let c: PipelineClient;
  const expected = Array.from(
    { length: 200 },
    (_, i) => `service-${String(i + 1).padStart(3, "0")}-pipeline`,
  );

  before(async () => {
    sim = await startSimulator({ scenario: "many-pipelines", speed: 50 });
    c = simPipelineClient(sim);
  });
  after(async () => {
    c.destroy();
    await sim.close();
  });

  it("ListPipelines answers 100 per page by default, in name order, with a nextToken until the end", async () => {
    const first = await c.cp.send(new ListPipelinesCommand({}));
    assert.equal(first.pipelines?.length, 100);
    assert.ok(first.nextToken);
    const second = await c.cp.send(new ListPipelinesCommand({ nextToken: first.nextToken }));
    assert.equal(second.pipelines?.length, 100);
    assert.equal(second.nextToken, undefined);
    assert.deepEqual(
      [...first.pipelines, ...second.pipelines].map((p) => p.name),
      expected,
    );
  });

  it("honours maxResults, and the SDK paginator walks every page", async () => {
    const pages: number[] = [];
    const names: string[] = [];
    for await (const page of paginateListPipelines({ client: c.cp, pageSize: 30 }, {})) {
      pages.push(page.pipelines?.length ?? 0);
      names.push(...(page.pipelines ?? []).map((p) => p.name!));
    }
    assert.deepEqual(pages, [30, 30, 30, 30, 30, 30, 20]);
    assert.deepEqual(names, expected);
    const all = await c.cp.send(new ListPipelinesCommand({ maxResults: 1000 }));
    assert.equal(all.pipelines?.length, 200);
    assert.equal(all.nextToken, undefined);
  });

  it("each pipeline has a state whose Build ran a real shared-ci build", async () => {
    const state = await c.cp.send(new GetPipelineStateCommand({ name: "service-137-pipeline" }));
    const build = state.stageStates?.find((s) => s.stageName === "Build")?.actionStates?.[0]?.latestExecution;
    assert.equal(build?.status, "Succeeded");
    assert.match(build?.externalExecutionId ?? "", /^shared-ci:/);
    const source = state.stageStates?.[0]?.actionStates?.[0];
    assert.equal(source?.latestExecution?.summary, "Release service-137");
    assert.match(source?.entityUrl ?? "", /repositories\/service-137\//);
  });

  it("every answer conforms to botocore's model", () => {
    assert.deepEqual(modelProblems(c.answers), []);
  });
});

describe("paging executions and action executions (pipelines scenario)", () => {
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

  it("ListPipelineExecutions pages newest first without repeats", async () => {
    const ids: string[] = [];
    const sizes: number[] = [];
    let token: string | undefined;
    do {
      const page = await c.cp.send(
        new ListPipelineExecutionsCommand({ pipelineName: "busy-pipeline", maxResults: 4, nextToken: token }),
      );
      sizes.push(page.pipelineExecutionSummaries?.length ?? 0);
      ids.push(...(page.pipelineExecutionSummaries ?? []).map((e) => e.pipelineExecutionId!));
      token = page.nextToken;
    } while (token);
    assert.deepEqual(sizes, [4, 2]);
    assert.equal(new Set(ids).size, 6);
    const all = await c.cp.send(new ListPipelineExecutionsCommand({ pipelineName: "busy-pipeline" }));
    assert.deepEqual(
      all.pipelineExecutionSummaries?.map((e) => e.pipelineExecutionId),
      ids,
    );
    await assert.rejects(
      c.cp.send(new ListPipelineExecutionsCommand({ pipelineName: "busy-pipeline", maxResults: 101 })),
      { name: "ValidationException" },
    );
  });

  it("filters executions that succeeded in a stage", async () => {
    const out = await c.cp.send(
      new ListPipelineExecutionsCommand({
        pipelineName: "busy-pipeline",
        filter: { succeededInStage: { stageName: "Deploy" } },
      }),
    );
    assert.deepEqual(
      out.pipelineExecutionSummaries?.map((e) => e.status),
      ["Succeeded", "Succeeded", "Succeeded"],
    );
  });

  it("ListActionExecutions pages through every action run, newest first", async () => {
    const runs: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await c.cp.send(
        new ListActionExecutionsCommand({ pipelineName: "busy-pipeline", maxResults: 5, nextToken: token }),
      );
      pages++;
      runs.push(...(page.actionExecutionDetails ?? []).map((a) => a.actionExecutionId!));
      token = page.nextToken;
    } while (token);
    // 6 executions: 5 reached Deploy (3 actions each), the superseded one stopped before it (2).
    assert.equal(runs.length, 17);
    assert.equal(new Set(runs).size, 17);
    assert.equal(pages, 4);
    assert.deepEqual(modelProblems(c.answers), []);
  });
});
