// The real CodePipeline SDK client against the simulator (or moto), with every raw answer
// recorded so a test can check them all against botocore's model; waiting helpers.
import {
  CodePipelineClient,
  GetPipelineExecutionCommand,
  GetPipelineStateCommand,
  type ActionState,
  type PipelineExecution,
  type StageState,
} from "@aws-sdk/client-codepipeline";
import type { Simulator } from "../../sim/index";
import { operationErrors, validateOutput } from "./model-shapes";
import { recordRawAnswers, type RawAnswer } from "./raw-answers";
import { waitFor } from "./wait";

export interface PipelineClient {
  cp: CodePipelineClient;
  /** Every answer this client received, raw. */
  answers: RawAnswer[];
  destroy(): void;
}

export function pipelineClientFor(
  endpoint: string,
  o: { region: string; accessKeyId: string; secretAccessKey: string },
): PipelineClient {
  const cp = new CodePipelineClient({
    endpoint,
    region: o.region,
    credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey },
    maxAttempts: 1,
  });
  const answers: RawAnswer[] = [];
  recordRawAnswers(cp, answers);
  return { cp, answers, destroy: () => cp.destroy() };
}

export function simPipelineClient(sim: Simulator): PipelineClient {
  return pipelineClientFor(sim.url, { region: sim.region, ...sim.credentials });
}

/** Codes any JSON 1.1 service may answer, whatever the operation declares. */
const COMMON_ERRORS = ["SerializationException", "ThrottlingException"];

/** Where recorded answers deviate from the model: successful answers against the output shape,
 *  errors against the codes the operation declares. [] = all conform. */
export function modelProblems(answers: RawAnswer[]): string[] {
  const problems: string[] = [];
  for (const a of answers) {
    if (a.status === 200) {
      for (const p of validateOutput("codepipeline", a.operation, a.body))
        problems.push(`${a.operation} ${p.path}: ${p.problem}`);
      continue;
    }
    const code = (a.body as { __type?: unknown } | undefined)?.__type;
    if (typeof code !== "string") problems.push(`${a.operation}: error without __type (${a.text})`);
    else if (!operationErrors("codepipeline", a.operation).includes(code) && !COMMON_ERRORS.includes(code))
      problems.push(`${a.operation}: answers ${code}, which the model does not declare for it`);
  }
  return problems;
}

export async function stageState(
  cp: CodePipelineClient,
  pipeline: string,
  stage: string,
): Promise<StageState> {
  const state = await cp.send(new GetPipelineStateCommand({ name: pipeline }));
  const s = state.stageStates?.find((x) => x.stageName === stage);
  if (!s) throw new Error(`no stage ${stage} in ${pipeline}`);
  return s;
}

export async function actionState(
  cp: CodePipelineClient,
  pipeline: string,
  stage: string,
  action: string,
): Promise<ActionState> {
  const s = await stageState(cp, pipeline, stage);
  const a = s.actionStates?.find((x) => x.actionName === action);
  if (!a) throw new Error(`no action ${action} in ${pipeline}/${stage}`);
  return a;
}

export async function getExecution(
  cp: CodePipelineClient,
  pipeline: string,
  id: string,
): Promise<PipelineExecution> {
  const out = await cp.send(
    new GetPipelineExecutionCommand({ pipelineName: pipeline, pipelineExecutionId: id }),
  );
  if (!out.pipelineExecution) throw new Error(`no execution ${id}`);
  return out.pipelineExecution;
}

const DONE = ["Succeeded", "Failed", "Stopped", "Superseded", "Cancelled"];

/** Polls GetPipelineExecution until `until` holds (default: the execution has ended). */
export function waitForExecution(
  cp: CodePipelineClient,
  pipeline: string,
  id: string,
  until: (e: PipelineExecution) => boolean = (e) => DONE.includes(e.status ?? ""),
  timeoutMs = 30_000,
): Promise<PipelineExecution> {
  return waitFor(
    `execution ${id} of ${pipeline}`,
    async () => {
      const e = await getExecution(cp, pipeline, id);
      return until(e) ? e : undefined;
    },
    { timeoutMs },
  );
}

/** Polls until the stage's latest execution is `id` with one of `statuses`. */
export function waitForStage(
  cp: CodePipelineClient,
  pipeline: string,
  stage: string,
  id: string,
  statuses: string[],
  timeoutMs = 30_000,
): Promise<StageState> {
  return waitFor(
    `stage ${stage} of ${pipeline} to be ${statuses.join("|")} for ${id}`,
    async () => {
      const s = await stageState(cp, pipeline, stage);
      return s.latestExecution?.pipelineExecutionId === id &&
        statuses.includes(s.latestExecution.status ?? "")
        ? s
        : undefined;
    },
    { timeoutMs },
  );
}
