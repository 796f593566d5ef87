// npm run test:e2e [-- --vscode min|latest] [-- FILE...]
//     the packaged extension in code-server, driven by Playwright: on code-server 4.100.3
//     (VS Code 1.100, the engine minimum; the default) or 4.139.1 (VS Code 1.139, on Node 24);
//     E2E_VSCODE=latest chooses the flavour too
// npm run screenshots              the same run, also saving the README's images into media/screenshots
//
// Prepares once what every test file needs (the .vsix, code-server, Chromium), then runs the
// files one after another with node:test. Each file starts and stops its own simulator,
// code-server and browser (test/e2e/support/environment.ts); their results and screenshots go
// to test-results/e2e/ (min) or test-results/e2e-latest/ (latest).
import { spawn } from "node:child_process";
import { readdirSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { codeServerFlavour, ensureCodeServer, repoRoot } from "./codeserver";
import { run } from "./lib/proc";
import { ensureSystemPackages } from "./lib/system";

function say(line: string): void {
  console.log(`[e2e] ${line}`);
}

async function main(): Promise<number> {
  const { values, positionals: files } = parseArgs({
    allowPositionals: true,
    options: {
      vscode: { type: "string" },
      screenshots: { type: "boolean", default: false },
    },
  });
  const flavour = codeServerFlavour(values.vscode);
  const started = Date.now();

  ensureSystemPackages(["chromium"], say);
  const install = await ensureCodeServer({ flavour, log: say });
  say(
    `code-server ${flavour.version} (VS Code ${flavour.vscode}) on Node ${install.node.version} in ${Math.round((Date.now() - started) / 1000)} s`,
  );
  say("packaging the extension (npm run package)…");
  run("npm", ["run", "--silent", "package"], { cwd: repoRoot, stdio: ["ignore", "ignore", "inherit"] });

  const testFiles =
    files.length > 0
      ? files
      : readdirSync(path.join(repoRoot, "test", "e2e"))
          .filter((f) => f.endsWith(".test.ts"))
          .sort()
          .map((f) => path.join("test", "e2e", f));
  const env: NodeJS.ProcessEnv = { ...process.env, E2E_VSIX_READY: "1", E2E_VSCODE: flavour.name };
  if (values.screenshots) {
    env.E2E_README_SHOTS = path.join(repoRoot, "media", "screenshots");
    say(`README images go to ${path.relative(repoRoot, env.E2E_README_SHOTS)}`);
  }
  say(`running ${testFiles.join(", ")} on VS Code ${flavour.vscode}`);
  const child = spawn(process.execPath, ["--import", "tsx", "--test", "--test-concurrency=1", ...testFiles], {
    cwd: repoRoot,
    env,
    stdio: "inherit",
  });
  // Ctrl-C reaches the test process too (same process group); wait for its cleanup.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => child.kill(signal));
  }
  const code = await new Promise<number>((resolve) => child.on("exit", (c, s) => resolve(c ?? (s ? 1 : 0))));
  say(
    `finished in ${Math.round((Date.now() - started) / 1000)} s (VS Code ${flavour.vscode}); screenshots under test-results/${flavour.name === "min" ? "e2e" : `e2e-${flavour.name}`}/*/screenshots`,
  );
  return code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[e2e] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
