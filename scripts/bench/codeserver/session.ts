// One code-server session for the code-server benchmark: the simulator (demo scenario, plus the
// log scenarios), AWS profiles pointing at it, the freshly packaged VSIX and the host bench
// agent (test/host) installed into code-server 4.100.3, and Chromium. Windows are opened each in
// a fresh browser context (fresh workbench state); a closed window's extension host is stopped
// by its pid (code-server keeps it for a reconnection otherwise).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { chromium, type Browser, type BrowserContext, type BrowserServer, type Page } from "playwright-core";
import {
  ensureCodeServer,
  envWithoutAws,
  installVsix,
  repoRoot,
  startCodeServer,
  writeUserSettings,
  type CodeServer,
} from "../../codeserver";
import { writeSimulatorProfiles } from "../../lib/awsProfiles";
import { freePort, installExitHook, run, sleep, stopGroup, trackGroup } from "../../lib/proc";
import { createSampleWorkspace } from "../../lib/sampleWorkspace";
import { ensureSystemPackages } from "../../lib/system";
import { buildHostExtension } from "../../../test/host/build";
import { BENCH_VARIABLE, PROFILE_NEXT_FILE, type BenchRequest } from "../../../test/host/src/report";
import { startSimulator, type Simulator } from "../../../test/sim/index";
import { Workbench, waitFor } from "../../../test/e2e/support/workbench";

export const EXTENSION_ID = "aws-cicd.aws-cicd-vscode";
export const benchDir = path.join(repoRoot, "test-results", "bench-code-server");

const browserArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export interface BenchWindow {
  readonly page: Page;
  readonly workbench: Workbench;
  /** When page.goto was called (epoch ms). */
  readonly openedAt: number;
  /** The extension host's pid (from the bench agent's hello). */
  hostPid(): Promise<number>;
  /** Asks the bench agent in this window's extension host. */
  ask<T>(request: BenchRequest, timeoutMs?: number): Promise<T>;
  /** Closes the window and stops its extension host. */
  close(): Promise<void>;
}

export interface Session {
  readonly simulator: Simulator;
  readonly codeServer: CodeServer;
  readonly userDataDir: string;
  readonly workspace: string;
  /** A fresh window; `profile`: its extension host takes a CPU profile from its start (ask `stopProfile`). */
  openWindow(name: string, options?: { profile?: boolean }): Promise<BenchWindow>;
  dispose(): Promise<void>;
}

function say(line: string): void {
  console.log(`[bench:code-server] ${line}`);
}

export async function startSession(): Promise<Session> {
  const cleanups: (() => Promise<void>)[] = [];
  const dispose = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((e: unknown) => say(String(e)));
  };
  installExitHook(dispose);
  try {
    ensureSystemPackages(["chromium"], say);
    const install = await ensureCodeServer({ log: say });
    say("packaging the extension (npm run package) and the host bench agent…");
    run("npm", ["run", "--silent", "package"], { cwd: repoRoot, stdio: ["ignore", "ignore", "inherit"] });
    const vsix = path.join(repoRoot, "dist", "aws-cicd.vsix");
    const hostVsix = await buildHostExtension();

    rmSync(benchDir, { recursive: true, force: true });
    mkdirSync(benchDir, { recursive: true });
    const agentDir = path.join(benchDir, "agent");
    mkdirSync(agentDir);
    const userDataDir = path.join(benchDir, "user-data");
    const extensionsDir = path.join(benchDir, "extensions");
    const workspace = createSampleWorkspace(path.join(benchDir, "workspace"), { fresh: true });

    const simulator = await startSimulator({ port: await freePort(), scenario: "demo", speed: 1 });
    for (const scenario of ["steady-log", "big-log", "huge-log"]) simulator.seed(scenario);
    cleanups.push(() => simulator.close());
    const aws = writeSimulatorProfiles(path.join(benchDir, "aws"), simulator);
    installVsix({ install, vsix, userDataDir, extensionsDir });
    installVsix({ install, vsix: hostVsix, userDataDir, extensionsDir });
    writeUserSettings(userDataDir, {
      "awsCicd.profile": "simulator",
      "workbench.startupEditor": "none",
      "security.workspace.trust.enabled": false,
      "telemetry.telemetryLevel": "off",
      "workbench.tips.enabled": false,
      "extensions.ignoreRecommendations": true,
      "update.mode": "none",
      "git.openRepositoryInParentFolders": "never",
    });
    const codeServer = await startCodeServer({
      install,
      port: await freePort(),
      userDataDir,
      extensionsDir,
      logFile: path.join(benchDir, "code-server.log"),
      env: envWithoutAws({
        ...aws.env,
        AWS_EC2_METADATA_DISABLED: "true",
        [BENCH_VARIABLE]: agentDir,
      }),
    });
    cleanups.push(() => codeServer.stop());
    say(`code-server ${codeServer.url} (pid ${codeServer.pid}), simulator ${simulator.url}`);

    const browserServer: BrowserServer = await chromium.launchServer({
      executablePath: "/usr/bin/chromium",
      headless: true,
      args: browserArgs,
    });
    const browserPid = browserServer.process().pid;
    if (browserPid !== undefined) trackGroup(browserPid, "chromium");
    cleanups.push(async () => {
      await browserServer.close().catch(() => undefined);
      if (browserPid !== undefined) await stopGroup(browserPid, 1000);
    });
    const browser: Browser = await chromium.connect(browserServer.wsEndpoint());
    cleanups.push(() => browser.close().catch(() => undefined));

    // The extension's log at Trace level in this window only (VS Code web's `payload` logLevel).
    const payload = encodeURIComponent(JSON.stringify([["logLevel", `${EXTENSION_ID}:trace`]]));
    const url = `${codeServer.folderUrl(workspace)}&payload=${payload}`;
    const knownHosts = new Set<number>();

    const openWindow = async (name: string, options?: { profile?: boolean }): Promise<BenchWindow> => {
      if (options?.profile) writeFileSync(path.join(agentDir, PROFILE_NEXT_FILE), "");
      const context: BrowserContext = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      const workbench = new Workbench(page, path.join(benchDir, "screenshots", name));
      const openedAt = Date.now();
      await page.goto(url);
      let pid: number | undefined;
      let request = 0;
      const hostPid = async () => {
        pid ??= await waitFor(
          "the bench agent's hello from the new extension host",
          () => {
            const fresh = readdirSync(agentDir)
              .map((f) => /^hello-(\d+)\.json$/.exec(f)?.[1])
              .filter((p): p is string => !!p)
              .map(Number)
              .find((p) => !knownHosts.has(p));
            return fresh;
          },
          90_000,
          100,
        );
        knownHosts.add(pid);
        return pid;
      };
      const ask = async <T>(req: BenchRequest, timeoutMs = 60_000): Promise<T> => {
        const host = await hostPid();
        const n = ++request;
        const file = path.join(agentDir, `${host}.req-${n}.json`);
        writeFileSync(`${file}.tmp`, JSON.stringify(req));
        renameSync(`${file}.tmp`, file);
        const answer = path.join(agentDir, `${host}.res-${n}.json`);
        const text = await waitFor(
          `the agent's answer to ${req.op}`,
          () => existsSync(answer) && readFileSync(answer, "utf8"),
          timeoutMs,
          50,
        );
        const result = JSON.parse(text) as { ok: boolean; value?: T; error?: string };
        if (!result.ok) throw new Error(`${req.op} failed in the extension host: ${result.error}`);
        return result.value as T;
      };
      const close = async () => {
        const host = pid;
        await context.close().catch(() => undefined);
        if (host !== undefined) {
          try {
            process.kill(host, "SIGTERM");
          } catch {
            // Already gone.
          }
          await sleep(300);
        }
      };
      cleanups.push(close);
      return { page, workbench, openedAt, hostPid, ask, close };
    };

    return { simulator, codeServer, userDataDir, workspace, openWindow, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
