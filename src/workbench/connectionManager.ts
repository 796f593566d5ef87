import * as vscode from "vscode";
import { AwsClients, credentialProviders } from "../aws/clients";
import { resolveConnection, sameConnection, type Connection } from "../aws/connection";
import { redactUrl } from "../aws/redact";
import { loadSharedConfig } from "../aws/sharedConfig";
import { Disposable } from "../core/disposable";
import { markOnce } from "../core/marks";
import { log } from "./logger";
import { connectionSettings, ignoredWorkspaceSettings, SECTION, Setting } from "./settings";

interface Session {
  readonly connection: Connection;
  readonly clients: AwsClients;
}

/**
 * The profile, region and endpoint in force, and the SDK clients for them. Resolved after
 * activation (it reads the shared config files); re-resolved when a setting changes, and
 * then `onDidChange` fires so every view refreshes.
 */
export class ConnectionManager extends Disposable {
  private readonly onDidChangeEmitter = this.register(new vscode.EventEmitter<Connection>());
  /** The connection changed (another profile, region or endpoint): everything reloads. */
  readonly onDidChange = this.onDidChangeEmitter.event;
  private readonly onDidResolveEmitter = this.register(new vscode.EventEmitter<Connection>());
  /** A connection was resolved: the first one after activation, or a new one. */
  readonly onDidResolve = this.onDidResolveEmitter.event;
  private session: Promise<Session> | undefined;
  private resolved: Session | undefined;

  constructor() {
    super();
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        const keys = [Setting.profile, Setting.region, Setting.endpointUrl];
        if (keys.some((k) => e.affectsConfiguration(`${SECTION}.${k}`))) void this.reload();
      }),
    );
    this.register({ dispose: () => this.resolved?.clients.dispose() });
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
   * The SDK clients of the connection in force (gateways ask at every call, while their SDK
   * module loads): the credential providers start loading now too.
   */
  readonly clients = async (): Promise<AwsClients> => {
    credentialProviders().catch(() => undefined);
    return (await this.ready()).clients;
  };

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
      previous.clients.renewCredentials();
      return false;
    }
    previous?.clients.dispose();
    this.session = Promise.resolve(next);
    this.onDidChangeEmitter.fire(next.connection);
    return true;
  }

  private async open(): Promise<Session> {
    for (const key of ignoredWorkspaceSettings())
      log.warn(
        "settings",
        `${key} in this workspace's settings is ignored: only user settings choose where requests go`,
      );
    const connection = resolveConnection(connectionSettings(), process.env, await loadSharedConfig());
    const endpoint = connection.endpoint ? redactUrl(connection.endpoint) : "AWS";
    const source = connection.endpointSource ? ` (from ${connection.endpointSource})` : "";
    log.info(
      "connection",
      `profile ${connection.profile ?? "(default chain)"}, region ${connection.region}, endpoint ${endpoint}${source}`,
    );
    markOnce("connection resolved");
    const session = { connection, clients: new AwsClients(connection) };
    this.resolved = session;
    this.onDidResolveEmitter.fire(connection);
    return session;
  }
}
