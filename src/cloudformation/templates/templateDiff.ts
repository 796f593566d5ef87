import * as vscode from "vscode";
import { Disposable } from "../../core/disposable";

export const DEPLOYED_SCHEME = "aws-cicd-deployed";

/**
 * Deployed templates as read-only documents (`aws-cicd-deployed:/STACK/template.yaml`), for
 * VS Code's diff editor against a workspace template. The text is what GetTemplate answered.
 */
export class DeployedTemplates extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly onDidChangeEmitter = this.register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.onDidChangeEmitter.event;

  constructor() {
    super();
    this.register(vscode.workspace.registerTextDocumentContentProvider(DEPLOYED_SCHEME, this));
  }

  /** Holds the deployed template of a stack and returns the document's URI. */
  set(stack: string, text: string, extension: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: DEPLOYED_SCHEME, path: `/${stack}/deployed-template${extension}` });
    this.texts.set(uri.toString(), text);
    this.onDidChangeEmitter.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? "";
  }
}
