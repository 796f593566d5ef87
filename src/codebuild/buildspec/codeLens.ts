import { remoteUrlsOf } from "../../git/sourceMatch";
import * as path from "node:path";
import * as vscode from "vscode";
import { Disposable } from "../../core/disposable";
import { projectsForBuildspec } from "./projects";
import { buildLabel, statusLook } from "../model/buildStatus";
import type { BuildStore } from "../store";
import { relativeTime } from "../../core/format";
import type { GitHeadWatcher } from "../../workbench/gitHeadWatcher";
import { BUILDSPEC_SELECTOR, isBuildspec } from "./language";

/**
 * At the top of a buildspec: "▶ Start build (project)" for each project that builds with it,
 * and that project's last build (click for its log). Loads projects only when a buildspec is
 * open; redraws when the store changes.
 */
export class BuildspecCodeLens extends Disposable implements vscode.CodeLensProvider {
  private readonly onDidChangeEmitter = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.onDidChangeEmitter.event;
  private readonly requested = new Set<string>();

  constructor(
    private readonly store: BuildStore,
    private readonly git: GitHeadWatcher,
  ) {
    super();
    const redraw = () => this.onDidChangeEmitter.fire();
    this.register(
      store.onDidChangeProjects(() => {
        this.requested.clear();
        redraw();
      }),
    );
    this.register(store.onDidChangeProjectBuilds(redraw));
    this.register(store.onDidChangeBuild(redraw));
    this.register(git.onDidChange(redraw));
    this.register(vscode.languages.registerCodeLensProvider(BUILDSPEC_SELECTOR, this));
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!isBuildspec(document)) return [];
    let projects = this.store.projects;
    if (!projects) {
      try {
        projects = await this.store.loadProjects();
      } catch {
        return []; // The tree's welcome view explains why AWS cannot be reached.
      }
    }
    const head = await this.git.readFor(document.uri);
    const root =
      head.kind === "repository" ? head.root : vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath;
    if (!root) return [];
    const relative = path.relative(root, document.uri.fsPath).split(path.sep).join("/");
    if (relative.startsWith("..")) return [];
    const matching = projectsForBuildspec(
      projects,
      relative,
      head.kind === "repository" ? remoteUrlsOf(head) : [],
    );
    const top = new vscode.Range(0, 0, 0, 0);
    const lenses: vscode.CodeLens[] = [];
    const now = new Date();
    for (const project of matching) {
      lenses.push(
        new vscode.CodeLens(top, {
          title: `$(play) Start build (${project.name})`,
          tooltip: `Start a CodeBuild build of ${project.name} for the current branch`,
          command: "awsCicd.build.start",
          arguments: [{ kind: "project", name: project.name }],
        }),
      );
      const latest = this.store.buildsOf(project.name)?.[0];
      if (latest) {
        const look = statusLook(latest.status);
        lenses.push(
          new vscode.CodeLens(top, {
            title: `$(${look.icon}) ${buildLabel(latest)} ${look.word}${latest.startTime ? ` · ${relativeTime(latest.startTime, now)}` : ""}`,
            tooltip: `Show the log of ${project.name} ${buildLabel(latest)}`,
            command: "awsCicd.build.showLog",
            arguments: [{ kind: "build", id: latest.id }],
          }),
        );
      } else if (!this.requested.has(project.name)) {
        this.requested.add(project.name);
        this.store.loadBuilds(project.name).catch(() => undefined);
      }
    }
    return lenses;
  }
}
