// Builds the host test extension: bundles test/host/src with esbuild (vscode external) into a
// staging folder under test-results/host/ (git- and lint-ignored) together with its
// package.json and README, and packages it as a VSIX with vsce.
//
//   node --import tsx test/host/build.ts      prints the VSIX's path
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import * as path from "node:path";
import * as esbuild from "esbuild";
import { repoRoot } from "../../scripts/codeserver";
import { run } from "../../scripts/lib/proc";

const hostDir = path.join(repoRoot, "test", "host");
export const hostBuildDir = path.join(repoRoot, "test-results", "host");
export const hostVsixPath = path.join(hostBuildDir, "aws-cicd-host-tests.vsix");

/** Bundles and packages the host test extension; returns the VSIX's path. */
export async function buildHostExtension(): Promise<string> {
  const staging = path.join(hostBuildDir, "extension");
  rmSync(hostBuildDir, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const file of ["package.json", "README.md"]) {
    copyFileSync(path.join(hostDir, file), path.join(staging, file));
  }
  await esbuild.build({
    entryPoints: [path.join(hostDir, "src", "extension.ts")],
    bundle: true,
    outfile: path.join(staging, "out", "extension.js"),
    external: ["vscode"],
    format: "cjs",
    platform: "node",
    target: "node20",
    sourcemap: "inline",
    logLevel: "warning",
  });
  run(
    path.join(repoRoot, "node_modules", ".bin", "vsce"),
    ["package", "--no-dependencies", "--allow-missing-repository", "--skip-license", "--out", hostVsixPath],
    { cwd: staging, stdio: ["ignore", "ignore", "inherit"] },
  );
  if (!existsSync(hostVsixPath)) {
    throw new Error(`vsce did not produce ${hostVsixPath}`);
  }
  return hostVsixPath;
}

if (require.main === module) {
  buildHostExtension().then(
    (vsix) => console.log(vsix),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
