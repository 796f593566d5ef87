// What is shipped: the activation bundle and the VSIX, rebuilt before they are measured.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ensurePackaged, root } from "./package";
import type { BenchSection } from "./section";
import { kib, verdict } from "./stats";

const BUNDLE_TARGET_KIB = 150;

export function run(): Promise<BenchSection> {
  ensurePackaged();
  const bundle = statSync(join(root, "dist/extension.js")).size;
  const vsix = statSync(join(root, "dist/aws-cicd.vsix")).size;
  const lazyDir = join(root, "dist/lazy");
  const lazy = readdirSync(lazyDir, { recursive: true, encoding: "utf8" })
    .filter((f) => /\.m?js$/.test(f))
    .reduce((sum, f) => sum + statSync(join(lazyDir, f)).size, 0);
  return Promise.resolve({
    id: "size",
    title: "Size of what is shipped",
    intro:
      "`npm run package` runs first (production build, then `vsce package`), so these are the sizes of the files a user installs. " +
      "The activation bundle holds only the extension's code; the SDK, credential providers, yaml and simple-git are code-split into `dist/lazy/` and loaded on first use.",
    tables: [
      {
        columns: ["file", "size", "target", ""],
        rows: [
          [
            "dist/extension.js (loaded at activation, minified)",
            kib(bundle),
            `≤ ${BUNDLE_TARGET_KIB} KiB`,
            verdict(bundle / 1024 <= BUNDLE_TARGET_KIB),
          ],
          ["dist/lazy/**/*.mjs (loaded on first use)", kib(lazy), "", ""],
          ["dist/aws-cicd.vsix", kib(vsix), "", ""],
        ],
      },
    ],
    data: { bundleBytes: bundle, lazyBytes: lazy, vsixBytes: vsix },
  });
}
