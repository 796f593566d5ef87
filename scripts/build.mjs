// The esbuild build: dist/extension.js (CommonJS, `vscode` external) holds the extension's own
// code only. What is needed later — the AWS SDK clients, the credential providers, yaml,
// simple-git, archiver — is reached through `*.lazy.ts` modules, built into a few CommonJS files
// in dist/lazy/ (one per group below, each module of a group sharing its packages) and loaded
// with require() on first use, through the import() that names the module.
//
// CommonJS, not ES modules: VS Code 1.100's extension host registers a module hook (for ES
// modules that import "vscode") that Node 20 runs on a separate thread, so every ES module the
// host loads waits for that thread; CommonJS files do not go through it.
import { readdirSync, rmSync, statSync } from "node:fs";
import * as path from "node:path";
import * as esbuild from "esbuild";

const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");
const root = path.resolve(import.meta.dirname, "..");
const src = path.join(root, "src");

/**
 * The files of dist/lazy/, by the lazy modules they hold (paths under src/, without `.lazy.ts`).
 * The modules a moment needs together share a file: the first request needs a client and the
 * credential providers at once, and every client is asked for soon after.
 */
const GROUPS = {
  // The config files' reader: what the connection needs right after activation, with no view
  // shown; small, so that no SDK client loads then.
  config: ["aws/iniFiles"],
  aws: [
    "aws/credentials",
    "aws/sts",
    "codebuild/sdk",
    "codepipeline/sdk",
    "codedeploy/sdk",
    "cloudformation/sdk",
    "cloudwatch/sdk",
    "logs/sdk",
    "logs/tailSdk",
  ],
  // Only a CodeDeploy push to S3 (or a big template) uses it; its own copy of the SDK's core is the price.
  s3: ["aws/s3"],
  documents: ["codebuild/buildspec/validator", "codedeploy/appspec/validator", "cloudformation/templates"],
  git: ["git/simpleGit"],
  bundle: ["codedeploy/bundle"],
};

/**
 * Packages that hold state every group must share, kept in one group's file and required from
 * it by the others. The SDK's config module caches ~/.aws/config and credentials per path: the
 * connection re-reads them (ignoreCache) on a change, and the credential providers and clients
 * must then see what it read, as they did when everything was one set of ES module chunks.
 */
const SHARED = { "@smithy/core/config": "config" };

function lazyModules(dir = src) {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return lazyModules(file);
    return name.endsWith(".lazy.ts") ? [file] : [];
  });
}

/** `src/codebuild/sdk.lazy.ts` → `codebuild/sdk`. */
function lazyName(file) {
  return path
    .relative(src, file)
    .replace(/\\/g, "/")
    .replace(/\.lazy\.ts$/, "");
}

const groupOf = new Map(Object.entries(GROUPS).flatMap(([group, names]) => names.map((n) => [n, group])));
for (const file of lazyModules()) {
  if (!groupOf.has(lazyName(file)))
    throw new Error(`${lazyName(file)}.lazy.ts is in no group of scripts/build.mjs`);
}

/**
 * In the main bundle, an import() of a lazy module becomes a require() of its group's file in
 * dist/lazy/ (loaded then, once), and the module is that file's entry for it.
 */
const lazyModulesFromGroups = {
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
      return { path: lazyName(file), namespace: "lazy-module" };
    });
    build.onLoad({ filter: /.*/, namespace: "lazy-module" }, (args) => ({
      contents: `module.exports = require("./lazy/${groupOf.get(args.path)}.js").modules[${JSON.stringify(args.path)}];`,
      loader: "js",
    }));
    build.onResolve({ filter: /^\.\/lazy\// }, (args) => ({ path: args.path, external: true }));
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
  format: "cjs",
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
  plugins: [lazyModulesFromGroups, oneVscodeNamespace],
};

/** In a group's file, a package another group holds (SHARED) is required from that group's file. */
function sharedFrom(group) {
  return {
    name: "shared-packages",
    setup(build) {
      for (const [pkg, holder] of Object.entries(SHARED)) {
        if (holder === group) continue;
        const filter = new RegExp(`^${pkg.replace(/[/.]/g, "\\$&")}$`);
        build.onResolve({ filter }, () => ({ path: `./${holder}.js`, external: true }));
      }
    },
  };
}

/** A group's file: its modules' namespaces, by name, and the packages it holds for the others. */
function groupBuild(group, names) {
  const lines = names.map(
    (n, i) => `import * as m${i} from ${JSON.stringify(path.join(src, `${n}.lazy.ts`))};`,
  );
  const entries = names.map((n, i) => `  ${JSON.stringify(n)}: m${i},`);
  const held = Object.entries(SHARED)
    .filter(([, holder]) => holder === group)
    .map(([pkg]) => `export * from ${JSON.stringify(pkg)};`);
  return {
    ...common,
    plugins: [sharedFrom(group)],
    stdin: {
      contents: [...lines, ...held, "export const modules = {", ...entries, "};", ""].join("\n"),
      resolveDir: src,
      sourcefile: `lazy/${group}.ts`,
      loader: "ts",
    },
    outfile: path.join(root, "dist", "lazy", `${group}.js`),
    // The SDK's ES module build (`module`), not its CommonJS one: esbuild then keeps only what the
    // commands we send use, and loads no CommonJS wrapper copying each package's exports. The
    // CodeBuild client with the credential providers: 443 → 212 KB.
    mainFields: ["module", "main"],
  };
}

const builds = [main, ...Object.entries(GROUPS).map(([group, names]) => groupBuild(group, names))];
rmSync(path.join(root, "dist", "lazy"), { recursive: true, force: true });
if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
