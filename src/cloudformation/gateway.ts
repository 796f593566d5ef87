import type { ClientsSource } from "../aws/clients";
import { s3Client } from "../aws/s3";
import type {
  ChangeSet,
  CloudFormationApi,
  CreateChangeSetRequest,
  DriftDetection,
  StackEvent,
  TemplateSource,
  TemplateValidation,
} from "./model/types";
import {
  toChangeSet,
  toChangeSetSummary,
  toEvent,
  toResource,
  toResourceDrift,
  toStackDetail,
  toStackSummary,
} from "./mapping";

/** Every stack status but DELETE_COMPLETE: ListStacks' filter when deleted stacks are hidden. */
const LIVE_STATUSES = [
  "CREATE_IN_PROGRESS",
  "CREATE_FAILED",
  "CREATE_COMPLETE",
  "ROLLBACK_IN_PROGRESS",
  "ROLLBACK_FAILED",
  "ROLLBACK_COMPLETE",
  "DELETE_IN_PROGRESS",
  "DELETE_FAILED",
  "UPDATE_IN_PROGRESS",
  "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
  "UPDATE_COMPLETE",
  "UPDATE_FAILED",
  "UPDATE_ROLLBACK_IN_PROGRESS",
  "UPDATE_ROLLBACK_FAILED",
  "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS",
  "UPDATE_ROLLBACK_COMPLETE",
  "REVIEW_IN_PROGRESS",
  "IMPORT_IN_PROGRESS",
  "IMPORT_COMPLETE",
  "IMPORT_ROLLBACK_IN_PROGRESS",
  "IMPORT_ROLLBACK_FAILED",
  "IMPORT_ROLLBACK_COMPLETE",
] as const;

function templateMembers(template: TemplateSource): { TemplateBody?: string; TemplateURL?: string } {
  return "body" in template ? { TemplateBody: template.body } : { TemplateURL: template.url };
}

/** S3 object keys in a URL: each segment encoded, slashes kept. */
function encodeKey(key: string): string {
  return key.split("/").map(encodeURIComponent).join("/");
}

/**
 * CloudFormation through the SDK v3 client (and S3 for templates over 51,200 bytes): paged
 * listings, events read newest first only down to the last one known, change sets with their
 * property values.
 */
export class CloudFormationGateway implements CloudFormationApi {
  constructor(private readonly clients: ClientsSource) {}

  private async sdk() {
    const [sdk, clients] = await Promise.all([import("./sdk.lazy.js"), this.clients()]);
    const client = await clients.client("cloudformation", (config) => new sdk.CloudFormationClient(config));
    return { client, sdk };
  }

  async listStacks(includeDeleted: boolean, signal: AbortSignal) {
    const { client, sdk } = await this.sdk();
    const out = [];
    let NextToken: string | undefined;
    do {
      const page = await client.send(
        new sdk.ListStacksCommand({
          NextToken,
          ...(includeDeleted ? {} : { StackStatusFilter: [...LIVE_STATUSES] }),
        }),
        { abortSignal: signal },
      );
      out.push(...(page.StackSummaries ?? []).map(toStackSummary));
      NextToken = page.NextToken;
    } while (NextToken);
    return out;
  }

  async describeStack(nameOrId: string, signal: AbortSignal) {
    const { client, sdk } = await this.sdk();
    const answer = await client.send(new sdk.DescribeStacksCommand({ StackName: nameOrId }), {
      abortSignal: signal,
    });
    const stack = answer.Stacks?.[0];
    if (!stack) throw new Error(`DescribeStacks answered no stack for ${nameOrId}.`);
    return toStackDetail(stack);
  }

  async listResources(nameOrId: string, signal: AbortSignal) {
    const { client, sdk } = await this.sdk();
    const out = [];
    let NextToken: string | undefined;
    do {
      const page = await client.send(new sdk.ListStackResourcesCommand({ StackName: nameOrId, NextToken }), {
        abortSignal: signal,
      });
      out.push(...(page.StackResourceSummaries ?? []).map(toResource));
      NextToken = page.NextToken;
    } while (NextToken);
    return out;
  }

  async events(
    nameOrId: string,
    knownEventId: string | undefined,
    max: number,
    signal: AbortSignal,
    stopAfter?: (event: StackEvent) => boolean,
  ) {
    const { client, sdk } = await this.sdk();
    const out: StackEvent[] = [];
    let NextToken: string | undefined;
    do {
      const page = await client.send(new sdk.DescribeStackEventsCommand({ StackName: nameOrId, NextToken }), {
        abortSignal: signal,
      });
      for (const raw of page.StackEvents ?? []) {
        const event = toEvent(raw);
        if (event.id === knownEventId || out.length >= max) return out;
        out.push(event);
        if (stopAfter?.(event)) return out;
      }
      NextToken = page.NextToken;
    } while (NextToken);
    return out;
  }

  async listChangeSets(nameOrId: string, signal: AbortSignal) {
    const { client, sdk } = await this.sdk();
    const out = [];
    let NextToken: string | undefined;
    do {
      const page = await client.send(new sdk.ListChangeSetsCommand({ StackName: nameOrId, NextToken }), {
        abortSignal: signal,
      });
      out.push(...(page.Summaries ?? []).map(toChangeSetSummary));
      NextToken = page.NextToken;
    } while (NextToken);
    return out;
  }

  async getTemplate(nameOrId: string, signal: AbortSignal) {
    const { client, sdk } = await this.sdk();
    const answer = await client.send(
      new sdk.GetTemplateCommand({ StackName: nameOrId, TemplateStage: "Original" }),
      {
        abortSignal: signal,
      },
    );
    return answer.TemplateBody ?? "";
  }

  async validateTemplate(template: TemplateSource, signal: AbortSignal): Promise<TemplateValidation> {
    const { client, sdk } = await this.sdk();
    const answer = await client.send(new sdk.ValidateTemplateCommand(templateMembers(template)), {
      abortSignal: signal,
    });
    return {
      parameters: (answer.Parameters ?? []).map((p) => ({
        key: p.ParameterKey ?? "",
        noEcho: p.NoEcho === true,
        ...(p.DefaultValue !== undefined ? { defaultValue: p.DefaultValue } : {}),
        ...(p.Description !== undefined ? { description: p.Description } : {}),
      })),
      capabilities: answer.Capabilities ?? [],
      transforms: answer.DeclaredTransforms ?? [],
      ...(answer.Description !== undefined ? { description: answer.Description } : {}),
      ...(answer.CapabilitiesReason !== undefined ? { capabilitiesReason: answer.CapabilitiesReason } : {}),
    };
  }

  async createChangeSet(request: CreateChangeSetRequest, signal: AbortSignal) {
    const { client, sdk } = await this.sdk();
    const answer = await client.send(
      new sdk.CreateChangeSetCommand({
        StackName: request.stackName,
        ChangeSetName: request.changeSetName,
        ChangeSetType: request.type,
        ...templateMembers(request.template),
        Parameters: request.parameters.map((p) =>
          p.usePrevious
            ? { ParameterKey: p.key, UsePreviousValue: true }
            : { ParameterKey: p.key, ParameterValue: p.value },
        ),
        Capabilities: [...request.capabilities] as (
          "CAPABILITY_IAM" | "CAPABILITY_NAMED_IAM" | "CAPABILITY_AUTO_EXPAND"
        )[],
        Tags: request.tags.map((t) => ({ Key: t.key, Value: t.value })),
        ...(request.description ? { Description: request.description } : {}),
      }),
      { abortSignal: signal },
    );
    return { id: answer.Id ?? "", stackId: answer.StackId ?? "" };
  }

  async describeChangeSet(id: string, signal: AbortSignal): Promise<ChangeSet> {
    const { client, sdk } = await this.sdk();
    const pages = [];
    let NextToken: string | undefined;
    do {
      const page = await client.send(
        new sdk.DescribeChangeSetCommand({ ChangeSetName: id, NextToken, IncludePropertyValues: true }),
        { abortSignal: signal },
      );
      pages.push(page);
      NextToken = page.NextToken;
    } while (NextToken);
    return toChangeSet(pages);
  }

  async executeChangeSet(id: string, signal: AbortSignal) {
    const { client, sdk } = await this.sdk();
    await client.send(new sdk.ExecuteChangeSetCommand({ ChangeSetName: id }), { abortSignal: signal });
  }

  async deleteChangeSet(id: string, signal: AbortSignal) {
    const { client, sdk } = await this.sdk();
    await client.send(new sdk.DeleteChangeSetCommand({ ChangeSetName: id }), { abortSignal: signal });
  }

  async deleteStack(nameOrId: string, signal: AbortSignal) {
    const { client, sdk } = await this.sdk();
    await client.send(new sdk.DeleteStackCommand({ StackName: nameOrId }), { abortSignal: signal });
  }

  async cancelUpdate(nameOrId: string, signal: AbortSignal) {
    const { client, sdk } = await this.sdk();
    await client.send(new sdk.CancelUpdateStackCommand({ StackName: nameOrId }), { abortSignal: signal });
  }

  async detectDrift(nameOrId: string, signal: AbortSignal) {
    const { client, sdk } = await this.sdk();
    const answer = await client.send(new sdk.DetectStackDriftCommand({ StackName: nameOrId }), {
      abortSignal: signal,
    });
    return answer.StackDriftDetectionId ?? "";
  }

  async driftDetection(id: string, signal: AbortSignal): Promise<DriftDetection> {
    const { client, sdk } = await this.sdk();
    const a = await client.send(
      new sdk.DescribeStackDriftDetectionStatusCommand({ StackDriftDetectionId: id }),
      {
        abortSignal: signal,
      },
    );
    return {
      id,
      status: a.DetectionStatus ?? "",
      ...(a.StackDriftStatus !== undefined ? { stackDrift: a.StackDriftStatus } : {}),
      ...(a.DriftedStackResourceCount !== undefined ? { driftedCount: a.DriftedStackResourceCount } : {}),
      ...(a.DetectionStatusReason !== undefined ? { reason: a.DetectionStatusReason } : {}),
    };
  }

  async resourceDrifts(nameOrId: string, signal: AbortSignal) {
    const { client, sdk } = await this.sdk();
    const out = [];
    let NextToken: string | undefined;
    do {
      const page = await client.send(
        new sdk.DescribeStackResourceDriftsCommand({ StackName: nameOrId, NextToken, MaxResults: 100 }),
        { abortSignal: signal },
      );
      out.push(...(page.StackResourceDrifts ?? []).map(toResourceDrift));
      NextToken = page.NextToken;
    } while (NextToken);
    return out;
  }

  async listBuckets(signal: AbortSignal) {
    const { client, sdk } = await s3Client(this.clients);
    const answer = await client.send(new sdk.ListBucketsCommand({}), { abortSignal: signal });
    return (answer.Buckets ?? []).flatMap((b) => (b.Name ? [b.Name] : []));
  }

  async uploadTemplate(bucket: string, key: string, body: string, signal: AbortSignal) {
    const { client, sdk, region } = await s3Client(this.clients);
    await client.send(
      new sdk.PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: body,
        ContentType: "text/plain; charset=utf-8",
      }),
      // As a CodeDeploy bundle's: no limit on the whole attempt, the idle timeout still holds.
      { abortSignal: signal, requestTimeout: 0 },
    );
    return `https://${bucket}.s3.${region}.amazonaws.com/${encodeKey(key)}`;
  }
}
