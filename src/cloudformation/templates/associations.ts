import type * as vscode from "vscode";

const KEY = "awsCicd.cloudformation.templateStacks";

/**
 * Which stack a workspace template was last deployed to (kept in the workspace's state), so its
 * CodeLens shows that stack's status and the next Deploy… offers it first.
 */
export class TemplateAssociations {
  constructor(private readonly state: vscode.Memento) {}

  private all(): Record<string, string> {
    return this.state.get<Record<string, string>>(KEY, {});
  }

  stackOf(template: vscode.Uri): string | undefined {
    return this.all()[template.toString()];
  }

  /** Templates deployed to a stack. */
  templatesOf(stack: string): string[] {
    return Object.entries(this.all())
      .filter(([, s]) => s === stack)
      .map(([uri]) => uri);
  }

  async associate(template: vscode.Uri, stack: string): Promise<void> {
    await this.state.update(KEY, { ...this.all(), [template.toString()]: stack });
  }
}
