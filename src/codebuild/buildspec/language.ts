import * as vscode from "vscode";
import { KeyedDebounce } from "../../core/keyedDebounce";
import { specAt } from "./spec";
import { Disposable } from "../../core/disposable";

/** buildspec.yml, buildspec-test.yaml, … in any folder, whatever language mode they are in. */
export const BUILDSPEC_SELECTOR: vscode.DocumentSelector = [{ pattern: "**/buildspec*.{yml,yaml}" }];

export function isBuildspec(document: vscode.TextDocument): boolean {
  return vscode.languages.match(BUILDSPEC_SELECTOR, document) > 0;
}

/**
 * Diagnostics for buildspecs CodeBuild would reject or that are likely wrong, as the user
 * types (debounced), plus completion and hover for keys and phases.
 */
export class BuildspecLanguage extends Disposable {
  private readonly diagnostics = this.register(
    vscode.languages.createDiagnosticCollection("awsCicd.buildspec"),
  );
  private readonly debounce = this.register(new KeyedDebounce());

  constructor() {
    super();
    this.register(vscode.workspace.onDidOpenTextDocument((d) => void this.check(d)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)));
    this.register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.debounce.cancel(d.uri.toString());
        this.diagnostics.delete(d.uri);
      }),
    );
    this.register(
      vscode.languages.registerCompletionItemProvider(BUILDSPEC_SELECTOR, {
        provideCompletionItems: (d, p) => complete(d, p),
      }),
    );
    this.register(
      vscode.languages.registerHoverProvider(BUILDSPEC_SELECTOR, { provideHover: (d, p) => hover(d, p) }),
    );
    for (const document of vscode.workspace.textDocuments) void this.check(document);
  }

  private schedule(document: vscode.TextDocument): void {
    if (!isBuildspec(document)) return;
    this.debounce.schedule(document.uri.toString(), 300, () => void this.check(document));
  }

  private async check(document: vscode.TextDocument): Promise<void> {
    if (!isBuildspec(document) || document.isClosed) return;
    const { validateBuildspec } = await import("./validator.lazy.js");
    if (document.isClosed || this.disposed) return;
    const problems = validateBuildspec(document.getText()).map((p) => {
      const d = new vscode.Diagnostic(
        new vscode.Range(
          p.start.line,
          p.start.column,
          p.end.line,
          Math.max(p.end.column, p.start.column + 1),
        ),
        p.message,
        p.severity === "error" ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
      );
      d.source = "buildspec";
      return d;
    });
    this.diagnostics.set(document.uri, problems);
  }
}

function lines(document: vscode.TextDocument): string[] {
  return document.getText().split(/\r?\n/);
}

async function complete(
  document: vscode.TextDocument,
  position: vscode.Position,
): Promise<vscode.CompletionItem[]> {
  const { keyPathAt } = await import("./validator.lazy.js");
  const text = document.lineAt(position.line).text;
  const before = text.slice(0, position.character);
  const all = lines(document);
  // A value: `version: |` or `on-failure: |`.
  const valueOf = /^(\s*)([\w-]+):\s*\S*$/.exec(before);
  if (valueOf) {
    const spec = specAt([...keyPathAt(all, position.line, valueOf[1]!.length), valueOf[2]!]);
    return (spec?.values ?? []).map((v) => {
      const item = new vscode.CompletionItem(v, vscode.CompletionItemKind.Value);
      item.documentation = new vscode.MarkdownString(spec?.doc);
      return item;
    });
  }
  if (!/^\s*[\w-]*$/.test(before)) return [];
  const indent = before.length - before.trimStart().length;
  const path = keyPathAt(all, position.line, indent);
  const spec = specAt(path);
  if (!spec?.children) return [];
  const siblings = new Set(
    all.map((l) => new RegExp(`^\\s{${indent}}([\\w-]+):`).exec(l)?.[1]).filter(Boolean),
  );
  return Object.entries(spec.children)
    .filter(([key]) => !siblings.has(key))
    .map(([key, child]) => {
      const item = new vscode.CompletionItem(key, vscode.CompletionItemKind.Property);
      item.documentation = new vscode.MarkdownString(child.doc);
      item.detail = path[0] === "phases" && path.length === 1 ? "phase" : "buildspec";
      const inner = " ".repeat(indent + 2);
      item.insertText = new vscode.SnippetString(
        child.shape === "stringList"
          ? `${key}:\n${inner}- $0`
          : child.shape === "scalar"
            ? `${key}: $0`
            : key in { install: 1, pre_build: 1, build: 1, post_build: 1 } && path[0] === "phases"
              ? `${key}:\n${inner}commands:\n${inner}  - $0`
              : `${key}:\n${inner}$0`,
      );
      return item;
    });
}

async function hover(
  document: vscode.TextDocument,
  position: vscode.Position,
): Promise<vscode.Hover | undefined> {
  const { keyPathAt } = await import("./validator.lazy.js");
  const text = document.lineAt(position.line).text;
  const m = /^(\s*)([\w-]+)\s*:/.exec(text);
  if (!m) return undefined;
  const start = m[1]!.length;
  const end = start + m[2]!.length;
  if (position.character < start || position.character > end) return undefined;
  const spec = specAt([...keyPathAt(lines(document), position.line, start), m[2]!]);
  if (!spec) return undefined;
  return new vscode.Hover(
    new vscode.MarkdownString(`**${m[2]}** — ${spec.doc}`),
    new vscode.Range(position.line, start, position.line, end),
  );
}
