import * as vscode from "vscode";
import { KeyedDebounce } from "../../core/keyedDebounce";
import { isAbort } from "../../core/abort";
import { Disposable, toDisposable } from "../../core/disposable";
import type { TemplateProblem } from "../model/template/tree";
import { LineIndex } from "../model/template/tree";
import type { StackStore } from "../store";
import { isTemplate } from "./documents";

/** Templates CloudFormation takes in a request (larger ones go through S3). */
export const MAX_TEMPLATE_BODY = 51_200;
const LOCAL_DELAY_MS = 300;
const SAVE_DELAY_MS = 1000;

export interface ValidationOutcome {
  readonly local: number;
  /** undefined: CloudFormation was not asked. */
  readonly remote?: { readonly ok: boolean; readonly message?: string };
}

/**
 * Template diagnostics: local checks as the user types (debounced, no network), and
 * CloudFormation's ValidateTemplate on save (debounced, one request per document at a time, only
 * while AWS answers and the workspace is trusted) with its error at the line it names.
 */
export class TemplateDiagnostics extends Disposable {
  private readonly local = this.register(
    vscode.languages.createDiagnosticCollection("awsCicd.cloudformation"),
  );
  private readonly remote = this.register(
    vscode.languages.createDiagnosticCollection("awsCicd.cloudformation.validate"),
  );
  private readonly debounce = this.register(new KeyedDebounce());
  private readonly requests = new Map<string, AbortController>();

  constructor(
    private readonly store: StackStore,
    /** Whether CloudFormation may be asked now (connected, trusted, validate on save). */
    private readonly mayAsk: () => boolean,
  ) {
    super();
    this.register(vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, LOCAL_DELAY_MS, false)));
    this.register(
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, LOCAL_DELAY_MS, false)),
    );
    this.register(vscode.workspace.onDidSaveTextDocument((d) => this.schedule(d, SAVE_DELAY_MS, true)));
    this.register(
      vscode.workspace.onDidCloseTextDocument((d) => {
        const key = d.uri.toString();
        this.debounce.cancel(key);
        this.requests.get(key)?.abort();
        this.local.delete(d.uri);
        this.remote.delete(d.uri);
      }),
    );
    this.register(toDisposable(() => this.requests.forEach((r) => r.abort())));
    for (const document of vscode.workspace.textDocuments) this.schedule(document, LOCAL_DELAY_MS, false);
  }

  private schedule(document: vscode.TextDocument, delay: number, ask: boolean): void {
    if (!isTemplate(document)) return;
    const key = document.uri.toString();
    if (!ask) {
      // An edit makes CloudFormation's last answer stale.
      this.requests.get(key)?.abort();
      this.remote.delete(document.uri);
    }
    this.debounce.schedule(
      key,
      delay,
      () => void this.validate(document, ask && this.mayAsk()).catch(() => undefined),
    );
  }

  /** Checks a template; with `ask`, CloudFormation too. Resolves what was found. */
  async validate(
    document: vscode.TextDocument,
    ask: boolean,
    signal?: AbortSignal,
  ): Promise<ValidationOutcome> {
    if (document.isClosed || this.disposed) return { local: 0 };
    const lazy = await import("../templates.lazy.js");
    const text = document.getText();
    const parsed = lazy.parseTemplate(text);
    const problems: TemplateProblem[] = [
      ...parsed.problems,
      ...(parsed.root ? lazy.checkTemplate(parsed.root) : []),
    ];
    const index = new LineIndex(text);
    const toDiagnostic = (
      p: { start: number; end: number; message: string; severity: "error" | "warning" },
      source: string,
    ) => {
      const s = index.position(p.start);
      const e = index.position(Math.max(p.end, p.start + 1));
      const d = new vscode.Diagnostic(
        new vscode.Range(s.line, s.character, e.line, e.character),
        p.message,
        p.severity === "error" ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
      );
      d.source = source;
      return d;
    };
    if (!document.isClosed)
      this.local.set(
        document.uri,
        problems.map((p) => toDiagnostic(p, "CloudFormation template")),
      );
    const errors = problems.filter((p) => p.severity === "error").length;
    if (!ask || errors > 0 || Buffer.byteLength(text) > MAX_TEMPLATE_BODY) return { local: errors };
    const key = document.uri.toString();
    this.requests.get(key)?.abort();
    const request = new AbortController();
    this.requests.set(key, request);
    const onOuter = () => request.abort();
    signal?.addEventListener("abort", onOuter, { once: true });
    try {
      await this.store.validateTemplate({ body: text }, request.signal);
      if (!document.isClosed && document.getText() === text) this.remote.set(document.uri, []);
      return { local: 0, remote: { ok: true } };
    } catch (error) {
      if (isAbort(error)) throw error;
      const name = (error as { name?: unknown }).name;
      if (name !== "ValidationError") throw error;
      const message = error instanceof Error ? error.message : String(error);
      const range = lazy.errorPosition(message, text, parsed.root);
      if (!document.isClosed && document.getText() === text)
        this.remote.set(document.uri, [
          toDiagnostic({ ...range, message, severity: "error" }, "CloudFormation ValidateTemplate"),
        ]);
      return { local: 0, remote: { ok: false, message } };
    } finally {
      signal?.removeEventListener("abort", onOuter);
      if (this.requests.get(key) === request) this.requests.delete(key);
    }
  }

  /** The problems shown for a document now (errors only). */
  errorsOf(uri: vscode.Uri): vscode.Diagnostic[] {
    return [...(this.local.get(uri) ?? []), ...(this.remote.get(uri) ?? [])].filter(
      (d) => d.severity === vscode.DiagnosticSeverity.Error,
    );
  }
}
