// Calls in 10 simulated minutes of the shipped extension left alone (loaded in this process with
// a stub `vscode`, timers mocked, the simulator in the same simulated time): with the view hidden
// and the window unfocused, with the view shown and nothing running, and with one running build
// followed. test/integration/idle.test.ts checks the first in a child process.
import { CodeBuildClient, StartBuildCommand } from "@aws-sdk/client-codebuild";
import { startSimulator, type Scenario, type Simulator } from "../../test/sim/index";
import { loadExtension } from "./inProcess";
import type { BenchSection } from "./section";
import { median, QUICK, repeat, runs, verdict } from "./stats";
import { SimulatedTime } from "./simulatedTime";
import { callsByOperation } from "./simClients";

const MINUTES = 10;

/** Finished builds and idle pipelines, and one project whose builds run for 15 minutes. */
const ACCOUNT: Scenario = {
  projects: [
    {
      name: "service-{i}",
      count: 20,
      build: { outcome: "SUCCEEDED" },
      history: [{ status: "SUCCEEDED", startedMinutesAgo: 100, durationSeconds: 60 }],
    },
    {
      name: "long-build",
      build: {
        outcome: "SUCCEEDED",
        phaseSeconds: { PROVISIONING: 2, BUILD: 900 },
        phases: {
          BUILD: { commands: [{ command: "./soak.sh" }], lineCount: 1800, lineTemplate: "row {i}/{n}" },
        },
      },
    },
  ],
};

export interface Mode {
  readonly id: string;
  readonly label: string;
  readonly focused: boolean;
  readonly visible: boolean;
  readonly follow: boolean;
  readonly target?: number;
}

export const MODES: readonly Mode[] = [
  {
    id: "hidden",
    label: "view hidden, window unfocused",
    focused: false,
    visible: false,
    follow: false,
    target: 0,
  },
  {
    id: "visible",
    label: "view shown, window focused, nothing running",
    focused: true,
    visible: true,
    follow: false,
  },
  {
    id: "following",
    label: "view shown, one running build followed",
    focused: true,
    visible: true,
    follow: true,
  },
];

export async function startBuild(sim: Simulator, project: string): Promise<string> {
  const client = new CodeBuildClient({ region: sim.region, endpoint: sim.url, credentials: sim.credentials });
  try {
    return (await client.send(new StartBuildCommand({ projectName: project }))).build!.id!;
  } finally {
    client.destroy();
  }
}

/** One instance of the extension for `minutes` of simulated time; the simulator's calls by operation. */
export async function soak(
  mode: Mode,
  minutes: number,
  onMinute?: (minute: number) => void,
  stepMs = 100,
): Promise<Record<string, number>> {
  const time = new SimulatedTime();
  const sim = await startSimulator({ scenario: ACCOUNT });
  try {
    const buildId = mode.follow ? await startBuild(sim, "long-build") : undefined;
    const from = sim.calls.length;
    const extension = loadExtension({ sim, focused: mode.focused, viewsVisible: mode.visible });
    try {
      await time.advance(1000);
      if (mode.visible) await extension.showTree();
      if (buildId) await extension.command("awsCicd.build.showLog", { kind: "build", id: buildId });
      for (let m = 0; m < minutes; m++) {
        await time.advance(60_000 - (m === 0 ? 1000 : 0), stepMs);
        onMinute?.(m + 1);
      }
      return callsByOperation(sim, from);
    } finally {
      extension.dispose();
    }
  } finally {
    time.dispose();
    await sim.close();
  }
}

export async function run(): Promise<BenchSection> {
  const n = runs(3, 1);
  const rows: string[][] = [];
  const data: Record<string, unknown> = {};
  for (const mode of MODES) {
    const all = await repeat(n, () => soak(mode, QUICK ? 3 : MINUTES));
    const minutes = QUICK ? 3 : MINUTES;
    const totals = all.map((c) => Object.values(c).reduce((a, b) => a + b, 0));
    const ops = [...new Set(all.flatMap((c) => Object.keys(c)))].sort();
    const byOp = ops.map((op) => `${op} ${median(all.map((c) => c[op] ?? 0))}`).join(", ");
    const total = median(totals);
    rows.push([
      mode.label,
      String(total),
      (total / minutes).toFixed(1),
      byOp || "none",
      mode.target === undefined ? "" : `${mode.target}: ${verdict(total <= mode.target)}`,
    ]);
    data[mode.id] = { minutes, runs: all };
  }
  const minutes = QUICK ? 3 : MINUTES;
  return {
    id: "idle",
    title: "Left alone: calls in 10 simulated minutes",
    intro:
      `The shipped bundle is loaded in Node with a stub \`vscode\` and runs for ${minutes} simulated minutes (setTimeout, setInterval and Date mocked; ` +
      "the simulator runs in the same simulated time, requests are real HTTP). The account has 21 projects with finished builds and one project whose build runs for 15 minutes. " +
      '"View shown" means VS Code asked the tree for its rows (root and each service\'s section), as when the sidebar opens; nothing is expanded. ' +
      `"Followed" means the Show Log command was run on the running build. Median of ${n} run${n === 1 ? "" : "s"} (each a fresh simulator and a fresh instance). No workspace folder (no git).`,
    tables: [{ columns: ["situation", "calls", "per minute", "by operation (median)", "target"], rows }],
    data,
  };
}
