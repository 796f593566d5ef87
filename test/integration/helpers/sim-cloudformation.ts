// The real CloudFormation (and S3) SDK clients against the simulator or moto, with every answer
// recorded and read against botocore's model; deploying a template through a change set and
// waiting for what the simulator does on its clock.
import {
  CloudFormationClient,
  CreateChangeSetCommand,
  DescribeChangeSetCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
  ExecuteChangeSetCommand,
  type Capability,
  type DescribeChangeSetOutput,
  type Stack,
  type StackEvent,
} from "@aws-sdk/client-cloudformation";
import { S3Client } from "@aws-sdk/client-s3";
import type { Simulator } from "../../sim/index";
import { recordQueryAnswers, type QueryAnswer } from "./cloudformation-answers";
import { loadServiceModel, operationErrors, validateOutput } from "./model-shapes";
import { waitFor } from "./wait";

export interface CfnClient {
  cf: CloudFormationClient;
  s3: S3Client;
  /** Every CloudFormation answer, read against the model. */
  answers: QueryAnswer[];
  destroy(): void;
}

export function cfnClientFor(
  endpoint: string,
  o: { region: string; accessKeyId: string; secretAccessKey: string },
): CfnClient {
  const config = {
    endpoint,
    region: o.region,
    credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey },
    maxAttempts: 1,
  };
  const cf = new CloudFormationClient(config);
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const answers: QueryAnswer[] = [];
  recordQueryAnswers(cf, "cloudformation", answers);
  return {
    cf,
    s3,
    answers,
    destroy() {
      cf.destroy();
      s3.destroy();
    },
  };
}

export function simCloudFormation(sim: Simulator): CfnClient {
  return cfnClientFor(sim.url, { region: sim.region, ...sim.credentials });
}

/** Errors CloudFormation answers that its model does not declare (every query API has them). */
const COMMON_ERRORS = ["ValidationError", "Throttling", "AccessDenied"];

/**
 * A stack's own events carry the stack's status (REVIEW_IN_PROGRESS,
 * UPDATE_COMPLETE_CLEANUP_IN_PROGRESS, …) as their ResourceStatus, as CloudFormation writes them;
 * botocore's ResourceStatus enum lists resource statuses only. Those, and only those, are taken
 * as the StackStatus values they are.
 */
function stackStatusOfStackEvent(answer: QueryAnswer, path: string): boolean {
  const i = /^\$\.StackEvents\[(\d+)\]\.ResourceStatus$/.exec(path)?.[1];
  if (answer.operation !== "DescribeStackEvents" || i === undefined) return false;
  const event = (answer.body as { StackEvents?: Record<string, unknown>[] }).StackEvents?.[Number(i)];
  const stackStatuses = loadServiceModel("cloudformation").shapes.StackStatus?.enum ?? [];
  return (
    event?.ResourceType === "AWS::CloudFormation::Stack" &&
    event.LogicalResourceId === event.StackName &&
    stackStatuses.includes(String(event.ResourceStatus))
  );
}

/** Where recorded answers deviate from the model: envelope, output shape, error codes. [] = conform. */
export function modelProblems(answers: readonly QueryAnswer[]): string[] {
  const problems: string[] = [];
  for (const a of answers) {
    for (const e of a.envelope) problems.push(`${a.operation}: ${e}`);
    if (a.status === 200) {
      for (const p of validateOutput("cloudformation", a.operation, a.body))
        if (!stackStatusOfStackEvent(a, p.path)) problems.push(`${a.operation} ${p.path}: ${p.problem}`);
      continue;
    }
    const code = (a.body as { __type?: unknown } | undefined)?.__type;
    if (typeof code !== "string") problems.push(`${a.operation}: an error without a code (${a.text})`);
    else if (!operationErrors("cloudformation", a.operation).includes(code) && !COMMON_ERRORS.includes(code))
      problems.push(`${a.operation}: answers ${code}, which the model does not declare for it`);
  }
  return problems;
}

export function waitForChangeSet(
  cf: CloudFormationClient,
  id: string,
  timeoutMs = 20_000,
): Promise<DescribeChangeSetOutput> {
  return waitFor(
    `change set ${id}`,
    async () => {
      const cs = await cf.send(
        new DescribeChangeSetCommand({ ChangeSetName: id, IncludePropertyValues: true }),
      );
      return cs.Status === "CREATE_PENDING" || cs.Status === "CREATE_IN_PROGRESS" ? undefined : cs;
    },
    { timeoutMs, intervalMs: 50 },
  );
}

export function waitForStack(
  cf: CloudFormationClient,
  name: string,
  until: (s: Stack) => boolean = (s) => !(s.StackStatus ?? "").endsWith("_IN_PROGRESS"),
  timeoutMs = 30_000,
): Promise<Stack> {
  return waitFor(
    `stack ${name}`,
    async () => {
      const { Stacks } = await cf.send(new DescribeStacksCommand({ StackName: name }));
      const stack = Stacks?.[0];
      return stack && until(stack) ? stack : undefined;
    },
    { timeoutMs, intervalMs: 50 },
  );
}

export interface DeployOptions {
  parameters?: Record<string, string>;
  capabilities?: Capability[];
  type?: "CREATE" | "UPDATE";
  changeSetName?: string;
  templateUrl?: string;
}

/** Creates a change set, waits for it, executes it and waits for the stack: the stack as it ends. */
export async function deploy(
  cf: CloudFormationClient,
  name: string,
  body: string,
  o: DeployOptions = {},
): Promise<Stack> {
  const cs = await cf.send(
    new CreateChangeSetCommand({
      StackName: name,
      ChangeSetName: o.changeSetName ?? `cs-${Date.now()}`,
      ChangeSetType: o.type ?? "CREATE",
      ...(o.templateUrl ? { TemplateURL: o.templateUrl } : { TemplateBody: body }),
      Parameters: Object.entries(o.parameters ?? {}).map(([ParameterKey, ParameterValue]) => ({
        ParameterKey,
        ParameterValue,
      })),
      Capabilities: o.capabilities ?? [],
    }),
  );
  const ready = await waitForChangeSet(cf, cs.Id!);
  if (ready.Status !== "CREATE_COMPLETE")
    throw new Error(`change set ${ready.Status}: ${ready.StatusReason ?? ""}`);
  await cf.send(new ExecuteChangeSetCommand({ ChangeSetName: cs.Id! }));
  return waitForStack(cf, name);
}

/** Every event of a stack, oldest first. */
export async function allEvents(cf: CloudFormationClient, name: string): Promise<StackEvent[]> {
  const out: StackEvent[] = [];
  let NextToken: string | undefined;
  do {
    const page = await cf.send(new DescribeStackEventsCommand({ StackName: name, NextToken }));
    out.push(...(page.StackEvents ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return out.reverse();
}
