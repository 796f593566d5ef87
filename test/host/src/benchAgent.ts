// The benchmark's agent inside the extension host (scripts/bench/codeServer.ts): when
// $AWS_CICD_HOST_BENCH names a folder, it says hello there (`hello-<pid>.json`: this extension
// host's pid) and answers requests the benchmark drops as `<pid>.req-<n>.json` with
// `<pid>.res-<n>.json`: the host's memory (after a full GC), VS Code's own activation times
// (the "Developer: Startup Performance" document), or a command to run.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import * as path from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import * as vscode from "vscode";
import { PROFILE_NEXT_FILE, type BenchRequest } from "./report";

function writeJson(file: string, value: unknown): void {
  writeFileSync(`${file}.tmp`, JSON.stringify(value));
  renameSync(`${file}.tmp`, file);
}

/** A full garbage collection (the host is not started with --expose-gc). */
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  gc();
  gc();
}

/**
 * The text of "Developer: Startup Performance" (its provider is registered when the command
 * first runs): the editor it opens, read and closed again.
 */
async function startupPerformance(): Promise<string> {
  await vscode.commands.executeCommand("perfview.show");
  for (let i = 0; i < 100; i++) {
    const document = vscode.window.activeTextEditor?.document;
    if (document?.uri.scheme === "perf" && document.getText().includes("Extension Activation Stats")) {
      const text = document.getText();
      await vscode.commands.executeCommand("workbench.action.closeActiveEditor");
      return text;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("Developer: Startup Performance did not open a document with the activation stats");
}

let profile: { session: Session; file: string } | undefined;

/**
 * A CPU profile of this extension host from the agent module's load (see extension.ts) until
 * the benchmark asks for it (`stopProfile`), written to the bench folder as
 * `host-<pid>.cpuprofile`: when the benchmark left a `profile-next` file there for this window.
 */
function startProfile(dir: string): void {
  const file = path.join(dir, `host-${process.pid}.cpuprofile`);
  const session = new Session();
  session.connect();
  session.post("Profiler.enable", () =>
    session.post("Profiler.setSamplingInterval", { interval: 500 }, () => session.post("Profiler.start")),
  );
  profile = { session, file };
}

/**
 * Starts the profile when the benchmark left its flag for this window. Called when the agent's
 * module loads (extension.ts), before its activate(), so that it begins as early as it can.
 */
export function profileIfAsked(dir: string): void {
  const flag = path.join(dir, PROFILE_NEXT_FILE);
  if (profile || !existsSync(flag)) return;
  rmSync(flag, { force: true });
  startProfile(dir);
}

function stopProfile(): Promise<string> {
  const current = profile;
  if (!current) return Promise.reject(new Error("no profile was started ($AWS_CICD_HOST_PROFILE)"));
  profile = undefined;
  return new Promise((resolve, reject) =>
    current.session.post("Profiler.stop", (error, result) => {
      current.session.disconnect();
      if (error) return reject(error);
      // The profile's times are the monotonic clock in µs; this pairs it with epoch ms (the marks').
      const clock = { monotonicUs: Number(process.hrtime.bigint() / 1000n), epochMs: Date.now() };
      writeFileSync(current.file, JSON.stringify({ ...result.profile, clock }));
      resolve(current.file);
    }),
  );
}

async function answer(request: BenchRequest): Promise<unknown> {
  switch (request.op) {
    case "memory":
      collectGarbage();
      return process.memoryUsage();
    case "startupPerformance":
      return startupPerformance();
    case "command":
      await vscode.commands.executeCommand(request.id, ...request.args);
      return null;
    case "stopProfile":
      return stopProfile();
  }
}

/** Starts the agent; the returned Disposable stops it. */
export function startBenchAgent(dir: string): vscode.Disposable {
  const pid = process.pid;
  profileIfAsked(dir);
  writeJson(path.join(dir, `hello-${pid}.json`), { pid, at: Date.now() });
  let next = 1;
  let busy = false;
  const timer = setInterval(() => {
    const file = path.join(dir, `${pid}.req-${next}.json`);
    if (busy || !existsSync(file)) return;
    busy = true;
    const n = next++;
    const request = JSON.parse(readFileSync(file, "utf8")) as BenchRequest;
    rmSync(file, { force: true });
    void answer(request)
      .then(
        (value) => ({ ok: true, value }),
        (error: unknown) => ({ ok: false, error: error instanceof Error ? error.message : String(error) }),
      )
      .then((result) => writeJson(path.join(dir, `${pid}.res-${n}.json`), result))
      .finally(() => (busy = false));
  }, 50);
  return { dispose: () => clearInterval(timer) };
}
