// A Node.js of a given major version for code-server, which needs the major its release was
// built for (4.100.3: Node 20, 4.139.1: Node 24). The Node running the scripts is used when it is
// that major; otherwise the npm registry's `node-linux-<arch>@<major>` (the official build,
// repackaged with its headers) is installed once into .cache/node-<major> (git-ignored).
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { capture, run } from "./proc";

export interface NodeRuntime {
  /** The node binary. */
  readonly execPath: string;
  /** Its folder, to put first on PATH (npm's scripts and node-gyp run `node` from PATH). */
  readonly binDir: string;
  /** Where its headers are (include/node), for node-gyp; undefined for the Node running us. */
  readonly headersDir: string | undefined;
  /** e.g. v24.22.3 */
  readonly version: string;
}

function majorOf(version: string): number {
  return Number(/^v?(\d+)/.exec(version)?.[1] ?? "0");
}

function registryPackage(): string {
  if (process.platform !== "linux" || !["x64", "arm64"].includes(process.arch)) {
    throw new Error(`no node-<os>-<arch> package for ${process.platform}-${process.arch} is set up here`);
  }
  return `node-linux-${process.arch}`;
}

/** The folder a registry Node of `major` is (or would be) installed in. */
export function registryNodeDir(cacheDir: string, major: number): string {
  return path.join(cacheDir, `node-${major}`);
}

function installedRegistryNode(dir: string, major: number): NodeRuntime | undefined {
  const packageDir = path.join(dir, "node_modules", registryPackage());
  const execPath = path.join(packageDir, "bin", "node");
  if (!existsSync(execPath)) {
    return undefined;
  }
  const version = capture(execPath, ["--version"])?.trim();
  if (!version || majorOf(version) !== major) {
    return undefined;
  }
  return { execPath, binDir: path.dirname(execPath), headersDir: packageDir, version };
}

/**
 * A Node of `major`: the running one if it is that major, else the registry's, installed into
 * `<cacheDir>/node-<major>` unless it is there already.
 */
export function ensureNode(major: number, cacheDir: string, log: (line: string) => void): NodeRuntime {
  if (majorOf(process.version) === major) {
    return {
      execPath: process.execPath,
      binDir: path.dirname(process.execPath),
      headersDir: undefined,
      version: process.version,
    };
  }
  const dir = registryNodeDir(cacheDir, major);
  const present = installedRegistryNode(dir, major);
  if (present) {
    return present;
  }
  const spec = `${registryPackage()}@${major}`;
  const started = Date.now();
  log(`installing Node ${major} from the npm registry (${spec}) into ${dir}…`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify(
      {
        name: `node-${major}-cache`,
        private: true,
        description: `Node ${major} for code-server (scripts/lib/registryNode.ts)`,
      },
      null,
      2,
    ) + "\n",
  );
  run("npm", ["install", "--no-audit", "--no-fund", spec], { cwd: dir });
  const installed = installedRegistryNode(dir, major);
  if (!installed) {
    throw new Error(`npm install ${spec} did not give a Node ${major} in ${dir}`);
  }
  log(`Node ${installed.version} installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return installed;
}

/**
 * The environment to run `node`, npm and node-gyp with this runtime: its folder first on PATH
 * and, for a registry Node, node-gyp pointed at its headers (else node-gyp would download them).
 */
export function envWithNode(runtime: NodeRuntime, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const result: NodeJS.ProcessEnv = { ...env, PATH: `${runtime.binDir}${path.delimiter}${env.PATH ?? ""}` };
  if (runtime.headersDir) {
    result.npm_config_nodedir = runtime.headersDir;
  }
  return result;
}
