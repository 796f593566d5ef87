import * as vscode from "vscode";
import { Disposable } from "../../core/disposable";
import { relativeTime } from "../../core/format";
import { stackStatusLook } from "../model/status";
import type { StackStore } from "../store";
import type { TemplateAssociations } from "./associations";
import { isTemplate, TEMPLATE_SELECTOR } from "./documents";

/**
 * At the top of a CloudFormation template: "Deploy…", "Validate", and the status of the stack it
 * was deployed to (click for the stack). The stack list loads only when a template is open.
 */
export class TemplateCodeLens extends Disposable implements vscode.CodeLensProvider {
  private readonly onDidChangeEmitter = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.onDidChangeEmitter.event;
  private requested = false;

  constructor(
    private readonly store: StackStore,
    private readonly associations: TemplateAssociations,
  ) {
    super();
    const redraw = () => this.onDidChangeEmitter.fire();
    this.register(
      store.onDidChangeStacks(() => {
        this.requested = false;
        redraw();
      }),
    );
    this.register(store.onDidChangeStack(redraw));
    this.register(vscode.languages.registerCodeLensProvider(TEMPLATE_SELECTOR, this));
  }

  /** A deploy associated a template with a stack: draw its lens again. */
  refresh(): void {
    this.onDidChangeEmitter.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!isTemplate(document)) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const lenses = [
      new vscode.CodeLens(top, {
        title: "$(cloud-upload) Deploy…",
        tooltip: "Deploy this template to a stack through a change set you review first",
        command: "awsCicd.stack.deploy",
        arguments: [document.uri],
      }),
      new vscode.CodeLens(top, {
        title: "$(check) Validate",
        tooltip: "Check this template here and with CloudFormation (ValidateTemplate)",
        command: "awsCicd.stack.validate",
        arguments: [document.uri],
      }),
    ];
    const name = this.associations.stackOf(document.uri);
    if (!name) return lenses;
    const stack = this.store.stack(name);
    if (!stack) {
      if (!this.store.stacks && !this.requested) {
        this.requested = true;
        // The tree's welcome view explains when AWS cannot be reached.
        this.store.loadStacks().catch(() => undefined);
      }
      lenses.push(
        new vscode.CodeLens(top, {
          title: `$(layers) ${name}`,
          command: "awsCicd.stack.show",
          arguments: [{ kind: "stack", name }],
        }),
      );
      return lenses;
    }
    const look = stackStatusLook(stack.status);
    const when = stack.updated ?? stack.created;
    lenses.push(
      new vscode.CodeLens(top, {
        title: `$(${look.icon}) ${name} · ${look.word} · ${relativeTime(when, new Date())}`,
        tooltip: `Show stack ${name}`,
        command: "awsCicd.stack.show",
        arguments: [{ kind: "stack", name }],
      }),
    );
    return lenses;
  }
}
