// Activation of the shipped bundle in plain Node (a stub `vscode`), each run in a fresh process
// (bench/activation.ts). The real extension host's figure is the code-server section's.
import { activationRun, type ActivationRun } from "./activationRun";
import { ensurePackaged } from "./package";
import type { BenchSection } from "./section";
import { median, ms, runs, verdict } from "./stats";

const TARGET_MS = 20;

export function run(): Promise<BenchSection> {
  ensurePackaged();
  const n = runs(10, 3);
  const all: ActivationRun[] = [];
  for (let i = 0; i < n; i++) {
    all.push(activationRun());
  }
  const unique = (f: (r: ActivationRun) => string[]) => [...new Set(all.flatMap(f))];
  const require = median(all.map((r) => r.requireMs));
  const activate = median(all.map((r) => r.activateMs));
  const both = median(all.map((r) => r.requireMs + r.activateMs));
  const network = unique((r) => [...r.networkModulesAtLoad, ...r.networkModulesInActivate]);
  const lazyIn = unique((r) => r.lazyModulesInActivation);
  const lazyAfter = unique((r) => r.lazyModulesInFirstSecond);
  const sockets = Math.max(...all.map((r) => r.socketsInActivation));
  const socketsAfter = Math.max(...all.map((r) => r.socketsInFirstSecond));
  return Promise.resolve({
    id: "activation",
    title: "Activation in plain Node",
    intro:
      `The shipped \`dist/extension.js\` is required and activated in a fresh Node process with a stub \`vscode\` (scripts/bench/activation.ts, bundled first so that no TypeScript loader hooks the require being timed), ${n} times; medians. ` +
      "This is the extension's own cost without the extension host around it; the host's figure is in the code-server section.",
    tables: [
      {
        columns: ["figure", `median of ${n}`, "target", ""],
        rows: [
          ["require(dist/extension.js)", ms(require, 1), "", ""],
          ["activate()", ms(activate, 2), "", ""],
          ["require + activate()", ms(both, 1), `≤ ${TARGET_MS} ms`, verdict(both <= TARGET_MS)],
          [
            "lazy modules (SDK, credentials, yaml, simple-git) loaded by activation",
            lazyIn.join(", ") || "none",
            "none",
            verdict(lazyIn.length === 0),
          ],
          ["lazy modules loaded in the second after (no view open)", lazyAfter.join(", ") || "none", "", ""],
          [
            "network modules loaded / sockets opened by activation",
            `${network.join(", ") || "none"} / ${sockets}`,
            "none / 0",
            verdict(network.length === 0 && sockets === 0),
          ],
          ["sockets opened in the first second", String(socketsAfter), "", ""],
        ],
      },
    ],
    data: {
      runs: all,
      requireMsMedian: require,
      activateMsMedian: activate,
      requireAndActivateMsMedian: both,
    },
  });
}
