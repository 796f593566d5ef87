// npm run demo [-- --port 8080] [--sim-port 4599] [--speed 1] [--faults SPEC] [--vscode latest]
//
// --vscode latest serves the newest VS Code (code-server 4.139.1 on Node 24 from the npm
// registry, installed once into .cache/) instead of VS Code 1.100 (code-server 4.100.3).
//
// --faults injects faults into the simulator (syntax in test/sim/README.md, "Faults"), e.g.
// `npm run demo -- --faults throttle=0.2,reset=0.02,slow=0.1@1500` to watch the extension cope.
//
// Packages the extension, installs code-server once (.cache/code-server), starts the AWS
// simulator with the `demo` scenario, creates a sample git repository (.cache/demo-workspace)
// and AWS profiles pointing at the simulator (.cache/demo-aws), and serves VS Code with the
// extension at a URL to open in a browser. Ctrl-C stops everything it started.
import { rmSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import {
  describeCounts,
  parseFaultSpec,
  startSimulator,
  type FaultConfig,
  type Simulator,
} from "../test/sim/index";
import {
  codeServerFlavour,
  ensureCodeServer,
  envWithoutAws,
  installVsix,
  repoRoot,
  startCodeServer,
  writeUserSettings,
  type CodeServer,
} from "./codeserver";
import { writeSimulatorProfiles } from "./lib/awsProfiles";
import { freePort, installExitHook, portIsFree, run } from "./lib/proc";
import { createSampleWorkspace } from "./lib/sampleWorkspace";

const cacheDir = path.join(repoRoot, ".cache");

function say(line: string): void {
  console.log(`[demo] ${line}`);
}

/** The preferred port if it is free, else any free one. */
async function pickPort(preferred: number | undefined, fallback: number): Promise<number> {
  if (preferred !== undefined) {
    if (!(await portIsFree(preferred))) {
      throw new Error(`port ${preferred} is in use`);
    }
    return preferred;
  }
  return (await portIsFree(fallback)) ? fallback : freePort();
}

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const n = Number(value);
  if (!(n > 0)) {
    throw new Error(`bad --${name} ${value}`);
  }
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      "sim-port": { type: "string" },
      speed: { type: "string", default: "1" },
      faults: { type: "string" },
      vscode: { type: "string", default: "min" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(
      "usage: npm run demo -- [--port PORT] [--sim-port PORT] [--speed N] [--faults SPEC] [--vscode min|latest]",
    );
    return;
  }
  const speed = numberOption(values.speed, "speed") ?? 1;
  // Checked before anything slow starts.
  const faults: FaultConfig | undefined =
    values.faults === undefined ? undefined : parseFaultSpec(values.faults);
  const flavour = codeServerFlavour(values.vscode);

  /** What this run started, for Ctrl-C. */
  const started: { simulator?: Simulator; codeServer?: CodeServer } = {};
  let stopping = false;
  const stopAll = async () => {
    stopping = true;
    say("stopping…");
    await started.codeServer?.stop();
    if (started.simulator && faults)
      say(`faults injected: ${describeCounts(started.simulator.faults.counts())}`);
    await started.simulator?.close();
    say("stopped code-server and the simulator");
  };
  installExitHook(stopAll);

  say("packaging the extension (npm run package)…");
  run("npm", ["run", "--silent", "package"], { cwd: repoRoot, stdio: ["ignore", "ignore", "inherit"] });
  const install = await ensureCodeServer({ flavour, log: say });

  const simPort = await pickPort(numberOption(values["sim-port"], "sim-port"), 4599);
  const simulator = await startSimulator({
    port: simPort,
    scenario: "demo",
    speed,
    region: "us-east-1",
    ...(faults ? { faults } : {}),
  });
  started.simulator = simulator;
  say(`AWS simulator (scenario demo, speed ${speed}) at ${simulator.url}`);
  if (faults) {
    say(`injecting faults: ${simulator.faults.state().spec}`);
    say(`change them live: curl -X POST ${simulator.url}/__sim/faults -d '{"spec":"throttle=0.5"}'`);
  }

  const workspace = createSampleWorkspace(path.join(cacheDir, "demo-workspace"), { fresh: false });
  const aws = writeSimulatorProfiles(path.join(cacheDir, "demo-aws"), simulator);

  // A fresh VS Code profile each time: the extension as packaged now, the settings below.
  const userDataDir = path.join(cacheDir, "demo-user-data");
  const extensionsDir = path.join(cacheDir, "demo-extensions");
  rmSync(userDataDir, { recursive: true, force: true });
  rmSync(extensionsDir, { recursive: true, force: true });
  installVsix({ install, vsix: path.join(repoRoot, "dist", "aws-cicd.vsix"), userDataDir, extensionsDir });
  writeUserSettings(userDataDir, {
    "awsCicd.profile": "simulator",
    "workbench.startupEditor": "none",
    "security.workspace.trust.enabled": false,
    "telemetry.telemetryLevel": "off",
    // The newest VS Code opens an (offline, useless here) Chat view beside the editor.
    "workbench.secondarySideBar.defaultVisibility": "hidden",
  });

  const port = await pickPort(numberOption(values.port, "port"), 8080);
  const logFile = path.join(cacheDir, "demo-code-server.log");
  rmSync(logFile, { force: true });
  const codeServer = await startCodeServer({
    install,
    port,
    userDataDir,
    extensionsDir,
    logFile,
    env: envWithoutAws(aws.env),
  });
  started.codeServer = codeServer;

  console.log(`
  Open ${codeServer.folderUrl(workspace)}   (VS Code ${flavour.vscode})

  Then, in VS Code:
   • Click AWS CI/CD in the activity bar: the Pipelines view lists the CodeBuild projects.
   • Right-click web-app → Start Build… → Enter (current branch main). Watch the status bar
     and the live log; it succeeds in about ${Math.round(20 / speed)} s and a notification offers Show Log.
   • The workspace is the api-service repository: open buildspec.yml and click the CodeLens
     "Start build (api-service)". It fails in BUILD; its TypeScript errors land in Problems at
     src/app.ts:12, src/handlers/orders.ts:42 and :87, src/routes/index.ts:3.
   • Expand nightly-integration: a build is running (about ${Math.round(10 / speed)} min); right-click it → Stop Build.
   • Click "simulator · us-east-1" in the status bar and choose eu-west-1: an empty region.

  Simulator: ${simulator.url} (profiles "simulator" and "simulator-eu" in ${path.relative(repoRoot, aws.configFile)})
  code-server log: ${path.relative(repoRoot, logFile)}
  Press Ctrl-C to stop.
`);
  const exit = await codeServer.exited;
  if (!stopping) {
    say(`code-server exited by itself (${String(exit)}); see ${path.relative(repoRoot, logFile)}`);
    await stopAll();
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  console.error(`[demo] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
