import * as vscode from "vscode";
import { connectionLabel } from "../aws/connection";
import { redactUrl } from "../aws/redact";
import { escapeMarkdown, markdownCode } from "../core/markdown";
import type { ConnectionManager } from "./connectionManager";
import { Disposable } from "../core/disposable";
import type { ConnectionHealth } from "./connectionHealth";
import { StatusPriority, statusItem } from "./statusBar";

/** `profile · region`, with a warning when AWS does not answer; click to switch. */
export class ConnectionStatusBar extends Disposable {
  private readonly item = this.register(
    statusItem("connection", "AWS CI/CD Connection", StatusPriority.connection),
  );

  constructor(
    private readonly connection: ConnectionManager,
    private readonly health: ConnectionHealth,
  ) {
    super();
    this.item.command = "awsCicd.connection.pick";
    this.register(connection.onDidResolve(() => this.render()));
    this.register(health.onDidChange(() => this.render()));
    this.render();
    this.item.show();
  }

  render(): void {
    const connection = this.connection.current;
    const problem = this.health.problem;
    if (!connection) {
      this.item.text = "$(loading~spin) AWS";
      this.item.tooltip = "Resolving the AWS profile and region…";
      return;
    }
    this.item.text = `${problem ? "$(warning)" : "$(cloud)"} ${connectionLabel(connection)}`;
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(
      `**AWS CI/CD** — profile ${markdownCode(connection.profile ?? "default chain")}, region ${markdownCode(connection.region)}`,
    );
    if (connection.endpoint)
      tooltip.appendMarkdown(
        `\n\nEndpoint: ${markdownCode(redactUrl(connection.endpoint))} (from ${connection.endpointSource})`,
      );
    if (problem) tooltip.appendMarkdown(`\n\n$(warning) ${escapeMarkdown(problem.message)}`);
    tooltip.appendMarkdown("\n\nClick to switch profile or region.");
    tooltip.supportThemeIcons = true;
    this.item.tooltip = tooltip;
    // Screen readers read the label, not the tooltip's Markdown source.
    this.item.accessibilityInformation = {
      label: [
        `AWS CI/CD: profile ${connection.profile ?? "default chain"}, region ${connection.region}`,
        problem?.message,
        "Click to switch profile or region.",
      ]
        .filter(Boolean)
        .join(". "),
    };
    this.item.backgroundColor = problem
      ? new vscode.ThemeColor("statusBarItem.warningBackground")
      : undefined;
  }
}
