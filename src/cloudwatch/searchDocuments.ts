import * as vscode from "vscode";
import { Disposable } from "../core/disposable";
import type { TailApi, TailEvent } from "../logs/tailTypes";
import { searchDocument, type SearchResult } from "./model/searchDocument";

export const SEARCH_SCHEME = "aws-cicd-logs";
/** A search reads at most this many events (then says the rest is left). */
export const MAX_SEARCH_EVENTS = 10_000;
/** Documents kept for reopening; the oldest go first. */
const KEPT = 10;

/**
 * Search Log Group's results: read-only documents (a content provider's) with the events of a
 * time range that match a pattern, and links back to the console.
 */
export class SearchDocuments extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private count = 0;

  constructor() {
    super();
    this.register(vscode.workspace.registerTextDocumentContentProvider(SEARCH_SCHEME, this));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return (
      this.texts.get(uri.toString()) ?? "This search result is no longer kept: run Search Log Group… again."
    );
  }

  /** Reads the events page by page (cancellable) and opens them in a new document. */
  async search(
    api: TailApi,
    query: { region: string; group: string; pattern: string; start: number; end: number },
    signal: AbortSignal,
  ): Promise<SearchResult> {
    const events: TailEvent[] = [];
    let token: string | undefined;
    do {
      const page = await api.filterLogEvents(
        {
          group: query.group,
          pattern: query.pattern,
          startTime: query.start,
          endTime: query.end,
          nextToken: token,
          limit: Math.min(10_000, MAX_SEARCH_EVENTS - events.length),
        },
        signal,
      );
      events.push(...page.events);
      token = page.nextToken;
    } while (token && events.length < MAX_SEARCH_EVENTS && !signal.aborted);
    return { ...query, events: events.slice(0, MAX_SEARCH_EVENTS), truncated: !!token };
  }

  async open(result: SearchResult): Promise<vscode.TextDocument> {
    const name = `${result.group.replace(/[^\w.-]+/g, "_").replace(/^_+/, "")} ${++this.count}.log`;
    const uri = vscode.Uri.from({ scheme: SEARCH_SCHEME, path: `/${name}` });
    this.texts.set(uri.toString(), searchDocument(result));
    for (const key of this.texts.keys()) if (this.texts.size > KEPT) this.texts.delete(key);
    const document = await vscode.workspace.openTextDocument(uri);
    const withLanguage = await vscode.languages.setTextDocumentLanguage(document, "log");
    await vscode.window.showTextDocument(withLanguage, { preview: false });
    return withLanguage;
  }
}
