// One run of scripts/bench/activation.ts in a fresh plain Node process. The harness is bundled
// first (esbuild), so no TypeScript loader sits in Node's require() while the extension's bundle
// is timed: under tsx, whose require hook sees every file loaded, require(dist/extension.js)
// took 19.4 ms instead of 12.6 (medians of 10 runs, the same bundle): a TypeScript loader that
// neither VS Code's host nor plain Node runs.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { root } from "./package";

export interface ActivationRun {
  readonly requireMs: number;
  readonly activateMs: number;
  readonly networkModulesAtLoad: string[];
  readonly networkModulesInActivate: string[];
  readonly lazyModulesInActivation: string[];
  readonly lazyModulesInFirstSecond: string[];
  readonly socketsInActivation: number;
  readonly socketsInFirstSecond: number;
}

let harness: string | undefined;

export function activationRun(): ActivationRun {
  harness ??= bundleHarness();
  const out = execFileSync(process.execPath, [harness, "dist/extension.js"], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
    env: { ...process.env, AWS_CONFIG_FILE: "/nonexistent", AWS_SHARED_CREDENTIALS_FILE: "/nonexistent" },
  });
  return JSON.parse(out) as ActivationRun;
}

function bundleHarness(): string {
  const outfile = join(root, "test-results", "bench", "activation.cjs");
  buildSync({
    entryPoints: [join(root, "scripts", "bench", "activation.ts")],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    outfile,
    logLevel: "warning",
  });
  return outfile;
}
