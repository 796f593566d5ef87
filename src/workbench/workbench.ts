import * as vscode from "vscode";
import { Disposable, toDisposable, type IDisposable } from "../core/disposable";
import { CallBudget } from "../core/callBudget";
import { Emitter, type Event } from "../core/events";
import { FollowedLogs } from "../logs/followedLogs";
import { registerConnectionCommands } from "./connectionCommands";
import { ConnectionHealth } from "./connectionHealth";
import { ConnectionManager } from "./connectionManager";
import { ConnectionStatusBar } from "./connectionStatusBar";
import { CurrentBranchView } from "./currentBranch";
import { GitHeadWatcher } from "./gitHeadWatcher";
import { createLogger } from "./logger";
import { logChannel } from "./logChannel";
import { OutputVisibility } from "./outputVisibility";
import { setTracer } from "../core/marks";
import { Polling } from "./polling";
import { affects, maxCallsPerMinute, Setting } from "./settings";
import { RootTree } from "./tree/rootTree";

/**
 * The shared parts every service module is given: the connection and its health, git, the
 * one polling scheduler, the pipeline tree and the Current Branch view, and the registry of
 * followed logs. A service adds its tree section, its branch rows, its jobs and its commands
 * to them and owns what it adds.
 */
export interface Workbench {
  readonly context: vscode.ExtensionContext;
  readonly connection: ConnectionManager;
  readonly health: ConnectionHealth;
  readonly git: GitHeadWatcher;
  readonly polling: Polling;
  readonly tree: RootTree;
  readonly branch: CurrentBranchView;
  readonly followedLogs: FollowedLogs;
  /** The ceiling of background calls per minute that the pollers and followers share. */
  readonly budget: CallBudget;
  /** Everything shown must be loaded again (Refresh, or another connection): drop what is held. */
  readonly onDidReset: Event<void>;
}

/** A service (CodeBuild, CodePipeline…): one entry that adds its parts and returns their owner. */
export type ServiceModule = (workbench: Workbench) => IDisposable;

/** Creates the shared parts. Nothing here calls the network; `startAfterActivation` does. */
export class SharedParts extends Disposable implements Workbench {
  readonly connection: ConnectionManager;
  readonly health: ConnectionHealth;
  readonly git: GitHeadWatcher;
  readonly polling: Polling;
  readonly tree: RootTree;
  readonly branch: CurrentBranchView;
  readonly followedLogs: FollowedLogs;
  readonly budget = new CallBudget(maxCallsPerMinute());
  private readonly onDidResetEmitter = this.register(new Emitter<void>());
  readonly onDidReset = this.onDidResetEmitter.event;

  constructor(readonly context: vscode.ExtensionContext) {
    super();
    this.register(createLogger());
    this.register(toDisposable(() => setTracer(undefined)));
    this.connection = this.register(new ConnectionManager());
    this.health = this.register(new ConnectionHealth(this.connection));
    this.git = this.register(new GitHeadWatcher());
    this.register(toDisposable(() => this.budget.dispose()));
    this.polling = this.register(new Polling(this.health, this.budget));
    this.tree = this.register(new RootTree(this.health, () => this.connection.ready()));
    this.branch = this.register(new CurrentBranchView(this.git, this.health));
    const visibility = this.register(new OutputVisibility());
    this.followedLogs = this.register(new FollowedLogs((name) => logChannel(name, visibility), this.budget));
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (affects(e, Setting.maxCallsPerMinute)) this.budget.setCeiling(maxCallsPerMinute());
      }),
    );
    this.register(new ConnectionStatusBar(this.connection, this.health));
    for (const command of registerConnectionCommands({
      connection: this.connection,
      refresh: () => this.reset(),
    }))
      this.register(command);
    this.register(
      this.connection.onDidChange(() => {
        this.followedLogs.stopAll("The AWS profile or region changed: stopped following");
        this.reset();
      }),
    );
  }

  /** Drops everything held and renders the views again. */
  reset(): void {
    this.health.reset();
    this.onDidResetEmitter.fire();
    this.tree.reset();
  }

  /** Network work starts after activation has returned: the connection, then the pollers. */
  startAfterActivation(): void {
    const timer = setTimeout(() => {
      this.connection.ready().then(
        () => this.polling.start(),
        (error: unknown) => this.health.report(error, "activate"),
      );
    }, 0);
    this.register(toDisposable(() => clearTimeout(timer)));
  }
}
