// Shared by the sim-pipeline-*.test.ts files: a simulator with the pipelines scenario per
// describe (every answer checked against botocore's model when it closes), and small steps.
import assert from "node:assert/strict";
import { after, before } from "node:test";
import { PutApprovalResultCommand, StartPipelineExecutionCommand } from "@aws-sdk/client-codepipeline";
import { startSimulator, type Simulator } from "../../sim/index";
import { simClients, type Clients } from "./sim-clients";
import { modelProblems, simPipelineClient, stageState, type PipelineClient } from "./sim-pipelines";
import { waitFor } from "./wait";

export const OTHER_UUID = "00000000-0000-4000-8000-000000000000";

export function harness(): { sim: () => Simulator; c: () => PipelineClient; cb: () => Clients } {
  let sim: Simulator;
  let c: PipelineClient;
  let cb: Clients;
  before(async () => {
    sim = await startSimulator({ scenario: "pipelines", speed: 50 });
    c = simPipelineClient(sim);
    cb = simClients(sim);
  });
  after(async () => {
    assert.deepEqual(modelProblems(c.answers), [], "every answer conforms to botocore's model");
    c.destroy();
    cb.destroy();
    await sim.close();
  });
  return { sim: () => sim, c: () => c, cb: () => cb };
}

export async function start(c: PipelineClient, name: string): Promise<string> {
  const out = await c.cp.send(new StartPipelineExecutionCommand({ name }));
  return out.pipelineExecutionId!;
}

/** The token of the approval waiting for execution `id` (polls until it waits). */
export async function tokenFor(c: PipelineClient, id: string): Promise<string> {
  return waitFor(`approval of ${id}`, async () => {
    const s = await stageState(c.cp, "approval-pipeline", "Approval");
    const token = s.actionStates?.[0]?.latestExecution?.token;
    return s.latestExecution?.pipelineExecutionId === id && s.latestExecution.status === "InProgress"
      ? token
      : undefined;
  });
}

export function approval(token: string, status: "Approved" | "Rejected", summary: string) {
  return new PutApprovalResultCommand({
    pipelineName: "approval-pipeline",
    stageName: "Approval",
    actionName: "ManualApproval",
    result: { status, summary },
    token,
  });
}
