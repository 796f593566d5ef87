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
  /**
   * Whether tree views are visible. Undefined keeps the old stub (a view is a recording no-op);
   * set, `createTreeView` answers a view with this visibility and records its data provider.
   */
  readonly viewsVisible?: boolean;
  /** Called with each text appended to an output channel (name, text). */
  readonly onAppend?: (channel: string, text: string) => void;
  /**
   * Whether an output channel is on screen once shown (`window.visibleTextEditors` then holds
   * its Output panel editor, as in VS Code). Default: every channel shown is watched.
   */
  readonly watches?: (channel: string) => boolean;
}

/** What the stub recorded that a harness drives: the tree's providers and the commands. */
export interface StubRecord {
  readonly trees: Map<string, TreeProvider>;
  readonly commands: Map<string, (...args: unknown[]) => unknown>;
}

export interface TreeProvider {
  getChildren(element?: unknown): unknown;
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
    "LogLevel",
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
  const record: StubRecord = { trees: new Map(), commands: new Map() };
  /** The Output panel editors on screen, by channel id. */
  const onScreen = new Map<string, unknown>();
  const editorListeners = new Set<(editors: unknown[]) => void>();
  let channels = 0;
  const noEvent = () => ({ dispose: () => undefined });
  stub.window = new Proxy(anything("vscode.window") as object, {
    get(t, p) {
      if (p === "state") return { focused: options.focused ?? true };
      if (p === "withProgress")
        return (_options: unknown, task: (progress: unknown, token: unknown) => unknown) =>
          task(
            { report: () => undefined },
            { isCancellationRequested: false, onCancellationRequested: noEvent },
          );
      if (p === "visibleTextEditors") return [...onScreen.values()];
      if (p === "onDidChangeVisibleTextEditors")
        return (listener: (editors: unknown[]) => void) => {
          editorListeners.add(listener);
          return { dispose: () => editorListeners.delete(listener) };
        };
      if (p === "createOutputChannel") {
        const onAppend = options.onAppend ?? (() => undefined);
        const watches = options.watches ?? (() => true);
        return (name: string) => {
          const id = `extension-output-stub.stub-#${++channels}-${name}`;
          const setOnScreen = (shown: boolean) => {
            if (shown) onScreen.set(id, { document: { uri: { scheme: "output", path: id } } });
            else onScreen.delete(id);
            for (const listener of [...editorListeners]) listener([...onScreen.values()]);
          };
          return new Proxy(anything(`vscode.window.channel(${name})`) as object, {
            get(c, q) {
              if (q === "append") return (text: string) => onAppend(name, text);
              if (q === "appendLine") return (text: string) => onAppend(name, `${text}\n`);
              if (q === "show") return () => setOnScreen(watches(name));
              if (q === "hide" || q === "dispose") return () => setOnScreen(false);
              return (c as Record<PropertyKey, unknown>)[q];
            },
          });
        };
      }
      if (p === "createTreeView" && options.viewsVisible !== undefined) {
        const visible = options.viewsVisible;
        return (id: string, opts: { treeDataProvider: TreeProvider }) => {
          record.trees.set(id, opts.treeDataProvider);
          return new Proxy(anything(`vscode.window.treeView(${id})`) as object, {
            get(v, q) {
              if (q === "visible") return visible;
              if (q === "onDidChangeVisibility" || q === "onDidExpandElement" || q === "onDidCollapseElement")
                return noEvent;
              return (v as Record<PropertyKey, unknown>)[q];
            },
          });
        };
      }
      return (t as Record<PropertyKey, unknown>)[p];
    },
  });
  stub.commands = new Proxy(anything("vscode.commands") as object, {
    get(t, p) {
      if (p === "registerCommand")
        return (id: string, fn: (...args: unknown[]) => unknown) => {
          record.commands.set(id, fn);
          return { dispose: () => record.commands.delete(id) };
        };
      if (p === "executeCommand")
        return (id: string, ...args: unknown[]) => Promise.resolve(record.commands.get(id)?.(...args));
      return (t as Record<PropertyKey, unknown>)[p];
    },
  });
  stub.__calls = calls;
  stub.__record = record;
  return stub;
}
