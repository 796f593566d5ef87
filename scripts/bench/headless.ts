// Child process: the shipped bundle in plain Node with a stub `vscode` and simulated time.
// It activates the extension with a workspace folder, a window focused or not, and then lets
// `--minutes` of simulated time pass (the timers are mocked; requests are real), so what the
// extension asks of AWS on its own can be counted by the simulator it talks to.
//
//   node --import tsx scripts/bench/headless.ts --bundle dist/extension.js --folder DIR
//        --minutes 10 [--unfocused]
// The AWS connection comes from the environment (AWS_CONFIG_FILE, AWS_PROFILE…).
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import Module from "node:module";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { mock } from "node:test";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { createVscodeStub } from "./vscodeStub";

const { values } = parseArgs({
  options: {
    bundle: { type: "string", default: "dist/extension.js" },
    folder: { type: "string" },
    minutes: { type: "string", default: "10" },
    unfocused: { type: "boolean", default: false },
  },
});
const bundle = resolve(values.bundle);
const stub = createVscodeStub({ focused: !values.unfocused, folder: values.folder });
const moduleAny = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const originalLoad = moduleAny._load;
moduleAny._load = function (request: string, ...rest: unknown[]) {
  return request === "vscode" ? stub : originalLoad.call(this, request, ...rest);
};
// The bundle's import() of its lazy modules, from a copy beside it (see activation.ts).
const base = pathToFileURL(bundle);
(globalThis as Record<string, unknown>).__benchImport = (specifier: string) =>
  import(new URL(specifier, base).href);
const copy = join(dirname(bundle), ".headless-extension.js");
writeFileSync(
  copy,
  readFileSync(bundle, "utf8").replace(/\bimport\((?=["'`]\.\/lazy\/)/g, "globalThis.__benchImport("),
);
process.on("exit", () => rmSync(copy, { force: true }));

/** Real time passing (the mocked timers do not move): lets sockets and child processes answer. */
async function realPause(ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (performance.now() < end) await new Promise((r) => setImmediate(r));
}

async function main(): Promise<void> {
  mock.timers.enable({ apis: ["setTimeout", "setInterval", "Date"], now: Date.now() });
  const extension = Module.createRequire(__filename)(copy) as { activate(context: unknown): void };
  const context = { subscriptions: [] as { dispose(): void }[], extensionUri: { fsPath: dirname(bundle) } };
  extension.activate(context);
  const seconds = Number(values.minutes) * 60;
  for (let s = 0; s < seconds; s++) {
    mock.timers.tick(1000);
    await realPause(15);
  }
  for (const d of context.subscriptions) d.dispose();
  process.stdout.write(JSON.stringify({ simulatedSeconds: seconds }) + "\n");
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
