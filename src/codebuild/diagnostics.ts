import * as vscode from "vscode";
import { Disposable, toDisposable } from "../core/disposable";
import { buildLabel } from "./model/buildStatus";
import { candidatePaths, matchProblems, sourceDirsIn, type BuildProblem } from "./model/problemMatchers";
import type { Build } from "./model/types";
import { log } from "../workbench/logger";

/**
 * Build errors as diagnostics: the problems in a failed build's log, at the lines of the
 * workspace's files they point to. One collection per project, so a new build of the
 * project replaces its problems; files outside the workspace are never pointed at.
 */
export class BuildDiagnostics extends Disposable {
  private readonly collections = new Map<string, vscode.DiagnosticCollection>();

  constructor() {
    super();
    this.register(
      toDisposable(() => {
        for (const collection of this.collections.values()) collection.dispose();
        this.collections.clear();
      }),
    );
  }

  /** Publishes the problems of a build's log; resolves how many were placed in workspace files. */
  async publish(build: Build, lines: readonly string[]): Promise<number> {
    const collection = this.collection(build.projectName);
    collection.clear();
    const problems = matchProblems(lines);
    if (problems.length === 0) return 0;
    const dirs = sourceDirsIn(lines);
    const source = `CodeBuild: ${build.projectName} ${buildLabel(build)}`;
    const byUri = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
    const resolved = new Map<string, vscode.Uri | undefined>();
    for (const problem of problems) {
      let uri = resolved.get(problem.file);
      if (!resolved.has(problem.file)) {
        uri = await this.locate(problem.file, dirs);
        resolved.set(problem.file, uri);
      }
      if (!uri) continue;
      const entry = byUri.get(uri.toString()) ?? { uri, diagnostics: [] };
      entry.diagnostics.push(toDiagnostic(problem, source));
      byUri.set(uri.toString(), entry);
    }
    for (const { uri, diagnostics } of byUri.values()) collection.set(uri, diagnostics);
    const placed = [...byUri.values()].reduce((n, e) => n + e.diagnostics.length, 0);
    log.info(
      "diagnostics",
      `${source}: ${problems.length} problems in the log, ${placed} in workspace files`,
    );
    return placed;
  }

  clearProject(projectName: string): void {
    this.collections.get(projectName)?.clear();
  }

  clear(): void {
    for (const collection of this.collections.values()) collection.clear();
  }

  private collection(projectName: string): vscode.DiagnosticCollection {
    let collection = this.collections.get(projectName);
    if (!collection) {
      collection = vscode.languages.createDiagnosticCollection(`awsCicd.codebuild.${projectName}`);
      this.collections.set(projectName, collection);
    }
    return collection;
  }

  /** The workspace file a log path names, trying each folder and each candidate suffix. */
  private async locate(file: string, dirs: string[]): Promise<vscode.Uri | undefined> {
    const candidates = candidatePaths(file, dirs);
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      for (const candidate of candidates) {
        const uri = vscode.Uri.joinPath(folder.uri, candidate);
        if (!uri.path.startsWith(folder.uri.path)) continue;
        try {
          const stat = await vscode.workspace.fs.stat(uri);
          if (stat.type & vscode.FileType.File) return uri;
        } catch {
          // Not here: try the next candidate.
        }
      }
    }
    return undefined;
  }
}

function toDiagnostic(problem: BuildProblem, source: string): vscode.Diagnostic {
  const line = Math.max(0, problem.line - 1);
  const column = Math.max(0, (problem.column ?? 1) - 1);
  // VS Code clamps the end to the line's length: the squiggle runs to the end of the line.
  const range = new vscode.Range(line, problem.column ? column : 0, line, Number.MAX_SAFE_INTEGER);
  const diagnostic = new vscode.Diagnostic(
    range,
    problem.message,
    problem.severity === "warning" ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error,
  );
  diagnostic.source = source;
  if (problem.code) diagnostic.code = problem.code;
  return diagnostic;
}
