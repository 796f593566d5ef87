import * as vscode from "vscode";
import { classifyError, type ErrorKind, type FriendlyError } from "../aws/errors";
import { Disposable } from "../core/disposable";
import type { ConnectionManager } from "./connectionManager";
import { log } from "./logger";

/** The welcome view shown for each kind of problem (see `viewsWelcome` in package.json). */
const CONNECTION_KINDS = new Set<ErrorKind>(["noCredentials", "ssoExpired", "badCredentials", "unreachable"]);

const STATE_OF_KIND: Partial<Record<ErrorKind, string>> = {
  noCredentials: "noCredentials",
  ssoExpired: "ssoExpired",
  accessDenied: "accessDenied",
  badCredentials: "badCredentials",
  unreachable: "unreachable",
};

/**
 * Whether AWS answers: one place that turns load and poll failures into the
 * `awsCicd.connectionState` context key (welcome views), the tree's message and the
 * connection status item — never into notifications, so a failing poll cannot storm.
 */
export class ConnectionHealth extends Disposable {
  private readonly onDidChangeEmitter = this.register(new vscode.EventEmitter<FriendlyError | undefined>());
  readonly onDidChange = this.onDidChangeEmitter.event;
  private current: FriendlyError | undefined;
  private state = "";
  private readonly logged = new Set<string>();

  constructor(private readonly connection: ConnectionManager) {
    super();
    this.setState("loading");
  }

  get problem(): FriendlyError | undefined {
    return this.current;
  }

  /** A request succeeded. */
  ok(): void {
    this.setState("ok");
    if (!this.current) return;
    log.info("health", "AWS answers again");
    this.current = undefined;
    this.onDidChangeEmitter.fire(undefined);
  }

  /**
   * The answer of a request to AWS, which says the connection is healthy. Polls wrap their
   * requests in it, so that a poll that asked nothing says nothing about the connection.
   */
  async answered<T>(request: Promise<T>): Promise<T> {
    const answer = await request;
    this.ok();
    return answer;
  }

  /** A request failed; returns the friendly form. Throttling and cancellation are not problems. */
  report(error: unknown, component: string): FriendlyError {
    const connection = this.connection.current;
    const friendly = classifyError(error, { profile: connection?.profile, endpoint: connection?.endpoint });
    if (friendly.kind === "aborted") return friendly;
    if (friendly.kind === "throttled") {
      log.warn(component, friendly.message);
      return friendly;
    }
    const changed = friendly.message !== this.current?.message;
    // Log each distinct problem once, not once per poll.
    if (changed) log.error(component, friendly.message, error);
    if (friendly.kind === "notFound" || friendly.kind === "invalidInput") return friendly;
    this.current = friendly;
    this.setState(STATE_OF_KIND[friendly.kind] ?? "error");
    if (changed) this.onDidChangeEmitter.fire(friendly);
    return friendly;
  }

  /**
   * A failure of one service's request (e.g. no permission for CodePipeline only): a connection
   * problem (credentials, endpoint) is reported as such; anything else is only logged, once.
   */
  reportFor(error: unknown, component: string): FriendlyError {
    const connection = this.connection.current;
    const friendly = classifyError(error, { profile: connection?.profile, endpoint: connection?.endpoint });
    if (CONNECTION_KINDS.has(friendly.kind)) return this.report(error, component);
    if (friendly.kind !== "aborted" && !this.logged.has(friendly.message)) {
      this.logged.add(friendly.message);
      log.error(component, friendly.message, error);
    }
    return friendly;
  }

  reset(): void {
    this.current = undefined;
    this.setState("loading");
    this.onDidChangeEmitter.fire(undefined);
  }

  private setState(state: string): void {
    if (state === this.state) return;
    this.state = state;
    void vscode.commands.executeCommand("setContext", "awsCicd.connectionState", state);
  }
}
