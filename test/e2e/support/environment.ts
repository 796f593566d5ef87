// One e2e environment per test file: the AWS simulator, a sample workspace, AWS profile files
// pointing at the simulator, code-server with the packaged extension, and a Chromium page on it.
// E2E_VSCODE chooses the code-server flavour (scripts/codeserver.ts: min, the default, or latest).
// Everything lives under test-results/e2e/<name>/ (test-results/e2e-latest/<name>/ on the
// latest) and everything started is stopped by pid.
import { appendFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import * as path from "node:path";
import * as assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { chromium, type Browser, type BrowserServer, type Page } from "playwright-core";
import {
  codeServerFlavour,
  ensureCodeServer,
  envWithoutAws,
  installVsix,
  repoRoot,
  startCodeServer,
  writeUserSettings,
  type CodeServer,
} from "../../../scripts/codeserver";
import { writeSimulatorProfiles } from "../../../scripts/lib/awsProfiles";
import { freePort, installExitHook, run, stopGroup, trackGroup } from "../../../scripts/lib/proc";
import { createSampleWorkspace } from "../../../scripts/lib/sampleWorkspace";
import { ensureSystemPackages } from "../../../scripts/lib/system";
import { startSimulator, type Simulator } from "../../sim/index";
import { Workbench } from "./workbench";

/** The code-server flavour this run tests (E2E_VSCODE: min, the default, or latest). */
export const flavour = codeServerFlavour();

export const resultsDir = path.join(
  repoRoot,
  "test-results",
  flavour.name === "min" ? "e2e" : `e2e-${flavour.name}`,
);
export const vsixPath = path.join(repoRoot, "dist", "aws-cicd.vsix");

/** The simulator's speed factor: builds of ~20 simulated seconds take 20/speed wall seconds. */
const e2eSpeed = Number(process.env.E2E_SPEED ?? "5");

const browserArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export interface E2eEnvironment {
  readonly dir: string;
  readonly workspace: string;
  readonly simulator: Simulator;
  readonly codeServer: CodeServer;
  readonly workbench: Workbench;
  readonly page: Page;
  /** Stops the simulator (it can be asked for before dispose, e.g. to test an unreachable endpoint). */
  stopSimulator(): Promise<void>;
  dispose(): Promise<void>;
}

/** Builds dist/aws-cicd.vsix unless the runner already did (E2E_VSIX_READY=1). */
export function ensureVsix(): void {
  if (process.env.E2E_VSIX_READY === "1" && existsSync(vsixPath)) {
    return;
  }
  run("npm", ["run", "--silent", "package"], { cwd: repoRoot, stdio: ["ignore", "ignore", "inherit"] });
  if (!existsSync(vsixPath)) {
    throw new Error(`npm run package did not produce ${vsixPath}`);
  }
}

export async function startE2eEnvironment(
  name: string,
  options: {
    settings?: Record<string, unknown>;
    speed?: number;
    /** More .vsix files to install next to the extension (e.g. the host test runner). */
    extraExtensions?: string[];
    /** More environment variables for code-server (and so the extension host). */
    codeServerEnv?: Record<string, string>;
    /**
     * Open the workspace untrusted, in Restricted Mode: workspace trust on (no
     * --disable-workspace-trust), and no startup prompt asking to trust it. By default trust is
     * off and the folder is trusted.
     */
    restricted?: boolean;
    /** Open this folder inside the sample workspace (made if missing) instead of the workspace itself. */
    folder?: string;
    /**
     * Makes what to open instead of the sample workspace (and of `folder`), once the simulator
     * runs: a .code-workspace file (a multi-root workspace) it returns the path of. The
     * environment's `workspace` is then the sample workspace, made but not opened.
     */
    workspaceFile?: (made: { dir: string; simulator: Simulator }) => Promise<string>;
  } = {},
): Promise<E2eEnvironment> {
  const cleanups: (() => Promise<void>)[] = [];
  const dispose = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        console.error(`e2e cleanup: ${String(error)}`);
      }
    }
  };
  installExitHook(dispose);
  try {
    const log = (line: string) => console.log(`# [${name}] ${line}`);
    ensureSystemPackages(["chromium"], log);
    const install = await ensureCodeServer({ flavour, log });
    ensureVsix();

    const dir = path.join(resultsDir, name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const userDataDir = path.join(dir, "user-data");
    const extensionsDir = path.join(dir, "extensions");
    const workspace = createSampleWorkspace(path.join(dir, "workspace"), { fresh: true });
    // The extensions first: the simulator's clock (the demo's running build) starts as late as it can.
    installVsix({ install, vsix: vsixPath, userDataDir, extensionsDir });
    for (const vsix of options.extraExtensions ?? []) {
      installVsix({ install, vsix, userDataDir, extensionsDir });
    }

    const simulator = await startSimulator({
      port: await freePort(),
      scenario: "demo",
      speed: options.speed ?? e2eSpeed,
    });
    let simulatorRunning = true;
    const stopSimulator = async () => {
      if (simulatorRunning) {
        simulatorRunning = false;
        await simulator.close();
      }
    };
    cleanups.push(stopSimulator);
    log(`simulator at ${simulator.url}`);

    const aws = writeSimulatorProfiles(path.join(dir, "aws"), simulator);
    const trust = options.restricted
      ? {
          "security.workspace.trust.enabled": true,
          "security.workspace.trust.startupPrompt": "never",
        }
      : { "security.workspace.trust.enabled": false };
    writeUserSettings(userDataDir, {
      "awsCicd.profile": "simulator",
      "workbench.startupEditor": "none",
      ...trust,
      "telemetry.telemetryLevel": "off",
      "workbench.tips.enabled": false,
      "extensions.ignoreRecommendations": true,
      "update.mode": "none",
      "git.openRepositoryInParentFolders": "never",
      // VS Code 1.139 opens the Chat view in the secondary side bar on a fresh profile and gives
      // its input the focus; these tests are about the extension (1.100 ignores both settings).
      "chat.disableAIFeatures": true,
      "workbench.secondarySideBar.defaultVisibility": "hidden",
      // A tree scrolled under the sticky headers of its expanded rows takes the clicks meant for
      // the rows below them (seen in a CI dry run); the tests click rows, not those headers.
      "workbench.tree.enableStickyScroll": false,
      ...options.settings,
    });
    const codeServer = await startCodeServer({
      install,
      workspaceTrust: options.restricted === true,
      port: await freePort(),
      userDataDir,
      extensionsDir,
      logFile: path.join(dir, "code-server.log"),
      env: envWithoutAws({ ...aws.env, AWS_EC2_METADATA_DISABLED: "true", ...options.codeServerEnv }),
    });
    cleanups.push(() => codeServer.stop());
    log(
      `code-server ${flavour.version} (VS Code ${flavour.vscode}) at ${codeServer.url} (pid ${codeServer.pid})${options.restricted ? ", folder untrusted" : ""}`,
    );

    const browserServer: BrowserServer = await chromium.launchServer({
      executablePath: "/usr/bin/chromium",
      headless: true,
      args: browserArgs,
    });
    const browserPid = browserServer.process().pid;
    if (browserPid !== undefined) {
      // Playwright starts Chromium as the leader of its own process group.
      trackGroup(browserPid, "chromium");
    }
    cleanups.push(async () => {
      await browserServer.close().catch(() => undefined);
      if (browserPid !== undefined) {
        await stopGroup(browserPid, 1000);
      }
    });
    const browser: Browser = await chromium.connect(browserServer.wsEndpoint());
    cleanups.push(() => browser.close().catch(() => undefined));
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: codeServer.url });
    const page = await context.newPage();
    // The workbench's own errors (e.g. a tree that rejects an update) go to a file to read.
    const consoleLog = path.join(dir, "browser-console.log");
    page.on("console", (message) => {
      if (message.type() === "error" || message.type() === "warning") {
        appendFileSync(consoleLog, `[${message.type()}] ${message.text()}\n`);
      }
    });
    page.on("pageerror", (error) =>
      appendFileSync(consoleLog, `[pageerror] ${error.stack ?? error.message}\n`),
    );
    const workbench = new Workbench(page, path.join(dir, "screenshots"));
    if (options.workspaceFile) {
      await workbench.open(codeServer.workspaceUrl(await options.workspaceFile({ dir, simulator })));
    } else {
      const opened = options.folder ? path.join(workspace, options.folder) : workspace;
      mkdirSync(opened, { recursive: true });
      await workbench.open(codeServer.folderUrl(opened));
    }

    return { dir, workspace, simulator, codeServer, workbench, page, stopSimulator, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

/**
 * A node:test test that saves a screenshot named after itself when it fails (the step the user
 * was at), before the error propagates.
 */
export function e2eTest(
  name: string,
  env: () => E2eEnvironment | undefined,
  body: () => Promise<void>,
  timeoutMs = 120_000,
): void {
  void test(name, { timeout: timeoutMs }, async () => {
    try {
      await body();
    } catch (error) {
      const file = await env()
        ?.workbench.screenshot(`FAILED-${name.replace(/[^a-z0-9]+/gi, "-").slice(0, 60)}`)
        .catch(() => undefined);
      if (file) {
        console.log(`# screenshot of the failure: ${path.relative(repoRoot, file)}`);
      }
      throw error;
    }
  });
}

/**
 * One environment for a test file: started before its tests, disposed after them. Returns the
 * environment (for e2eTest) and its workbench (failing the test when it did not start).
 */
export function useE2eEnvironment(
  name: string,
  options?: Parameters<typeof startE2eEnvironment>[1],
): { current: () => E2eEnvironment | undefined; wb: () => E2eEnvironment["workbench"] } {
  let env: E2eEnvironment | undefined;
  before(async () => {
    env = await startE2eEnvironment(name, options);
  });
  after(async () => {
    await env?.dispose();
  });
  return {
    current: () => env,
    wb: () => {
      assert.ok(env, "the e2e environment did not start");
      return env.workbench;
    },
  };
}
