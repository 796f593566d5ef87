// code-server (VS Code served to a browser) for the demo and the e2e tests, installed once from
// the npm registry into .cache/ (git-ignored), following ../shared/recipes/vscode-e2e.md. Two
// flavours: `min`, code-server 4.100.3 (VS Code 1.100, the engine minimum, Node 20) and
// `latest`, code-server 4.139.1 (VS Code 1.139, Node 24 from the npm registry).
//
//   node --import tsx scripts/codeserver.ts [--vscode min|latest] [--force]
//       install if needed (--force: again), then check that it starts
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  copyFileSync,
} from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { freePort, run, startGroup, stopGroup, waitForHttp, type StartedProcess } from "./lib/proc";
import { ensureNode, envWithNode, type NodeRuntime } from "./lib/registryNode";
import { ensureSystemPackages } from "./lib/system";

export const repoRoot = path.resolve(__dirname, "..");
const cacheDir = path.join(repoRoot, ".cache");

export type FlavourName = "min" | "latest";

/** A code-server release, the Node it runs on and what its install must produce. */
export interface CodeServerFlavour {
  readonly name: FlavourName;
  /** code-server's version. */
  readonly version: string;
  /** The VS Code inside it. */
  readonly vscode: string;
  /** The Node major its native modules are built for and it runs on. */
  readonly nodeMajor: number;
  /** Where it is installed (a folder of .cache/). */
  readonly dir: string;
  readonly installTime: string;
  /**
   * @vscode/ripgrep (4.100.3) downloads ripgrep from GitHub in its install script unless its
   * cache holds the archive; @vscode/ripgrep-universal (4.139.1) ships the binaries.
   */
  readonly seedRipgrep: boolean;
  /** Files, relative to `dir`, that exist only when the postinstall (and the installs it runs) did its work. */
  readonly products: readonly string[];
  /** Packages of lib/vscode and lib/vscode/extensions whose install scripts it needs. */
  readonly nestedScripts: readonly string[];
}

const vscodeModules = "node_modules/code-server/lib/vscode/node_modules";

export const flavours: Record<FlavourName, CodeServerFlavour> = {
  min: {
    name: "min",
    version: "4.100.3",
    vscode: "1.100.3",
    nodeMajor: 20,
    dir: path.join(cacheDir, "code-server"),
    installTime: "1–2 minutes",
    seedRipgrep: true,
    products: [
      "node_modules/code-server/lib/vscode/node_modules.asar",
      "node_modules/code-server/lib/vscode/bin/remote-cli/code-server",
      `${vscodeModules}/@vscode/ripgrep/bin/rg`,
      `${vscodeModules}/node-pty/build/Release/pty.node`,
      `${vscodeModules}/@vscode/spdlog/build/Release/spdlog.node`,
      `${vscodeModules}/kerberos/build/Release/kerberos.node`,
      "node_modules/argon2/lib/binding/napi-v3/argon2.node",
    ],
    nestedScripts: [
      "@parcel/watcher",
      "@vscode/deviceid",
      "@vscode/ripgrep",
      "@vscode/spdlog",
      "kerberos",
      "native-watchdog",
      "node-pty",
      "esbuild",
    ],
  },
  latest: {
    name: "latest",
    version: "4.139.1",
    vscode: "1.139.1",
    nodeMajor: 24,
    dir: path.join(cacheDir, "code-server-4.139.1"),
    installTime: "about 3–5 minutes",
    seedRipgrep: false,
    // No node_modules.asar any more; argon2 and node-pty ship prebuilt binaries.
    products: [
      "node_modules/code-server/lib/vscode/bin/remote-cli/code-server",
      `${vscodeModules}/@vscode/ripgrep-universal/bin/linux-${process.arch}/rg`,
      `${vscodeModules}/node-pty/prebuilds/linux-${process.arch}/pty.node`,
      `${vscodeModules}/@vscode/spdlog/build/Release/spdlog.node`,
      `${vscodeModules}/kerberos/build/Release/kerberos.node`,
      `${vscodeModules}/@vscode/sqlite3/build/Release/vscode-sqlite3.node`,
    ],
    nestedScripts: [
      "@parcel/watcher",
      "@vscode/deviceid",
      "@vscode/fs-copyfile",
      "@vscode/native-watchdog",
      "@vscode/spdlog",
      "@vscode/sqlite3",
      "kerberos",
      "node-pty",
      "esbuild",
    ],
  },
};

/**
 * The flavour named by `name` (min or latest, or a code-server or VS Code version of one), by
 * default the one E2E_VSCODE names, else min.
 */
export function codeServerFlavour(name: string | undefined = process.env.E2E_VSCODE): CodeServerFlavour {
  const wanted = (name ?? "").trim() || "min";
  const found = Object.values(flavours).find(
    (f) =>
      f.name === wanted || f.version === wanted || f.vscode === wanted || f.vscode.startsWith(`${wanted}.`),
  );
  if (!found) {
    throw new Error(
      `unknown VS Code flavour "${wanted}": ${Object.values(flavours)
        .map((f) => `${f.name} (code-server ${f.version}, VS Code ${f.vscode})`)
        .join(" or ")}`,
    );
  }
  return found;
}

/** What ensureCodeServer gives: the flavour, its entry point and the Node to run it with. */
export interface CodeServerInstall {
  readonly flavour: CodeServerFlavour;
  readonly entryPoint: string;
  readonly node: NodeRuntime;
}

/** Top-level packages whose install scripts code-server needs (its own, which runs the nested installs). */
const topLevelScripts = ["code-server", "argon2"];

type Log = (line: string) => void;
const defaultLog: Log = (line) => console.log(`[code-server] ${line}`);

const packageDirOf = (flavour: CodeServerFlavour) => path.join(flavour.dir, "node_modules", "code-server");
const vscodeDirOf = (flavour: CodeServerFlavour) => path.join(packageDirOf(flavour), "lib", "vscode");
const entryPointOf = (flavour: CodeServerFlavour) =>
  path.join(packageDirOf(flavour), "out", "node", "entry.js");
const markerOf = (flavour: CodeServerFlavour) => path.join(flavour.dir, ".installed");

function missingProducts(flavour: CodeServerFlavour): string[] {
  return flavour.products.map((p) => path.join(flavour.dir, p)).filter((file) => !existsSync(file));
}

export function isCodeServerInstalled(flavour: CodeServerFlavour = codeServerFlavour()): boolean {
  const marker = markerOf(flavour);
  return (
    existsSync(marker) &&
    readFileSync(marker, "utf8").trim() === flavour.version &&
    missingProducts(flavour).length === 0
  );
}

/**
 * @vscode/ripgrep's install script downloads ripgrep from GitHub unless its cache holds the
 * archive: put Debian's rg there under the name it looks for.
 */
function seedRipgrepCache(log: Log): void {
  const target = process.arch === "arm64" ? "aarch64-unknown-linux-musl" : "x86_64-unknown-linux-musl";
  const cache = path.join(os.tmpdir(), "vscode-ripgrep-cache-1.15.11");
  const archive = path.join(cache, `ripgrep-v13.0.0-10-${target}.tar.gz`);
  if (existsSync(archive)) {
    return;
  }
  const staging = mkdtempSync(path.join(os.tmpdir(), "rg-seed-"));
  try {
    mkdirSync(cache, { recursive: true });
    copyFileSync("/usr/bin/rg", path.join(staging, "rg"));
    run("tar", ["czf", archive, "-C", staging, "rg"]);
    log(`seeded ${archive} with /usr/bin/rg`);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** npm and node-gyp with the flavour's Node first on PATH (the postinstall checks its major). */
function npmEnv(node: NodeRuntime): NodeJS.ProcessEnv {
  // Under `npm run …` the environment holds the outer npm's settings, among them
  // npm_config_user_agent ("… node/v20 …"), which the inner npm would take as its own and
  // 4.139.1's postinstall reads to check the Node version: none of them are passed on.
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  // The postinstall refuses to run as root without unsafe_perm (4.100.3); a nested npx needs `yes`.
  return envWithNode(node, { ...env, npm_config_yes: "true", npm_config_unsafe_perm: "true" });
}

/**
 * npm 11 gates dependency install scripts behind an `allowScripts` list. The top-level ones are
 * allowed by the cache folder's package.json; the installs code-server's postinstall runs in
 * lib/vscode and lib/vscode/extensions are projects of their own, so they get an .npmrc (a
 * project-scoped install rejects `--allow-scripts` on the command line or in the environment).
 * Older npm ignores both.
 */
function allowNestedScripts(flavour: CodeServerFlavour): void {
  const vscodeDir = vscodeDirOf(flavour);
  for (const dir of [vscodeDir, path.join(vscodeDir, "extensions")]) {
    if (existsSync(dir)) {
      writeFileSync(path.join(dir, ".npmrc"), `allow-scripts=${flavour.nestedScripts.join(",")}\n`);
    }
  }
}

/**
 * Installs the flavour's code-server (and the Node it needs) into .cache/ unless it is there
 * already.
 */
export async function ensureCodeServer(
  options: { force?: boolean; log?: Log; flavour?: CodeServerFlavour } = {},
): Promise<CodeServerInstall> {
  const log = options.log ?? defaultLog;
  const flavour = options.flavour ?? codeServerFlavour();
  ensureSystemPackages(["ripgrep", "krb5", "git", "compiler", "python"], log);
  const node = ensureNode(flavour.nodeMajor, cacheDir, log);
  const install: CodeServerInstall = { flavour, entryPoint: entryPointOf(flavour), node };
  if (!options.force && isCodeServerInstalled(flavour)) {
    return install;
  }
  const started = Date.now();
  log(
    `installing code-server ${flavour.version} (VS Code ${flavour.vscode}, Node ${node.version}) into ${path.relative(repoRoot, flavour.dir)} (${flavour.installTime})…`,
  );
  const marker = markerOf(flavour);
  rmSync(marker, { force: true });
  mkdirSync(flavour.dir, { recursive: true });
  writeFileSync(
    path.join(flavour.dir, "package.json"),
    JSON.stringify(
      {
        name: `code-server-${flavour.name}-cache`,
        private: true,
        description: `code-server ${flavour.version} for the demo and the e2e tests (scripts/codeserver.ts)`,
        allowScripts: Object.fromEntries(topLevelScripts.map((name) => [name, true])),
      },
      null,
      2,
    ) + "\n",
  );
  if (flavour.seedRipgrep) {
    seedRipgrepCache(log);
  }
  run("npm", ["install", "--no-audit", "--no-fund", `code-server@${flavour.version}`], {
    cwd: flavour.dir,
    env: npmEnv(node),
  });

  if (missingProducts(flavour).length > 0) {
    // The install scripts were skipped (an npm that blocks unapproved scripts): allow them and
    // run them again.
    log(
      `postinstall did not finish (missing ${missingProducts(flavour)
        .map((f) => path.relative(flavour.dir, f))
        .join(", ")}); rebuilding with the scripts allowed`,
    );
    allowNestedScripts(flavour);
    run("npm", ["rebuild", ...topLevelScripts], { cwd: flavour.dir, env: npmEnv(node) });
  }
  const missing = missingProducts(flavour);
  if (missing.length > 0) {
    throw new Error(`code-server's postinstall did not produce: ${missing.join(", ")}`);
  }
  await smokeTest(install, log);
  writeFileSync(marker, `${flavour.version}\n`);
  log(`code-server ${flavour.version} installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return install;
}

/** Starts the freshly installed code-server once and checks that it answers. */
async function smokeTest(install: CodeServerInstall, log: Log): Promise<void> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "code-server-smoke-"));
  try {
    const server = await startCodeServer({
      install,
      port: await freePort(),
      userDataDir: path.join(scratch, "user-data"),
      extensionsDir: path.join(scratch, "extensions"),
      logFile: path.join(scratch, "code-server.log"),
    });
    await server.stop();
    log(`code-server ${install.flavour.version} (VS Code ${install.flavour.vscode}) starts and answers`);
  } catch (error) {
    const logFile = path.join(scratch, "code-server.log");
    const tail = existsSync(logFile) ? readFileSync(logFile, "utf8").slice(-2000) : "";
    throw new Error(`code-server did not start: ${String(error)}\n${tail}`, { cause: error });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The command line that runs code-server with its own Node, config file and folders. */
function codeServerCommand(
  install: CodeServerInstall,
  userDataDir: string,
  extensionsDir: string,
): { command: string; args: string[] } {
  return {
    command: install.node.execPath,
    args: [
      install.entryPoint,
      // Its own config file, so nothing is written to ~/.config/code-server.
      "--config",
      path.join(userDataDir, "code-server-config.yaml"),
      "--user-data-dir",
      userDataDir,
      "--extensions-dir",
      extensionsDir,
    ],
  };
}

/** Installs a .vsix into `extensionsDir` (idempotent: `--force` replaces the same version). */
export function installVsix(options: {
  install: CodeServerInstall;
  vsix: string;
  userDataDir: string;
  extensionsDir: string;
}): void {
  mkdirSync(options.userDataDir, { recursive: true });
  mkdirSync(options.extensionsDir, { recursive: true });
  const { command, args } = codeServerCommand(options.install, options.userDataDir, options.extensionsDir);
  run(command, [...args, "--force", "--install-extension", options.vsix], {
    stdio: ["ignore", "pipe", "inherit"],
    env: envWithNode(options.install.node),
  });
}

/** Writes `User/settings.json` of a user-data-dir (before code-server starts). */
export function writeUserSettings(userDataDir: string, settings: Record<string, unknown>): void {
  const dir = path.join(userDataDir, "User");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "settings.json"), JSON.stringify(settings, null, 2) + "\n");
}

/** The environment without any AWS_* variable, so only what the caller adds reaches the extension. */
export function envWithoutAws(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("AWS_")) {
      env[key] = value;
    }
  }
  return { ...env, ...extra };
}

export interface CodeServer extends StartedProcess {
  readonly url: string;
  readonly port: number;
  readonly flavour: CodeServerFlavour;
  /** The URL that opens `folder` in the workbench. */
  folderUrl(folder: string): string;
  /** The URL that opens the multi-root workspace `file` (a .code-workspace file). */
  workspaceUrl(file: string): string;
  /** Stops code-server and all its children (file watcher, extension host): its process group. */
  stop(): Promise<void>;
}

/** Starts code-server as a detached process group and waits until it answers. */
export async function startCodeServer(options: {
  install: CodeServerInstall;
  port: number;
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  env?: NodeJS.ProcessEnv;
  folder?: string;
  /**
   * Workspace trust as VS Code has it (a folder opens in Restricted Mode until trusted); by
   * default it is off (--disable-workspace-trust) and every folder is trusted.
   */
  workspaceTrust?: boolean;
}): Promise<CodeServer> {
  mkdirSync(options.userDataDir, { recursive: true });
  mkdirSync(options.extensionsDir, { recursive: true });
  const { command, args } = codeServerCommand(options.install, options.userDataDir, options.extensionsDir);
  args.push(
    "--auth",
    "none",
    "--bind-addr",
    `127.0.0.1:${options.port}`,
    "--disable-telemetry",
    "--disable-update-check",
    ...(options.workspaceTrust ? [] : ["--disable-workspace-trust"]),
    "--disable-getting-started-override",
    ...(options.folder ? [options.folder] : []),
  );
  // Its Node first on PATH: the extension host, terminals and tasks run `node` as code-server does.
  const child = startGroup("code-server", command, args, {
    env: envWithNode(options.install.node, options.env ?? envWithoutAws()),
    logFile: options.logFile,
  });
  let alive = true;
  void child.exited.then(() => (alive = false));
  const url = `http://127.0.0.1:${options.port}`;
  const server: CodeServer = {
    ...child,
    url,
    port: options.port,
    flavour: options.install.flavour,
    folderUrl: (folder) => `${url}/?folder=${encodeURIComponent(folder).replace(/%2F/g, "/")}`,
    workspaceUrl: (file) => `${url}/?workspace=${encodeURIComponent(file).replace(/%2F/g, "/")}`,
    stop: () => stopGroup(child.pid),
  };
  try {
    await waitForHttp(`${url}/healthz`, 60_000, () => alive);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { vscode: { type: "string" }, force: { type: "boolean", default: false } },
  });
  const flavour = codeServerFlavour(values.vscode);
  const started = Date.now();
  if (!values.force && isCodeServerInstalled(flavour)) {
    const install = await ensureCodeServer({ flavour });
    console.log(`code-server ${flavour.version} (VS Code ${flavour.vscode}) is installed in ${flavour.dir}`);
    await smokeTest(install, defaultLog);
    return;
  }
  const install = await ensureCodeServer({ flavour, force: values.force });
  console.log(
    `done in ${((Date.now() - started) / 1000).toFixed(0)} s: ${install.entryPoint} (Node ${install.node.version})`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
