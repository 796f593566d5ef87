import * as vscode from "vscode";
import { readHead, type GitHead } from "../git/repository";
import { log } from "../views/logger";

/**
 * The branch and HEAD commit of the workspace's repository, re-read when .git/HEAD or a ref
 * changes (checkout, commit, pull) — no timer.
 */
export class GitHeadWatcher implements vscode.Disposable {
  private readonly onDidChangeEmitter = new vscode.EventEmitter<GitHead>();
  readonly onDidChange = this.onDidChangeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.onDidChangeEmitter];
  private head: GitHead | undefined;
  private reading: Promise<GitHead> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor() {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (folder) {
      const watcher = vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(folder, ".git/{HEAD,refs/heads/**,packed-refs}"),
      );
      this.disposables.push(
        watcher,
        watcher.onDidChange(() => this.schedule()),
        watcher.onDidCreate(() => this.schedule()),
        watcher.onDidDelete(() => this.schedule()),
      );
    }
    this.disposables.push(vscode.workspace.onDidChangeWorkspaceFolders(() => this.schedule()));
  }

  get current(): GitHead | undefined {
    return this.head;
  }

  /** The head, read once and then kept current by the watcher. */
  read(): Promise<GitHead> {
    if (this.head) return Promise.resolve(this.head);
    this.reading ??= this.load();
    return this.reading;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load(), 300);
  }

  private async load(): Promise<GitHead> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const head: GitHead = folder
      ? await readHead(folder.uri.fsPath).catch((error: unknown) => ({
          kind: "none" as const,
          reason: "notARepository" as const,
          detail: String(error),
        }))
      : { kind: "none", reason: "notARepository", detail: "No folder is open." };
    const changed = JSON.stringify(head) !== JSON.stringify(this.head);
    this.head = head;
    this.reading = undefined;
    if (changed) {
      log.info(
        "git",
        head.kind === "repository"
          ? `HEAD ${head.branch ?? "(detached)"} ${head.commit?.slice(0, 7) ?? ""}`
          : `no repository: ${head.reason}`,
      );
      this.onDidChangeEmitter.fire(head);
    }
    return head;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}
