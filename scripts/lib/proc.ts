// Child processes for the demo and the e2e run: each server is started as the leader of its
// own process group, remembered, and stopped by that group — never by name.
import { spawn, spawnSync, type SpawnSyncOptions } from "node:child_process";
import { createWriteStream } from "node:fs";
import * as net from "node:net";

export interface StartedProcess {
  readonly pid: number;
  readonly name: string;
  /** Resolves with the exit code (or signal) once the group leader has exited. */
  readonly exited: Promise<number | NodeJS.Signals | null>;
}

/** Process groups started by this process and not stopped yet: the exit hook kills these. */
const liveGroups = new Map<number, string>();

/**
 * Starts `command` detached (a new process group led by the child), with stdout and stderr
 * appended to `logFile`.
 */
export function startGroup(
  name: string,
  command: string,
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; logFile: string },
): StartedProcess {
  const log = createWriteStream(options.logFile, { flags: "a" });
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) {
    throw new Error(`${name}: could not start ${command}`);
  }
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  const pid = child.pid;
  liveGroups.set(pid, name);
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => {
    child.once("exit", (code, signal) => resolve(code ?? signal));
    child.once("error", () => resolve(null));
  });
  return { pid, name, exited };
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

/** SIGTERM to the whole group, then SIGKILL to whatever is left after `graceMs`. */
export async function stopGroup(pid: number, graceMs = 5000): Promise<void> {
  signalGroup(pid, "SIGTERM");
  const deadline = Date.now() + graceMs;
  while (groupAlive(pid) && Date.now() < deadline) {
    await sleep(100);
  }
  if (groupAlive(pid)) {
    signalGroup(pid, "SIGKILL");
  }
  liveGroups.delete(pid);
}

/** Registers a group started by someone else (e.g. Chromium by Playwright) for the exit hook. */
export function trackGroup(pid: number, name: string): void {
  liveGroups.set(pid, name);
}

let exitHookInstalled = false;

/**
 * Kills every remembered group when this process exits, however it exits; Ctrl-C and SIGTERM
 * first run `onSignal` (an orderly stop), then exit.
 */
export function installExitHook(onSignal?: () => Promise<void>): void {
  if (exitHookInstalled) {
    return;
  }
  exitHookInstalled = true;
  process.on("exit", () => {
    for (const pid of liveGroups.keys()) {
      signalGroup(pid, "SIGKILL");
    }
  });
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      if (stopping) {
        process.exit(130);
      }
      stopping = true;
      void (onSignal ?? (() => Promise.resolve()))().finally(() => process.exit(130));
    });
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** Polls `url` until it answers with a status below 500, or throws after `timeoutMs`. */
export async function waitForHttp(url: string, timeoutMs: number, isAlive?: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = "";
  while (Date.now() < deadline) {
    if (isAlive && !isAlive()) {
      throw new Error(`the server exited before ${url} answered`);
    }
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status < 500) {
        return;
      }
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    await sleep(250);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms (${lastError})`);
}

/** Runs a command to completion with inherited output; throws on a non-zero exit. */
export function run(command: string, args: readonly string[], options: SpawnSyncOptions = {}): void {
  const result = spawnSync(command, args, { stdio: "inherit", ...options });
  if (result.error) {
    throw result.error;
  }
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited with ${result.status ?? result.signal}`);
  }
}

/** Runs a command and returns its stdout, or undefined when it fails. */
export function capture(
  command: string,
  args: readonly string[],
  options: SpawnSyncOptions = {},
): string | undefined {
  const result = spawnSync(command, args, { encoding: "utf8", ...options });
  return result.status === 0 ? String(result.stdout) : undefined;
}

export function onPath(command: string): boolean {
  return capture("sh", ["-c", `command -v ${command}`]) !== undefined;
}
