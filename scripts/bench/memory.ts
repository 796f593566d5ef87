// Memory of the shipped extension (in this process, stub `vscode`): the heap after following a
// 200,000-line build, and over an hour of simulated polling with the tree shown.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { startSimulator } from "../../test/sim/index";
import { MODES, soak, startBuild } from "./idle";
import { loadExtension, type ExtensionInstance } from "./inProcess";
import { root } from "./package";
import { loggingBuild, rowNumber } from "./scenarios";
import type { BenchSection } from "./section";
import { mib, QUICK } from "./stats";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Heap in use after a full collection. */
function heap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

const LINES = QUICK ? 50_000 : 200_000;

interface MemoryFigures {
  lines: number;
  minutes: number;
  follow: { before: number; after: number; disposed: number; closed: number; seconds: number };
  samples: { minute: number; heap: number }[];
}

/** Follows the big build; the heap once the simulator is closed is measured by the caller, where nothing holds it. */
async function followHuge(): Promise<Omit<MemoryFigures["follow"], "closed">> {
  const huge = loggingBuild("huge", LINES, 50_000, 100);
  const warm = loggingBuild("warm-up", 10, 50, 100);
  const sim = await startSimulator({ scenario: { projects: [...huge.projects!, ...warm.projects!] } });
  let delivered = 0;
  try {
    let extension: ExtensionInstance | undefined = loadExtension({
      sim,
      focused: true,
      viewsVisible: false,
      onAppend: (channel, text) => {
        if (!channel.startsWith("Build:")) return;
        for (const line of text.split("\n")) if (rowNumber(line) !== undefined) delivered++;
      },
    });
    // A first small build followed to its end: the SDK's lazily loaded modules are in the heap before it is measured.
    await extension.command("awsCicd.build.showLog", { kind: "build", id: await startBuild(sim, "warm-up") });
    const warmEnd = Date.now() + 60_000;
    while (delivered < 10 && Date.now() < warmEnd) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 5000));
    delivered = 0;
    const before = heap();
    const t0 = performance.now();
    const id = await startBuild(sim, "huge");
    await extension.command("awsCicd.build.showLog", { kind: "build", id });
    const end = Date.now() + 180_000;
    while (delivered < LINES && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 5000)); // the follower drains and ends
    const seconds = (performance.now() - t0) / 1000;
    const after = heap();
    extension.dispose();
    extension = undefined;
    // A read in flight when it was disposed ends within a moment, letting go of the log it kept.
    await new Promise((r) => setTimeout(r, 2000));
    return { before, after, disposed: heap(), seconds };
  } finally {
    await sim.close();
  }
}

export async function measure(): Promise<MemoryFigures> {
  const followed = await followHuge();
  // The closed server's last sockets and timers let go of it within a moment.
  await new Promise((r) => setTimeout(r, 2000));
  const follow = { ...followed, closed: heap() };
  const minutes = QUICK ? 10 : 60;
  /** A sample every this many minutes: the first is after the warm-up (every service's SDK loaded). */
  const every = QUICK ? 2 : 10;
  const samples: { minute: number; heap: number }[] = [{ minute: 0, heap: heap() }];
  const visible = MODES.find((m) => m.id === "visible")!;
  await soak(
    visible,
    minutes,
    (minute) => {
      if (minute % every === 0) samples.push({ minute, heap: heap() });
    },
    500,
  );
  return { lines: LINES, minutes, follow, samples };
}

export async function run(): Promise<BenchSection> {
  const { lines: LINES, minutes, follow, samples } = await inChild();
  const first = samples[1]?.heap ?? samples[0]!.heap;
  const firstMinute = samples[1]?.minute ?? 0;
  const last = samples[samples.length - 1]!.heap;
  return {
    id: "memory",
    title: "Memory",
    intro:
      "The JavaScript heap in use after a full collection (Node's `--expose-gc`), in the process that runs the shipped bundle with a stub `vscode`. The simulator runs in the same process and keeps every log line it wrote, so its share is in the heap until it closes; read the differences. Measured in a fresh Node process (no other section's heap in it). One run each.",
    tables: [
      {
        columns: ["figure", "heap", "change"],
        rows: [
          [
            `before following a ${LINES.toLocaleString("en-US")}-line build (after a 10-line one: the SDK loaded)`,
            mib(follow.before),
            "",
          ],
          [
            `after it was followed to its end (${follow.seconds.toFixed(0)} s)`,
            mib(follow.after),
            mib(follow.after - follow.before),
          ],
          ["after the extension was disposed", mib(follow.disposed), mib(follow.disposed - follow.before)],
          [
            "after the simulator (holding the log) was closed too",
            mib(follow.closed),
            mib(follow.closed - follow.before),
          ],
          ...samples.map((s) => [
            `tree shown, polling: after ${s.minute} simulated minutes`,
            mib(s.heap),
            s.minute === 0 ? "" : mib(s.heap - first),
          ]),
        ],
      },
    ],
    notes: [
      `The extension's own share of the followed build, what disposing it freed: ${mib(follow.after - follow.disposed)} for ${LINES.toLocaleString("en-US")} lines (the lines kept for Show Problems, below); what stays until the simulator closes is the simulator's copy of the log.`,
      "After the extension is disposed and the simulator closed the heap is back where it was before the big build: heap snapshots there hold no log line. The previous figure (+5.4 MiB) was the benchmark's own: the first instance in a process stayed reachable after it was disposed (Node kept the AsyncLocalStorage store of the call budget, which no longer uses one, on the promise of each lazy module it loaded; and the SDK caches a missing ~/.aws file's error, whose stack keeps its callers), and its stub `vscode` held the simulator with its log. scripts/bench/inProcess.ts now gives the stub no simulator and the SDK empty files. In VS Code an extension host ends with its extension, so neither reference outlives anything there.",
      "After a followed build the extension keeps up to 16 M characters of its log for Show Problems (src/codebuild/model/keptLog.ts, one string per delivered batch; eight logs at most); the output channel itself lives in VS Code, not in this heap.",
      `Polling: growth from minute ${firstMinute} to minute ${minutes}: ${mib(last - first)}.`,
    ],
    data: { follow, samples },
  };
}

/** The figures from a fresh Node process (this file run with --child): no other section's heap in it. */
async function inChild(): Promise<MemoryFigures> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--expose-gc", "--import", "tsx", "scripts/bench/memory.ts", "--child"],
    { cwd: root, env: process.env, maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout.trim().split("\n").pop()!) as MemoryFigures;
}

if (process.argv.includes("--child")) {
  measure().then(
    (figures) => {
      process.stdout.write(`\n${JSON.stringify(figures)}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
