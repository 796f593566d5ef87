import type { CodeBuildApi, StartBuildRequest } from "./model/types";
import type { ClientsSource } from "../aws/clients";
import { chunks } from "../core/chunks";
import { toBuild, toProject } from "./mapping";

/** CodeBuild through the SDK v3 client: paged listings, BatchGet calls of up to 100 ids. */
export class CodeBuildGateway implements CodeBuildApi {
  constructor(private readonly clients: ClientsSource) {}

  private async sdk() {
    const [sdk, clients] = await Promise.all([import("./sdk.lazy.js"), this.clients()]);
    const client = await clients.client("codebuild", (config) => new sdk.CodeBuildClient(config));
    return { client, sdk };
  }

  async listProjectNames(signal: AbortSignal): Promise<string[]> {
    const { client, sdk } = await this.sdk();
    const names: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new sdk.ListProjectsCommand({ sortBy: "NAME", sortOrder: "ASCENDING", nextToken }),
        { abortSignal: signal },
      );
      names.push(...(page.projects ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return names;
  }

  async getProjects(names: readonly string[], signal: AbortSignal) {
    const { client, sdk } = await this.sdk();
    const pages = await Promise.all(
      chunks(names, 100).map((batch) =>
        client.send(new sdk.BatchGetProjectsCommand({ names: batch }), { abortSignal: signal }),
      ),
    );
    return pages.flatMap((p) => p.projects ?? []).map(toProject);
  }

  async listBuildIdsForProject(projectName: string, max: number, signal: AbortSignal): Promise<string[]> {
    const { client, sdk } = await this.sdk();
    const ids: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new sdk.ListBuildsForProjectCommand({ projectName, sortOrder: "DESCENDING", nextToken }),
        { abortSignal: signal },
      );
      ids.push(...(page.ids ?? []));
      nextToken = page.nextToken;
    } while (nextToken && ids.length < max);
    return ids.slice(0, max);
  }

  async listBuildIds(max: number, signal: AbortSignal): Promise<string[]> {
    const { client, sdk } = await this.sdk();
    const ids: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(new sdk.ListBuildsCommand({ sortOrder: "DESCENDING", nextToken }), {
        abortSignal: signal,
      });
      ids.push(...(page.ids ?? []));
      nextToken = page.nextToken;
    } while (nextToken && ids.length < max);
    return ids.slice(0, max);
  }

  async getBuilds(ids: readonly string[], signal: AbortSignal) {
    const { client, sdk } = await this.sdk();
    const pages = await Promise.all(
      chunks(ids, 100).map((batch) =>
        client.send(new sdk.BatchGetBuildsCommand({ ids: batch }), { abortSignal: signal }),
      ),
    );
    return pages.flatMap((p) => p.builds ?? []).map(toBuild);
  }

  async startBuild(request: StartBuildRequest, signal: AbortSignal) {
    const { client, sdk } = await this.sdk();
    const answer = await client.send(
      new sdk.StartBuildCommand({
        projectName: request.projectName,
        sourceVersion: request.sourceVersion,
        environmentVariablesOverride: request.environmentVariables?.map((v) => ({ ...v })),
        buildspecOverride: request.buildspecOverride,
      }),
      { abortSignal: signal },
    );
    return toBuild(required(answer.build, "StartBuild"));
  }

  async stopBuild(id: string, signal: AbortSignal) {
    const { client, sdk } = await this.sdk();
    const answer = await client.send(new sdk.StopBuildCommand({ id }), { abortSignal: signal });
    return toBuild(required(answer.build, "StopBuild"));
  }

  async retryBuild(id: string, signal: AbortSignal) {
    const { client, sdk } = await this.sdk();
    const answer = await client.send(new sdk.RetryBuildCommand({ id }), { abortSignal: signal });
    return toBuild(required(answer.build, "RetryBuild"));
  }
}

function required<T>(value: T | undefined, operation: string): T {
  if (value === undefined) throw new Error(`${operation} answered without a build.`);
  return value;
}
