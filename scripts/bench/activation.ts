// Child process: loads a copy of dist/extension.js with a stub `vscode`, activates it, and
// reports the time taken, which lazily loaded modules (dist/lazy/*) were asked for during
// activation and in the second after it, and whether any network module or socket was touched.
// The copy differs only in that its import() calls go through a recorder first.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import Module from "node:module";
import net from "node:net";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { createVscodeStub } from "./vscodeStub";

const bundle = resolve(process.argv[2] ?? "dist/extension.js");
const stub = createVscodeStub();
const loaded: string[] = [];
const moduleAny = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const originalLoad = moduleAny._load;
moduleAny._load = function (request: string, ...rest: unknown[]) {
  if (request === "vscode") return stub;
  loaded.push(request);
  return originalLoad.call(this, request, ...rest);
};
let sockets = 0;
const socketProto = net.Socket.prototype as unknown as Record<"connect", (...a: unknown[]) => unknown>;
const originalConnect = socketProto.connect;
socketProto.connect = function (this: net.Socket, ...args: unknown[]) {
  sockets++;
  return originalConnect.apply(this, args);
};

type Phase = "require" | "activate" | "after";
let phase: Phase = "require";
const lazy: { module: string; phase: Phase }[] = [];
const base = pathToFileURL(bundle);
(globalThis as Record<string, unknown>).__benchImport = (specifier: string) => {
  lazy.push({ module: specifier, phase });
  return import(new URL(specifier, base).href);
};
const copy = join(dirname(bundle), ".bench-extension.js");
const source = readFileSync(bundle, "utf8");
writeFileSync(copy, source.replace(/\bimport\((?=["'`]\.\/lazy\/)/g, "globalThis.__benchImport("));
process.on("exit", () => rmSync(copy, { force: true }));

const t0 = performance.now();
const extension = Module.createRequire(__filename)(copy) as { activate(context: unknown): void };
const t1 = performance.now();
const loadedDuringRequire = loaded.length;
const context = { subscriptions: [] as { dispose(): void }[], extensionUri: { fsPath: dirname(bundle) } };
phase = "activate";
extension.activate(context);
const t2 = performance.now();
phase = "after";
const network = ["http", "https", "http2", "node:http", "node:https", "node:http2"];
const duringActivate = loaded.slice(loadedDuringRequire).filter((m) => network.includes(m));
const duringRequire = loaded.slice(0, loadedDuringRequire).filter((m) => network.includes(m));
const socketsInActivation = sockets;
setTimeout(() => {
  for (const d of context.subscriptions) d.dispose();
  const names = (p: Phase) => [...new Set(lazy.filter((l) => l.phase === p).map((l) => l.module))];
  process.stdout.write(
    JSON.stringify({
      requireMs: t1 - t0,
      activateMs: t2 - t1,
      bundleChars: source.length,
      networkModulesAtLoad: duringRequire,
      networkModulesInActivate: duringActivate,
      lazyModulesInActivation: [...names("require"), ...names("activate")],
      lazyModulesInFirstSecond: names("after"),
      socketsInActivation,
      socketsInFirstSecond: sockets,
      subscriptions: context.subscriptions.length,
    }),
  );
  process.exit(0);
}, 1000);
