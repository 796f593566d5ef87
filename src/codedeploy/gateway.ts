import { createReadStream } from "node:fs";
import type { ClientsSource } from "../aws/clients";
import { s3Client } from "../aws/s3";
import { chunks } from "../core/chunks";
import { fromRevision, toApplication, toDeployment, toGroup, toTarget } from "./mapping";
import type { CodeDeployApi, CreateDeploymentRequest, Revision, UploadResult } from "./model/types";

/** Batch sizes CodeDeploy allows: applications and groups 100 a call, deployments and targets 25. */
export const BATCH = { applications: 100, groups: 100, deployments: 25, targets: 25 } as const;

/** CodeDeploy (and S3, for the push) through the SDK v3 clients: paged listings, BatchGet calls at their maximum sizes. */
export class CodeDeployGateway implements CodeDeployApi {
  constructor(private readonly clients: ClientsSource) {}

  private async sdk() {
    const [sdk, clients] = await Promise.all([import("./sdk.lazy.js"), this.clients()]);
    const client = await clients.client("codedeploy", (config) => new sdk.CodeDeployClient(config));
    return { client, sdk };
  }

  async listApplicationNames(signal: AbortSignal): Promise<string[]> {
    const { client, sdk } = await this.sdk();
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(new sdk.ListApplicationsCommand({ nextToken }), { abortSignal: signal });
      names.push(...(page.applications ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return names;
  }

  async getApplications(names: readonly string[], signal: AbortSignal) {
    const { client, sdk } = await this.sdk();
    const pages = await Promise.all(
      chunks(names, BATCH.applications).map((batch) =>
        client.send(new sdk.BatchGetApplicationsCommand({ applicationNames: batch }), {
          abortSignal: signal,
        }),
      ),
    );
    return pages.flatMap((p) => p.applicationsInfo ?? []).map(toApplication);
  }

  async listGroupNames(application: string, signal: AbortSignal): Promise<string[]> {
    const { client, sdk } = await this.sdk();
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new sdk.ListDeploymentGroupsCommand({ applicationName: application, nextToken }),
        {
          abortSignal: signal,
        },
      );
      names.push(...(page.deploymentGroups ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return names;
  }

  async getGroups(application: string, names: readonly string[], signal: AbortSignal) {
    const { client, sdk } = await this.sdk();
    const pages = await Promise.all(
      chunks(names, BATCH.groups).map((batch) =>
        client.send(
          new sdk.BatchGetDeploymentGroupsCommand({
            applicationName: application,
            deploymentGroupNames: batch,
          }),
          {
            abortSignal: signal,
          },
        ),
      ),
    );
    return pages.flatMap((p) => p.deploymentGroupsInfo ?? []).map(toGroup);
  }

  async listDeploymentIds(
    application: string,
    group: string,
    max: number,
    signal: AbortSignal,
  ): Promise<string[]> {
    const { client, sdk } = await this.sdk();
    const ids: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new sdk.ListDeploymentsCommand({
          applicationName: application,
          deploymentGroupName: group,
          nextToken,
        }),
        { abortSignal: signal },
      );
      ids.push(...(page.deployments ?? []));
      nextToken = page.nextToken;
    } while (nextToken && ids.length < max);
    return ids.slice(0, max);
  }

  async getDeployments(ids: readonly string[], signal: AbortSignal) {
    const { client, sdk } = await this.sdk();
    const pages = await Promise.all(
      chunks(ids, BATCH.deployments).map((batch) =>
        client.send(new sdk.BatchGetDeploymentsCommand({ deploymentIds: batch }), { abortSignal: signal }),
      ),
    );
    return pages.flatMap((p) => p.deploymentsInfo ?? []).map((d) => toDeployment(d));
  }

  async listTargetIds(deploymentId: string, signal: AbortSignal): Promise<string[]> {
    const { client, sdk } = await this.sdk();
    const ids: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(new sdk.ListDeploymentTargetsCommand({ deploymentId, nextToken }), {
        abortSignal: signal,
      });
      ids.push(...(page.targetIds ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return ids;
  }

  async getTargets(deploymentId: string, ids: readonly string[], signal: AbortSignal) {
    const { client, sdk } = await this.sdk();
    const pages = await Promise.all(
      chunks(ids, BATCH.targets).map((batch) =>
        client.send(new sdk.BatchGetDeploymentTargetsCommand({ deploymentId, targetIds: batch }), {
          abortSignal: signal,
        }),
      ),
    );
    return pages.flatMap((p) => p.deploymentTargets ?? []).map((t) => toTarget(deploymentId, t));
  }

  async listConfigNames(signal: AbortSignal): Promise<string[]> {
    const { client, sdk } = await this.sdk();
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(new sdk.ListDeploymentConfigsCommand({ nextToken }), {
        abortSignal: signal,
      });
      names.push(...(page.deploymentConfigsList ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return names;
  }

  async createDeployment(request: CreateDeploymentRequest, signal: AbortSignal): Promise<string> {
    const { client, sdk } = await this.sdk();
    const answer = await client.send(
      new sdk.CreateDeploymentCommand({
        applicationName: request.application,
        deploymentGroupName: request.group,
        revision: fromRevision(request.revision),
        deploymentConfigName: request.configName,
        description: request.description,
        fileExistsBehavior: request.fileExistsBehavior,
        ignoreApplicationStopFailures: request.ignoreApplicationStopFailures,
        ...(request.autoRollback
          ? {
              autoRollbackConfiguration: {
                enabled: request.autoRollback.enabled,
                events: [...request.autoRollback.events] as (
                  "DEPLOYMENT_FAILURE" | "DEPLOYMENT_STOP_ON_ALARM" | "DEPLOYMENT_STOP_ON_REQUEST"
                )[],
              },
            }
          : {}),
      }),
      { abortSignal: signal },
    );
    if (!answer.deploymentId) throw new Error("CreateDeployment answered without a deployment id.");
    return answer.deploymentId;
  }

  async stopDeployment(id: string, rollback: boolean, signal: AbortSignal): Promise<void> {
    const { client, sdk } = await this.sdk();
    await client.send(new sdk.StopDeploymentCommand({ deploymentId: id, autoRollbackEnabled: rollback }), {
      abortSignal: signal,
    });
  }

  async continueDeployment(
    id: string,
    wait: "READY_WAIT" | "TERMINATION_WAIT",
    signal: AbortSignal,
  ): Promise<void> {
    const { client, sdk } = await this.sdk();
    await client.send(new sdk.ContinueDeploymentCommand({ deploymentId: id, deploymentWaitType: wait }), {
      abortSignal: signal,
    });
  }

  async registerRevision(
    application: string,
    revision: Revision,
    description: string,
    signal: AbortSignal,
  ): Promise<void> {
    const { client, sdk } = await this.sdk();
    await client.send(
      new sdk.RegisterApplicationRevisionCommand({
        applicationName: application,
        revision: fromRevision(revision),
        description: description.slice(0, 100),
      }),
      { abortSignal: signal },
    );
  }

  async upload(
    bucket: string,
    key: string,
    file: string,
    size: number,
    signal: AbortSignal,
  ): Promise<UploadResult> {
    const { client, sdk } = await s3Client(this.clients);
    const body = createReadStream(file);
    try {
      // No limit on the whole attempt (a large bundle on a slow uplink takes minutes): the
      // connection's idle timeout still ends a stalled upload, and the user can cancel.
      const answer = await client.send(
        new sdk.PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: size }),
        { abortSignal: signal, requestTimeout: 0 },
      );
      return { eTag: answer.ETag, versionId: answer.VersionId };
    } finally {
      body.destroy();
    }
  }

  async headObject(bucket: string, key: string, signal: AbortSignal): Promise<UploadResult | undefined> {
    const { client, sdk } = await s3Client(this.clients);
    try {
      const answer = await client.send(new sdk.HeadObjectCommand({ Bucket: bucket, Key: key }), {
        abortSignal: signal,
      });
      return { eTag: answer.ETag, versionId: answer.VersionId };
    } catch (error) {
      const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
      if (e.name === "NotFound" || e.name === "NoSuchKey") return undefined;
      throw error;
    }
  }
}
