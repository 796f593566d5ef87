// code-server (VS Code 1.100 served to a browser) for the demo and the e2e tests, installed
// once from the npm registry into .cache/code-server (git-ignored), following
// ../shared/recipes/vscode-e2e.md.
//
//   node --import tsx scripts/codeserver.ts            install if needed, then check it starts
//   node --import tsx scripts/codeserver.ts --force    reinstall
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
import { freePort, run, startGroup, stopGroup, waitForHttp, type StartedProcess } from "./lib/proc";
import { ensureSystemPackages } from "./lib/system";

export const CODE_SERVER_VERSION = "4.100.3";
export const repoRoot = path.resolve(__dirname, "..");
export const codeServerDir = path.join(repoRoot, ".cache", "code-server");

const packageDir = path.join(codeServerDir, "node_modules", "code-server");
const vscodeDir = path.join(packageDir, "lib", "vscode");
const entryPoint = path.join(packageDir, "out", "node", "entry.js");
const markerFile = path.join(codeServerDir, ".installed");

/** Files that exist only when code-server's postinstall (and the installs it runs) did its work. */
const postinstallProducts = [
  path.join(vscodeDir, "node_modules.asar"),
  path.join(vscodeDir, "bin", "remote-cli", "code-server"),
  path.join(vscodeDir, "node_modules", "@vscode", "ripgrep", "bin", "rg"),
  path.join(vscodeDir, "node_modules", "node-pty", "build", "Release", "pty.node"),
  path.join(vscodeDir, "node_modules", "@vscode", "spdlog", "build", "Release", "spdlog.node"),
  path.join(vscodeDir, "node_modules", "kerberos", "build", "Release", "kerberos.node"),
  path.join(codeServerDir, "node_modules", "argon2", "lib", "binding", "napi-v3", "argon2.node"),
];

/** Packages whose install scripts code-server needs (its own, then those of the installs it runs). */
const topLevelScripts = ["code-server", "argon2"];
const nestedScripts = [
  "@parcel/watcher",
  "@vscode/deviceid",
  "@vscode/ripgrep",
  "@vscode/spdlog",
  "kerberos",
  "native-watchdog",
  "node-pty",
  "esbuild",
];

type Log = (line: string) => void;
const defaultLog: Log = (line) => console.log(`[code-server] ${line}`);

function missingProducts(): string[] {
  return postinstallProducts.filter((file) => !existsSync(file));
}

export function isCodeServerInstalled(): boolean {
  return (
    existsSync(markerFile) &&
    readFileSync(markerFile, "utf8").trim() === CODE_SERVER_VERSION &&
    missingProducts().length === 0
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

function npmEnv(): NodeJS.ProcessEnv {
  // The postinstall refuses to run as root without unsafe_perm; a nested npx needs `yes`.
  return { ...process.env, npm_config_yes: "true", npm_config_unsafe_perm: "true" };
}

/**
 * npm 11 gates dependency install scripts behind an `allowScripts` list. The top-level ones are
 * allowed by the cache folder's package.json; the installs code-server's postinstall runs in
 * lib/vscode and lib/vscode/extensions are projects of their own, so they get an .npmrc (a
 * project-scoped install rejects `--allow-scripts` on the command line or in the environment).
 * Older npm ignores both.
 */
function allowNestedScripts(): void {
  for (const dir of [vscodeDir, path.join(vscodeDir, "extensions")]) {
    if (existsSync(dir)) {
      writeFileSync(path.join(dir, ".npmrc"), `allow-scripts=${nestedScripts.join(",")}\n`);
    }
  }
}

/** Installs code-server into .cache/code-server unless it is there already; returns its entry point. */
export async function ensureCodeServer(options: { force?: boolean; log?: Log } = {}): Promise<string> {
  const log = options.log ?? defaultLog;
  ensureSystemPackages(["ripgrep", "krb5", "git", "compiler", "python"], log);
  if (!options.force && isCodeServerInstalled()) {
    return entryPoint;
  }
  const started = Date.now();
  log(
    `installing code-server ${CODE_SERVER_VERSION} into ${path.relative(repoRoot, codeServerDir)} (1–2 minutes)…`,
  );
  rmSync(markerFile, { force: true });
  mkdirSync(codeServerDir, { recursive: true });
  writeFileSync(
    path.join(codeServerDir, "package.json"),
    JSON.stringify(
      {
        name: "code-server-cache",
        private: true,
        description: "code-server for the demo and the e2e tests (scripts/codeserver.ts)",
        allowScripts: Object.fromEntries(topLevelScripts.map((name) => [name, true])),
      },
      null,
      2,
    ) + "\n",
  );
  seedRipgrepCache(log);
  run("npm", ["install", "--no-audit", "--no-fund", `code-server@${CODE_SERVER_VERSION}`], {
    cwd: codeServerDir,
    env: npmEnv(),
  });

  if (missingProducts().length > 0) {
    // The install scripts were skipped (an npm that blocks unapproved scripts): allow them and
    // run them again.
    log(
      `postinstall did not finish (missing ${missingProducts()
        .map((f) => path.relative(codeServerDir, f))
        .join(", ")}); rebuilding with the scripts allowed`,
    );
    allowNestedScripts();
    run("npm", ["rebuild", ...topLevelScripts], { cwd: codeServerDir, env: npmEnv() });
  }
  const missing = missingProducts();
  if (missing.length > 0) {
    throw new Error(`code-server's postinstall did not produce: ${missing.join(", ")}`);
  }
  await smokeTest(log);
  writeFileSync(markerFile, `${CODE_SERVER_VERSION}\n`);
  log(`code-server ${CODE_SERVER_VERSION} installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return entryPoint;
}

/** Starts the freshly installed code-server once and checks that it answers. */
async function smokeTest(log: Log): Promise<void> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "code-server-smoke-"));
  try {
    const server = await startCodeServer({
      port: await freePort(),
      userDataDir: path.join(scratch, "user-data"),
      extensionsDir: path.join(scratch, "extensions"),
      logFile: path.join(scratch, "code-server.log"),
    });
    await server.stop();
    log("code-server starts and answers");
  } catch (error) {
    const logFile = path.join(scratch, "code-server.log");
    const tail = existsSync(logFile) ? readFileSync(logFile, "utf8").slice(-2000) : "";
    throw new Error(`code-server did not start: ${String(error)}\n${tail}`, { cause: error });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function codeServerArgs(userDataDir: string, extensionsDir: string): string[] {
  return [
    entryPoint,
    // Its own config file, so nothing is written to ~/.config/code-server.
    "--config",
    path.join(userDataDir, "code-server-config.yaml"),
    "--user-data-dir",
    userDataDir,
    "--extensions-dir",
    extensionsDir,
  ];
}

/** Installs a .vsix into `extensionsDir` (idempotent: `--force` replaces the same version). */
export function installVsix(options: { vsix: string; userDataDir: string; extensionsDir: string }): void {
  mkdirSync(options.userDataDir, { recursive: true });
  mkdirSync(options.extensionsDir, { recursive: true });
  run(
    process.execPath,
    [
      ...codeServerArgs(options.userDataDir, options.extensionsDir),
      "--force",
      "--install-extension",
      options.vsix,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
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
  /** The URL that opens `folder` in the workbench. */
  folderUrl(folder: string): string;
  /** Stops code-server and all its children (file watcher, extension host): its process group. */
  stop(): Promise<void>;
}

/** Starts code-server as a detached process group and waits until it answers. */
export async function startCodeServer(options: {
  port: number;
  userDataDir: string;
  extensionsDir: string;
  logFile: string;
  env?: NodeJS.ProcessEnv;
  folder?: string;
}): Promise<CodeServer> {
  mkdirSync(options.userDataDir, { recursive: true });
  mkdirSync(options.extensionsDir, { recursive: true });
  const args = [
    ...codeServerArgs(options.userDataDir, options.extensionsDir),
    "--auth",
    "none",
    "--bind-addr",
    `127.0.0.1:${options.port}`,
    "--disable-telemetry",
    "--disable-update-check",
    "--disable-workspace-trust",
    "--disable-getting-started-override",
    ...(options.folder ? [options.folder] : []),
  ];
  const child = startGroup("code-server", process.execPath, args, {
    env: options.env ?? envWithoutAws(),
    logFile: options.logFile,
  });
  let alive = true;
  void child.exited.then(() => (alive = false));
  const url = `http://127.0.0.1:${options.port}`;
  const server: CodeServer = {
    ...child,
    url,
    port: options.port,
    folderUrl: (folder) => `${url}/?folder=${encodeURIComponent(folder).replace(/%2F/g, "/")}`,
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
  const started = Date.now();
  const force = process.argv.includes("--force");
  if (!force && isCodeServerInstalled()) {
    console.log(`code-server ${CODE_SERVER_VERSION} is installed in ${codeServerDir}`);
    await smokeTest(defaultLog);
    return;
  }
  await ensureCodeServer({ force });
  console.log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s: ${entryPoint}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
