// The shipped bundle loaded in this process with a stub `vscode` (vscodeStub.ts), as many
// independent instances as wanted (each a fresh evaluation of the bundle: its own stores,
// scheduler, call budget and SDK clients), connected to a simulator through the settings and
// the environment. A harness drives what VS Code would: shows the tree (asks the providers for
// rows), runs commands (Show Log), and sees what goes into the output channels.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import Module from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Simulator } from "../../test/sim/index";
import { ensurePackaged, root } from "./package";
import { createVscodeStub, type StubOptions, type StubRecord } from "./vscodeStub";

const bundle = join(root, "dist/extension.js");
const copy = join(dirname(bundle), ".inprocess-extension.js");
let nextStub: unknown;
let installed = false;

/** Once: `vscode` answers the stub of the instance being loaded; lazy imports resolve beside the bundle. */
function install(): void {
  if (installed) return;
  installed = true;
  ensurePackaged();
  const moduleAny = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const originalLoad = moduleAny._load;
  moduleAny._load = function (request: string, ...rest: unknown[]) {
    return request === "vscode" ? nextStub : originalLoad.call(this, request, ...rest);
  };
  const base = pathToFileURL(bundle);
  (globalThis as Record<string, unknown>).__benchImport = (specifier: string) =>
    import(new URL(specifier, base).href);
  writeFileSync(
    copy,
    readFileSync(bundle, "utf8").replace(/\bimport\((?=["'`]\.\/lazy\/)/g, "globalThis.__benchImport("),
  );
  process.on("exit", () => rmSync(copy, { force: true }));
}

let emptyFiles: { config: string; credentials: string } | undefined;

/**
 * The simulator's keys in the environment (the SDK's default chain) and empty shared files.
 * Empty, not missing: the SDK caches a file's read per path for the whole process, and a missing
 * file's cached error keeps, in its stack's call sites, the instance that first asked, and with
 * it that instance's simulator, after both are gone (the memory section would count them).
 */
export function useSimulatorCredentials(sim: Simulator): void {
  if (!emptyFiles) {
    const dir = mkdtempSync(join(tmpdir(), "bench-aws-"));
    emptyFiles = { config: join(dir, "config"), credentials: join(dir, "credentials") };
    writeFileSync(emptyFiles.config, "");
    writeFileSync(emptyFiles.credentials, "");
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  }
  process.env.AWS_ACCESS_KEY_ID = sim.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = sim.credentials.secretAccessKey;
  process.env.AWS_CONFIG_FILE = emptyFiles.config;
  process.env.AWS_SHARED_CREDENTIALS_FILE = emptyFiles.credentials;
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_ENDPOINT_URL;
}

export interface ExtensionInstance {
  readonly record: StubRecord;
  /** What VS Code does when the pipeline tree shows: asks for the root rows and the sections' rows. */
  showTree(): Promise<number>;
  /** Runs a registered command as a click would. */
  command(id: string, ...args: unknown[]): Promise<unknown>;
  dispose(): void;
}

export interface LoadOptions extends Omit<StubOptions, "settings"> {
  readonly sim: Simulator;
  readonly settings?: Readonly<Record<string, unknown>>;
}

/** Loads and activates a fresh instance of the shipped bundle against `sim`. */
export function loadExtension(options: LoadOptions): ExtensionInstance {
  install();
  useSimulatorCredentials(options.sim);
  // Not the simulator itself: what the stub holds lives as long as the bundle's instance does.
  const { sim, ...stubOptions } = options;
  const stub = createVscodeStub({
    ...stubOptions,
    settings: { endpointUrl: sim.url, region: sim.region, ...options.settings },
  }) as { __record: StubRecord };
  nextStub = stub;
  const require = Module.createRequire(__filename);
  delete require.cache[require.resolve(copy)];
  const extension = require(copy) as { activate(context: unknown): void; deactivate?: () => void };
  delete require.cache[require.resolve(copy)];
  // The bundle took its `vscode` while it loaded (the lazy modules import none): kept here, the
  // stub would keep this instance's simulator reachable after both are gone.
  nextStub = undefined;
  const context = {
    subscriptions: [] as { dispose(): void }[],
    extensionUri: { fsPath: dirname(bundle) },
    extensionPath: dirname(bundle),
  };
  extension.activate(context);
  const record = stub.__record;
  return {
    record,
    async showTree() {
      const provider = record.trees.get("awsCicd.pipelines");
      if (!provider) return 0;
      const top = ((await provider.getChildren(undefined)) as unknown[] | undefined) ?? [];
      let rows = top.length;
      for (const node of top)
        rows += (((await provider.getChildren(node)) as unknown[] | undefined) ?? []).length;
      return rows;
    },
    async command(id, ...args) {
      const fn = record.commands.get(id);
      if (!fn) throw new Error(`no command ${id}`);
      return await fn(...args);
    },
    dispose() {
      for (const d of context.subscriptions) d.dispose();
      // What the stub recorded would keep the disposed instance reachable.
      record.trees.clear();
      record.commands.clear();
    },
  };
}
