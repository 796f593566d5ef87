// The esbuild build: dist/extension.js (CommonJS, `vscode` external) holds the extension's own
// code only. What is needed later — each AWS SDK client, the credential providers, yaml and
// simple-git — is reached through `*.lazy.ts` modules, built as ES modules with code splitting
// into dist/lazy/ (shared parts in shared chunks) and loaded with import() on first use.
import { readdirSync, rmSync, statSync } from "node:fs";
import * as path from "node:path";
import * as esbuild from "esbuild";

const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");
const root = path.resolve(import.meta.dirname, "..");
const src = path.join(root, "src");

function lazyModules(dir = src) {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return lazyModules(file);
    return name.endsWith(".lazy.ts") ? [file] : [];
  });
}

/** `src/codebuild/sdk.lazy.ts` → `lazy/codebuild/sdk.lazy.mjs` (relative to dist/). */
function lazyOutput(file) {
  return `lazy/${path.relative(src, file).replace(/\\/g, "/").replace(/\.ts$/, ".mjs")}`;
}

/** In the main bundle, every import of a lazy module stays a real import() of its built file. */
const keepLazyModulesOut = {
  name: "lazy-modules",
  setup(build) {
    build.onResolve({ filter: /\.lazy(\.js)?$/ }, (args) => {
      const file = path.resolve(args.resolveDir, args.path.replace(/\.js$/, "") + ".ts");
      if (args.kind !== "dynamic-import") {
        return {
          errors: [
            { text: `${args.path} is loaded on first use: import it with await import(), not statically` },
          ],
        };
      }
      return { path: `./${lazyOutput(file)}`, external: true };
    });
  },
};

/**
 * Every `import * as vscode from "vscode"` in the main bundle reads one shared namespace. Left
 * to itself, esbuild gives each importing module its own copy of the API's namespace (a getter
 * per name, some 80 modules × the whole API), which cost more than the rest of activation.
 */
const oneVscodeNamespace = {
  name: "one-vscode-namespace",
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === "vscode-namespace"
        ? { path: "vscode", external: true }
        : { path: "vscode", namespace: "vscode-namespace" },
    );
    build.onLoad({ filter: /.*/, namespace: "vscode-namespace" }, () => ({
      contents: 'export * from "vscode";',
      loader: "js",
    }));
  },
};

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  sourcemap: production ? false : "linked",
  minify: production,
  metafile: true,
  logLevel: "info",
};

const main = {
  ...common,
  entryPoints: [path.join(src, "extension.ts")],
  outfile: path.join(root, "dist", "extension.js"),
  external: ["vscode"],
  format: "cjs",
  plugins: [keepLazyModulesOut, oneVscodeNamespace],
};

const lazy = {
  ...common,
  entryPoints: Object.fromEntries(lazyModules().map((f) => [lazyOutput(f).replace(/\.mjs$/, ""), f])),
  outdir: path.join(root, "dist"),
  format: "esm",
  splitting: true,
  // The SDK's ES module build (`module`), not its CommonJS one: esbuild then keeps only what the
  // commands we send use, and loads no CommonJS wrapper copying each package's exports. The
  // CodeBuild client with the credential providers: 443 → 212 KB.
  mainFields: ["module", "main"],
  chunkNames: "lazy/chunks/[name]-[hash]",
  outExtension: { ".js": ".mjs" },
  // Bundled CommonJS packages call require(); an ES module has none of its own.
  banner: {
    js: 'import { createRequire as __lazyRequire } from "node:module"; const require = __lazyRequire(import.meta.url);',
  },
};

rmSync(path.join(root, "dist", "lazy"), { recursive: true, force: true });
if (watch) {
  for (const options of [main, lazy]) await (await esbuild.context(options)).watch();
} else {
  await Promise.all([esbuild.build(main), esbuild.build(lazy)]);
}
