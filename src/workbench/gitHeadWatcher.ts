import * as path from "node:path";
import * as vscode from "vscode";
import { Limiter } from "../core/limiter";
import { Disposable, toDisposable, type IDisposable } from "../core/disposable";
import { readHead, type GitHead } from "../git/repository";
import { log } from "./logger";

/** The key of the workspace folder holding `uri` (its URI), as `heads` is keyed. */
function folderKey(uri: vscode.Uri): string | undefined {
  return vscode.workspace.getWorkspaceFolder(uri)?.uri.toString();
}

const NO_FOLDER: GitHead = { kind: "none", reason: "notARepository", detail: "No folder is open." };

/** What changes in a git dir on checkout, commit, pull and push. */
const GIT_EVENTS = "{HEAD,refs/heads/**,refs/remotes/**,packed-refs}";

/** A path as compared: resolved, and case-folded where the file system ignores case (Windows). */
function samePath(p: string): string {
  const resolved = path.resolve(p);
  return process.platform === "win32" ? resolved.toLowerCase() : resolved;
}

export interface FolderHead {
  readonly folder: vscode.WorkspaceFolder;
  readonly head: GitHead;
}

/**
 * The branch and HEAD commit of each workspace folder's repository, re-read when .git/HEAD or
 * a ref changes (checkout, commit, pull, push) — no timer. The folder's own .git is watched
 * (a repository made there is seen), and once read, its repository's: a folder inside a
 * repository, or a worktree, has its HEAD and refs elsewhere.
 */
export class GitHeadWatcher extends Disposable {
  private readonly onDidChangeEmitter = this.register(new vscode.EventEmitter<GitHead>());
  /** A folder's head changed (fires with the current folder's head, which the status bars show). */
  readonly onDidChange = this.onDidChangeEmitter.event;
  private readonly onDidChangeCurrentEmitter = this.register(new vscode.EventEmitter<void>());
  /**
   * The current folder changed (the user went to a file of another folder): what the status
   * bars show changes; nothing is read again (CodeBuild polls the running builds it shows).
   */
  readonly onDidChangeCurrent = this.onDidChangeCurrentEmitter.event;
  /** The folder (URI) of the last active editor that was in a workspace folder. */
  private active: string | undefined;
  private watchers: IDisposable[] = [];
  /** Watchers of the repositories' git dirs outside the folders, by dir. */
  private readonly repositoryWatchers = new Map<string, IDisposable[]>();
  private heads = new Map<string, FolderHead>();
  private reading: Promise<FolderHead[]> | undefined;
  /** One read of the heads at a time, in order: a later read never finishes before an earlier. */
  private readonly reads = new Limiter(1);
  private timer: NodeJS.Timeout | undefined;

  constructor() {
    super();
    this.watch();
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.schedule()));
    this.register(
      vscode.workspace.onDidChangeWorkspaceFolders(() => {
        this.watch();
        this.schedule();
      }),
    );
    this.follow(vscode.window.activeTextEditor);
    this.register(vscode.window.onDidChangeActiveTextEditor((editor) => this.follow(editor)));
    this.register(
      toDisposable(() => {
        clearTimeout(this.timer);
        for (const w of this.watchers) w.dispose();
        for (const ws of this.repositoryWatchers.values()) for (const w of ws) w.dispose();
      }),
    );
  }

  /**
   * The current folder: that of the last active editor in a workspace folder (in a multi-root
   * workspace, the repository the user is working in, as VS Code's own source control shows),
   * else the first.
   */
  get currentFolder(): FolderHead | undefined {
    return (this.active && this.heads.get(this.active)) || this.all[0];
  }

  /** The current folder's head, once read. */
  get current(): GitHead | undefined {
    return this.currentFolder?.head;
  }

  /** Every folder's head, once read, in workspace order. */
  get all(): FolderHead[] {
    return (vscode.workspace.workspaceFolders ?? []).flatMap((f) => this.heads.get(f.uri.toString()) ?? []);
  }

  /**
   * The head of the folder holding `uri`, else the current folder's (the active editor's):
   * in a multi-root workspace, the repository the user is working in.
   */
  async readFor(uri?: vscode.Uri): Promise<GitHead> {
    const inFolder = uri && (await this.readFolderOf(uri));
    if (inFolder) return inFolder.head;
    await this.readAll();
    return this.current ?? NO_FOLDER;
  }

  /**
   * The workspace folder holding `uri`, with its head (none for a file outside the folders). A
   * folder added a moment ago is read now, not taken for another.
   */
  async readFolderOf(uri: vscode.Uri): Promise<FolderHead | undefined> {
    const folder = folderKey(uri);
    if (folder === undefined) return undefined;
    await this.readAll();
    if (!this.heads.has(folder)) await this.load();
    return this.heads.get(folder);
  }

  async readAll(): Promise<FolderHead[]> {
    if (this.heads.size > 0 && !this.reading) return this.all;
    if (!this.reading) {
      const reading = this.load();
      const done = () => {
        if (this.reading === reading) this.reading = undefined;
      };
      reading.then(done, done);
      this.reading = reading;
    }
    return this.reading;
  }

  private follow(editor: vscode.TextEditor | undefined): void {
    const folder = editor && folderKey(editor.document.uri);
    // A file outside the folders (an output channel, settings) leaves the current folder as it is.
    if (!folder || folder === this.active) return;
    const before = this.currentFolder;
    this.active = folder;
    if (this.currentFolder !== before) this.onDidChangeCurrentEmitter.fire();
  }

  private watch(): void {
    for (const w of this.watchers) w.dispose();
    this.watchers = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      const watcher = vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(folder, `.git/${GIT_EVENTS}`),
      );
      this.watchers.push(
        watcher,
        watcher.onDidChange(() => this.schedule()),
        watcher.onDidCreate(() => this.schedule()),
        watcher.onDidDelete(() => this.schedule()),
      );
    }
  }

  /** Watches each repository's HEAD and refs where they are not the folder's own .git. */
  private watchRepositories(heads: readonly FolderHead[]): void {
    if (this.disposed) return;
    // One pattern for every dir (a worktree's common dir also holds the main checkout's HEAD:
    // an extra read, never a missed one), so two folders that share a dir cannot disagree.
    const wanted = new Set<string>();
    for (const { folder, head } of heads) {
      if (head.kind !== "repository") continue;
      const own = samePath(path.join(folder.uri.fsPath, ".git"));
      for (const dir of [head.gitDir, head.commonDir])
        if (dir && samePath(dir) !== own) wanted.add(samePath(dir));
    }
    for (const [dir, ws] of this.repositoryWatchers) {
      if (wanted.has(dir)) continue;
      for (const w of ws) w.dispose();
      this.repositoryWatchers.delete(dir);
    }
    for (const dir of wanted) {
      if (this.repositoryWatchers.has(dir)) continue;
      const watcher = vscode.workspace.createFileSystemWatcher(
        new vscode.RelativePattern(vscode.Uri.file(dir), GIT_EVENTS),
      );
      this.repositoryWatchers.set(dir, [
        watcher,
        watcher.onDidChange(() => this.schedule()),
        watcher.onDidCreate(() => this.schedule()),
        watcher.onDidDelete(() => this.schedule()),
      ]);
    }
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load(), 300);
  }

  private load(): Promise<FolderHead[]> {
    return this.reads.run(() => this.readHeads());
  }

  private async readHeads(): Promise<FolderHead[]> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const next = new Map<string, FolderHead>();
    for (const folder of folders) {
      // git runs the repository's own configuration (hooks, fsmonitor): not in Restricted Mode.
      const head: GitHead = !vscode.workspace.isTrusted
        ? {
            kind: "none",
            reason: "untrusted",
            detail: "Restricted Mode: git is not run in an untrusted folder.",
          }
        : await readHead(folder.uri.fsPath).catch((error: unknown): GitHead => ({
            kind: "none",
            reason: "notARepository",
            detail: String(error),
          }));
      next.set(folder.uri.toString(), { folder, head });
    }
    if (this.disposed) return [];
    // Compared with the folders read before, keys included: a folder removed is a change.
    const heads = (m: Map<string, FolderHead>) => JSON.stringify([...m].map(([key, h]) => [key, h.head]));
    const changed = heads(next) !== heads(this.heads);
    const currentBefore = this.currentFolder?.folder.uri.toString();
    if (this.active !== undefined && !next.has(this.active)) this.active = undefined;
    this.heads = next;
    this.watchRepositories([...next.values()]);
    if (changed) {
      for (const { folder, head } of next.values()) {
        log.info(
          "git",
          `${folder.name}: ${head.kind === "repository" ? `${head.branch ?? "(detached)"} ${head.commit?.slice(0, 7) ?? ""}` : `no repository (${head.reason})`}`,
        );
      }
      this.onDidChangeEmitter.fire(this.current ?? NO_FOLDER);
    }
    // The active editor's folder was removed: the status bars show the first folder's now.
    if (currentBefore !== undefined && this.currentFolder?.folder.uri.toString() !== currentBefore)
      this.onDidChangeCurrentEmitter.fire();
    return this.all;
  }
}
