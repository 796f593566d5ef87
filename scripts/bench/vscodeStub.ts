/**
 * A stand-in for the `vscode` module, enough to load and activate the bundle in plain Node
 * and measure activation. Every API is a recording no-op.
 */
export function createVscodeStub(): unknown {
  const calls: string[] = [];
  const anything = (path: string): unknown =>
    new Proxy(function () {}, {
      get(_t, prop) {
        if (prop === "then") return undefined;
        if (prop === Symbol.toPrimitive) return () => path;
        if (prop === "dispose") return () => undefined;
        return anything(`${path}.${String(prop)}`);
      },
      set() {
        return true;
      },
      apply() {
        calls.push(path);
        return anything(`${path}()`);
      },
      construct() {
        calls.push(`new ${path}`);
        return anything(`new ${path}`) as object;
      },
    });
  const names = [
    "window",
    "commands",
    "env",
    "Uri",
    "EventEmitter",
    "TreeItem",
    "ThemeIcon",
    "ThemeColor",
    "MarkdownString",
    "StatusBarAlignment",
    "TreeItemCollapsibleState",
    "ProgressLocation",
    "QuickPickItemKind",
    "ConfigurationTarget",
    "RelativePattern",
    "Disposable",
    "l10n",
    "languages",
    "Diagnostic",
    "DiagnosticSeverity",
    "Range",
    "Position",
    "CodeLens",
    "CompletionItem",
    "CompletionItemKind",
    "SnippetString",
    "Hover",
    "FileType",
    "ViewColumn",
  ];
  const stub: Record<string, unknown> = Object.fromEntries(names.map((n) => [n, anything(`vscode.${n}`)]));
  stub.workspace = new Proxy(anything("vscode.workspace") as object, {
    get(t, p) {
      if (p === "workspaceFolders") return undefined;
      if (p === "textDocuments") return [];
      if (p === "getConfiguration")
        return () => ({ get: (_k: string, d: unknown) => d, inspect: () => undefined });
      return (t as Record<PropertyKey, unknown>)[p];
    },
  });
  stub.__calls = calls;
  return stub;
}
