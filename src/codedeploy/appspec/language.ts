import * as path from "node:path";
import * as vscode from "vscode";
import { KeyedDebounce } from "../../core/keyedDebounce";
import { Disposable } from "../../core/disposable";
import type { AppSpecProblem } from "./validate";

/** appspec.yml, appspec.yaml and appspec.json in any folder, whatever language mode they are in. */
export const APPSPEC_SELECTOR: vscode.DocumentSelector = [{ pattern: "**/appspec.{yml,yaml,json}" }];

export function isAppSpec(document: vscode.TextDocument): boolean {
  return vscode.languages.match(APPSPEC_SELECTOR, document) > 0;
}

const SEVERITY: Record<AppSpecProblem["severity"], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  hint: vscode.DiagnosticSeverity.Hint,
};

function range(p: {
  start: { line: number; column: number };
  end: { line: number; column: number };
}): vscode.Range {
  return new vscode.Range(
    p.start.line,
    p.start.column,
    p.end.line,
    Math.max(p.end.column, p.start.column + 1),
  );
}

/**
 * Diagnostics for appspec files as the user types (debounced): what CodeDeploy would refuse,
 * and — for EC2/on-premises — scripts the hooks name that the folder (the bundle) does not
 * have; completion and hover from the AppSpec reference.
 */
export class AppSpecLanguage extends Disposable {
  private readonly diagnostics = this.register(
    vscode.languages.createDiagnosticCollection("awsCicd.appspec"),
  );
  private readonly debounce = this.register(new KeyedDebounce());

  constructor() {
    super();
    this.register(vscode.workspace.onDidOpenTextDocument((d) => void this.check(d)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document)));
    this.register(vscode.workspace.onDidSaveTextDocument(() => this.recheckOpen()));
    this.register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.debounce.cancel(d.uri.toString());
        this.diagnostics.delete(d.uri);
      }),
    );
    this.register(
      vscode.languages.registerCompletionItemProvider(APPSPEC_SELECTOR, {
        provideCompletionItems: (d, p) => complete(d, p),
      }),
    );
    this.register(
      vscode.languages.registerHoverProvider(APPSPEC_SELECTOR, { provideHover: (d, p) => hover(d, p) }),
    );
    for (const document of vscode.workspace.textDocuments) void this.check(document);
  }

  /** A script may have been created or renamed: check the open appspecs again. */
  private recheckOpen(): void {
    for (const document of vscode.workspace.textDocuments) if (isAppSpec(document)) this.schedule(document);
  }

  private schedule(document: vscode.TextDocument): void {
    if (!isAppSpec(document)) return;
    this.debounce.schedule(document.uri.toString(), 300, () => void this.check(document));
  }

  private async check(document: vscode.TextDocument): Promise<void> {
    if (!isAppSpec(document) || document.isClosed) return;
    const { validateAppSpec } = await import("./validator.lazy.js");
    if (document.isClosed || this.disposed) return;
    const version = document.version;
    const result = validateAppSpec(document.getText());
    const problems = result.problems.map((p) => {
      const d = new vscode.Diagnostic(range(p), p.message, SEVERITY[p.severity]);
      d.source = "appspec";
      return d;
    });
    if (result.platform === "Server" && document.uri.scheme === "file") {
      const folder = path.dirname(document.uri.fsPath);
      for (const script of result.scripts) {
        if (await exists(vscode.Uri.file(path.join(folder, ...script.path.split("/"))))) continue;
        const d = new vscode.Diagnostic(
          range(script),
          `${script.location} is not in the bundle (${path.join(folder, ...script.path.split("/"))} does not exist): ${script.hook} would fail with ScriptMissing.`,
          vscode.DiagnosticSeverity.Warning,
        );
        d.source = "appspec";
        problems.push(d);
      }
    }
    if (document.isClosed || this.disposed || document.version !== version) return;
    this.diagnostics.set(document.uri, problems);
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

function lines(document: vscode.TextDocument): string[] {
  return document.getText().split(/\r?\n/);
}

async function complete(
  document: vscode.TextDocument,
  position: vscode.Position,
): Promise<vscode.CompletionItem[]> {
  const { appSpecPlatform, docAt, keyPathAt } = await import("./validator.lazy.js");
  const platform = appSpecPlatform(document.getText());
  const text = document.lineAt(position.line).text;
  const before = text.slice(0, position.character);
  const all = lines(document);
  const valueOf = /^(\s*)(- +)?([\w-]+):\s*\S*$/.exec(before);
  if (valueOf) {
    const column = valueOf[1]!.length + (valueOf[2]?.length ?? 0);
    const keys = docAt(keyPathAt(all, position.line, column), platform);
    const spec = keys?.[valueOf[3]!];
    return (spec?.values ?? []).map((v) => {
      const item = new vscode.CompletionItem(v, vscode.CompletionItemKind.Value);
      item.documentation = new vscode.MarkdownString(spec?.doc);
      return item;
    });
  }
  const keyStart = /^(\s*)(- +)?[\w-]*$/.exec(before);
  if (!keyStart) return [];
  const column = keyStart[1]!.length + (keyStart[2]?.length ?? 0);
  const path = keyPathAt(all, position.line, column);
  const keys =
    docAt(keyStart[2] ? [...path, "-"] : path, platform) ?? (keyStart[2] ? undefined : docAt(path, platform));
  if (!keys) return [];
  const inner = " ".repeat(column + 2);
  return Object.entries(keys).map(([key, spec]) => {
    const item = new vscode.CompletionItem(key, vscode.CompletionItemKind.Property);
    item.documentation = new vscode.MarkdownString(spec.doc);
    item.detail = "appspec";
    item.insertText = new vscode.SnippetString(
      spec.shape === "scalar"
        ? `${key}: $0`
        : spec.shape === "list"
          ? `${key}:\n${inner}- $0`
          : `${key}:\n${inner}$0`,
    );
    return item;
  });
}

async function hover(
  document: vscode.TextDocument,
  position: vscode.Position,
): Promise<vscode.Hover | undefined> {
  const { appSpecPlatform, docAt, keyPathAt } = await import("./validator.lazy.js");
  const text = document.lineAt(position.line).text;
  const m = /^(\s*)(- +)?"?([\w-]+)"?\s*:/.exec(text);
  if (!m) return undefined;
  const start =
    m[1]!.length + (m[2]?.length ?? 0) + (text[m[1]!.length + (m[2]?.length ?? 0)] === '"' ? 1 : 0);
  const end = start + m[3]!.length;
  if (position.character < start || position.character > end) return undefined;
  const platform = appSpecPlatform(document.getText());
  const path = keyPathAt(lines(document), position.line, start);
  const keys = docAt(m[2] ? [...path, "-"] : path, platform) ?? docAt(path, platform);
  const spec = keys?.[m[3]!];
  if (!spec) return undefined;
  return new vscode.Hover(
    new vscode.MarkdownString(`**${m[3]}** — ${spec.doc}`),
    new vscode.Range(position.line, start, position.line, end),
  );
}
