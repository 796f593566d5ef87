import type {
  ActionExecution,
  PipelineExecutionSummary,
  StageState as SdkStageState,
} from "@aws-sdk/client-codepipeline";
import type {
  ActionRun,
  ApprovalAnswer,
  CodePipelineApi,
  PipelineDefinition,
  PipelineExecution,
  PipelineState,
  PipelineSummary,
} from "./model/types";
import type { ClientsSource } from "../aws/clients";

/** CodePipeline through the SDK v3 client: paged listings, one GetPipelineState per pipeline. */
export class CodePipelineGateway implements CodePipelineApi {
  constructor(private readonly clients: ClientsSource) {}

  private async sdk() {
    const [sdk, clients] = await Promise.all([import("./sdk.lazy.js"), this.clients()]);
    const client = await clients.client("codepipeline", (config) => new sdk.CodePipelineClient(config));
    return { client, sdk };
  }

  async listPipelines(signal: AbortSignal): Promise<PipelineSummary[]> {
    const { client, sdk } = await this.sdk();
    const out: PipelineSummary[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(new sdk.ListPipelinesCommand({ nextToken, maxResults: 1000 }), {
        abortSignal: signal,
      });
      for (const p of page.pipelines ?? []) {
        if (p.name)
          out.push({ name: p.name, version: p.version, pipelineType: p.pipelineType, updated: p.updated });
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  async getPipeline(name: string, signal: AbortSignal): Promise<PipelineDefinition> {
    const { client, sdk } = await this.sdk();
    const answer = await client.send(new sdk.GetPipelineCommand({ name }), { abortSignal: signal });
    const p = answer.pipeline;
    return {
      name: p?.name ?? name,
      arn: answer.metadata?.pipelineArn,
      pipelineType: p?.pipelineType,
      stages: (p?.stages ?? []).map((s) => ({
        name: s.name ?? "",
        actions: (s.actions ?? []).map((a) => ({
          name: a.name ?? "",
          category: a.actionTypeId?.category ?? "",
          provider: a.actionTypeId?.provider ?? "",
          owner: a.actionTypeId?.owner,
          configuration: a.configuration ?? {},
        })),
      })),
      variables: (p?.variables ?? []).map((v) => ({
        name: v.name ?? "",
        defaultValue: v.defaultValue,
        description: v.description,
      })),
    };
  }

  async getPipelineState(name: string, signal: AbortSignal): Promise<PipelineState> {
    const { client, sdk } = await this.sdk();
    const answer = await client.send(new sdk.GetPipelineStateCommand({ name }), { abortSignal: signal });
    return { pipelineName: answer.pipelineName ?? name, stages: (answer.stageStates ?? []).map(toStage) };
  }

  async listExecutions(name: string, max: number, signal: AbortSignal): Promise<PipelineExecution[]> {
    const { client, sdk } = await this.sdk();
    const answer = await client.send(
      new sdk.ListPipelineExecutionsCommand({ pipelineName: name, maxResults: Math.min(100, max) }),
      { abortSignal: signal },
    );
    return (answer.pipelineExecutionSummaries ?? []).slice(0, max).map((e) => toExecution(name, e));
  }

  async startExecution(
    name: string,
    variables: readonly { name: string; value: string }[],
    signal: AbortSignal,
  ) {
    const { client, sdk } = await this.sdk();
    const answer = await client.send(
      new sdk.StartPipelineExecutionCommand({
        name,
        variables: variables.length ? variables.map((v) => ({ ...v })) : undefined,
      }),
      { abortSignal: signal },
    );
    return answer.pipelineExecutionId ?? "";
  }

  async stopExecution(
    name: string,
    executionId: string,
    abandon: boolean,
    reason: string,
    signal: AbortSignal,
  ) {
    const { client, sdk } = await this.sdk();
    await client.send(
      new sdk.StopPipelineExecutionCommand({
        pipelineName: name,
        pipelineExecutionId: executionId,
        abandon,
        reason: reason || undefined,
      }),
      { abortSignal: signal },
    );
  }

  async retryStage(
    name: string,
    stage: string,
    executionId: string,
    mode: "FAILED_ACTIONS" | "ALL_ACTIONS",
    signal: AbortSignal,
  ) {
    const { client, sdk } = await this.sdk();
    const answer = await client.send(
      new sdk.RetryStageExecutionCommand({
        pipelineName: name,
        stageName: stage,
        pipelineExecutionId: executionId,
        retryMode: mode,
      }),
      { abortSignal: signal },
    );
    return answer.pipelineExecutionId ?? executionId;
  }

  async putApproval(answer: ApprovalAnswer, signal: AbortSignal) {
    const { client, sdk } = await this.sdk();
    await client.send(
      new sdk.PutApprovalResultCommand({
        pipelineName: answer.pipeline,
        stageName: answer.stage,
        actionName: answer.action,
        token: answer.token,
        result: { status: answer.approved ? "Approved" : "Rejected", summary: answer.summary },
      }),
      { abortSignal: signal },
    );
  }

  async setTransition(name: string, stage: string, enabled: boolean, reason: string, signal: AbortSignal) {
    const { client, sdk } = await this.sdk();
    if (enabled) {
      await client.send(
        new sdk.EnableStageTransitionCommand({
          pipelineName: name,
          stageName: stage,
          transitionType: "Inbound",
        }),
        { abortSignal: signal },
      );
    } else {
      await client.send(
        new sdk.DisableStageTransitionCommand({
          pipelineName: name,
          stageName: stage,
          transitionType: "Inbound",
          reason,
        }),
        { abortSignal: signal },
      );
    }
  }
}

function toRun(a: ActionExecution | undefined): ActionRun | undefined {
  if (!a?.status) return undefined;
  return {
    status: a.status,
    summary: a.summary,
    lastStatusChange: a.lastStatusChange,
    token: a.token,
    externalExecutionId: a.externalExecutionId,
    externalExecutionUrl: a.externalExecutionUrl,
    errorMessage: a.errorDetails?.message,
    executionId: a.actionExecutionId,
  };
}

function toStage(s: SdkStageState) {
  return {
    name: s.stageName ?? "",
    transitionEnabled: s.inboundTransitionState?.enabled ?? true,
    disabledReason: s.inboundTransitionState?.disabledReason,
    latestExecution:
      s.latestExecution?.pipelineExecutionId && s.latestExecution.status
        ? { executionId: s.latestExecution.pipelineExecutionId, status: s.latestExecution.status }
        : undefined,
    actions: (s.actionStates ?? []).map((a) => ({
      name: a.actionName ?? "",
      latest: toRun(a.latestExecution),
      entityUrl: a.entityUrl,
    })),
  };
}

function toExecution(pipelineName: string, e: PipelineExecutionSummary): PipelineExecution {
  return {
    id: e.pipelineExecutionId ?? "",
    pipelineName,
    status: e.status ?? "Unknown",
    startTime: e.startTime,
    lastUpdateTime: e.lastUpdateTime,
    trigger: e.trigger ? { type: e.trigger.triggerType, detail: e.trigger.triggerDetail } : undefined,
    sourceRevisions: (e.sourceRevisions ?? []).map((r) => ({
      actionName: r.actionName ?? "",
      revisionId: r.revisionId,
      revisionSummary: r.revisionSummary,
      revisionUrl: r.revisionUrl,
    })),
  };
}
