/**
 * A stand-in for the `vscode` module, enough to load and activate the bundle in plain Node
 * and measure activation. Every API is a recording no-op.
 */
export interface StubOptions {
  /** `window.state.focused` (default true). */
  readonly focused?: boolean;
  /** A workspace folder (default none). */
  readonly folder?: string;
  /** `workspace.isTrusted` (default true). */
  readonly trusted?: boolean;
  /** What `getConfiguration("awsCicd").get(key)` answers (default: each setting's default). */
  readonly settings?: Readonly<Record<string, unknown>>;
}

export function createVscodeStub(options: StubOptions = {}): unknown {
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
  const folder = options.folder;
  const folders = folder
    ? [
        {
          index: 0,
          name: folder.split("/").pop(),
          uri: { fsPath: folder, path: folder, toString: () => `file://${folder}` },
        },
      ]
    : undefined;
  const settings = options.settings ?? {};
  stub.workspace = new Proxy(anything("vscode.workspace") as object, {
    get(t, p) {
      if (p === "workspaceFolders") return folders;
      if (p === "textDocuments") return [];
      if (p === "isTrusted") return options.trusted ?? true;
      if (p === "getConfiguration")
        return () => ({
          get: (k: string, d: unknown) => (k in settings ? settings[k] : d),
          inspect: () => undefined,
        });
      return (t as Record<PropertyKey, unknown>)[p];
    },
  });
  stub.window = new Proxy(anything("vscode.window") as object, {
    get(t, p) {
      if (p === "state") return { focused: options.focused ?? true };
      return (t as Record<PropertyKey, unknown>)[p];
    },
  });
  stub.__calls = calls;
  return stub;
}
