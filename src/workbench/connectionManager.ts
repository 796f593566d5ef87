import * as vscode from "vscode";
import { AwsClients } from "../aws/clients";
import { CodeBuildGateway } from "../codebuild/gateway";
import { CodePipelineGateway } from "../codepipeline/gateway";
import { resolveConnection, sameConnection, type Connection } from "../aws/connection";
import { LogsGateway } from "../logs/gateway";
import { loadSharedConfig } from "../aws/sharedConfig";
import { deferred } from "../core/deferred";
import type { CodePipelineApi } from "../codepipeline/model/types";
import type { CodeBuildApi, LogsApi } from "../codebuild/model/types";
import { log } from "./logger";
import { connectionSettings, SECTION, Setting } from "./settings";

interface Session {
  readonly connection: Connection;
  readonly clients: AwsClients;
  readonly codebuild: CodeBuildGateway;
  readonly logs: LogsGateway;
  readonly codepipeline: CodePipelineGateway;
}

/**
 * The profile, region and endpoint in force, and the SDK clients for them. Resolved after
 * activation (it reads the shared config files); re-resolved when a setting changes, and
 * then `onDidChange` fires so every view refreshes.
 */
export class ConnectionManager implements vscode.Disposable {
  private readonly onDidChangeEmitter = new vscode.EventEmitter<Connection>();
  readonly onDidChange = this.onDidChangeEmitter.event;
  private readonly onDidResolveEmitter = new vscode.EventEmitter<Connection>();
  /** A connection was resolved: the first one after activation, or a new one. */
  readonly onDidResolve = this.onDidResolveEmitter.event;
  private session: Promise<Session> | undefined;
  private resolved: Session | undefined;
  private readonly configListener: vscode.Disposable;

  /** CodeBuild for whatever connection is in force when a call is made. */
  readonly codebuild: CodeBuildApi = deferred(async () => (await this.ready()).codebuild);
  /** CloudWatch Logs for whatever connection is in force when a call is made. */
  readonly logs: LogsApi = deferred(async () => (await this.ready()).logs);
  /** CodePipeline for whatever connection is in force when a call is made. */
  readonly codepipeline: CodePipelineApi = deferred(async () => (await this.ready()).codepipeline);

  constructor() {
    this.configListener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (
        [Setting.profile, Setting.region, Setting.endpointUrl].some((k) =>
          e.affectsConfiguration(`${SECTION}.${k}`),
        )
      ) {
        void this.reload();
      }
    });
  }

  /** The connection, if resolved. */
  get current(): Connection | undefined {
    return this.resolved?.connection;
  }

  async ready(): Promise<Session> {
    this.session ??= this.open();
    return this.session;
  }

  /**
   * Re-reads settings and the shared config files (a profile may have been added); resolves
   * whether the connection changed (then `onDidChange` has fired).
   */
  async reload(): Promise<boolean> {
    const previous = this.resolved;
    const next = await this.open();
    if (previous && sameConnection(previous.connection, next.connection)) {
      next.clients.dispose();
      this.resolved = previous;
      return false;
    }
    previous?.clients.dispose();
    this.session = Promise.resolve(next);
    this.onDidChangeEmitter.fire(next.connection);
    return true;
  }

  private async open(): Promise<Session> {
    const connection = resolveConnection(connectionSettings(), process.env, await loadSharedConfig());
    log.info(
      "connection",
      `profile ${connection.profile ?? "(default chain)"}, region ${connection.region}, endpoint ${connection.endpoint ?? "AWS"}${connection.endpointSource ? ` (from ${connection.endpointSource})` : ""}`,
    );
    const clients = new AwsClients(connection);
    const session = {
      connection,
      clients,
      codebuild: new CodeBuildGateway(clients),
      logs: new LogsGateway(clients),
      codepipeline: new CodePipelineGateway(clients),
    };
    this.resolved = session;
    this.onDidResolveEmitter.fire(connection);
    return session;
  }

  dispose(): void {
    this.configListener.dispose();
    this.resolved?.clients.dispose();
    this.onDidChangeEmitter.dispose();
    this.onDidResolveEmitter.dispose();
  }
}
