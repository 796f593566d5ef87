// `npm run bench`: runs the benchmark's sections one after the other and writes
// test-results/bench.json (raw data) and BENCHMARKS.md (generated, committed). Numbers, not
// pass/fail: each target is reported beside its figure as met or missed, never asserted.
//
//   BENCH_QUICK=1  fewer runs, shorter spells (a smoke run)
//   BENCH_ONLY=liveLogs,idle  run only these sections; the others are kept from the last bench.json
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { format, resolveConfig } from "prettier";
import { machine, renderMarkdown, type Machine } from "./bench/report";
import type { BenchSection } from "./bench/section";
import { QUICK } from "./bench/stats";
import { run as activation } from "./bench/activationSection";
import { run as cloudformation } from "./bench/cloudformationSection";
import { run as faults } from "./bench/faultSection";
import { run as idle } from "./bench/idle";
import { run as largeAccounts } from "./bench/largeAccounts";
import { run as liveLogs } from "./bench/liveLogs";
import { run as memory } from "./bench/memory";
import { run as cloudwatch } from "./bench/cloudwatch";
import { run as deliverVsCli } from "./bench/deliverVsCli";
import { run as parsers } from "./bench/parsersSection";
import { run as size } from "./bench/sizeSection";
import { run as teamScale } from "./bench/teamScale";

const root = join(__dirname, "..");
const jsonPath = join(root, "test-results/bench.json");

interface SectionRun {
  readonly ids: readonly string[];
  readonly run: () => Promise<BenchSection[]>;
}

const one = (id: string, run: () => Promise<BenchSection>): SectionRun => ({
  ids: [id],
  run: async () => [await run()],
});

/** The headless sections, in the order of BENCHMARKS.md; then the code-server engineer's. */
const SECTIONS: readonly SectionRun[] = [
  one("size", size),
  one("activation", activation),
  one("liveLogs", liveLogs),
  one("largeAccounts", largeAccounts),
  one("idle", idle),
  one("teamScale", teamScale),
  one("memory", memory),
  one("parsers", parsers),
  one("faults", faults),
  one("cloudformation", cloudformation),
  one("deliverVsCli", deliverVsCli),
  one("cloudwatch", cloudwatch),
  { ids: ["firstRows", "hostActivation", "hostLiveLogs", "hostMemory"], run: codeServerSections },
];

/** The real extension host's figures (code-server, Playwright): scripts/bench/codeServer.ts. */
async function codeServerSections(): Promise<BenchSection[]> {
  const path = "./bench/codeServer";
  let mod: { runCodeServerSections?: () => Promise<BenchSection[]> };
  try {
    mod = (await import(path)) as typeof mod;
  } catch (error) {
    return [notMeasured("codeServer", "In the real extension host (code-server)", error)];
  }
  if (!mod.runCodeServerSections)
    return [
      notMeasured("codeServer", "In the real extension host (code-server)", "no runCodeServerSections"),
    ];
  return mod.runCodeServerSections();
}

function notMeasured(id: string, title: string, reason: unknown): BenchSection {
  const text = reason instanceof Error ? reason.message.split("\n")[0]! : String(reason);
  return { id, title, tables: [], notes: [`Not measured: ${text}`], data: { notMeasured: text } };
}

interface BenchJson {
  readonly machine: Machine;
  readonly sections: (BenchSection & { measuredAt?: string })[];
}

function previous(): BenchJson | undefined {
  try {
    return existsSync(jsonPath) ? (JSON.parse(readFileSync(jsonPath, "utf8")) as BenchJson) : undefined;
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(",").filter(Boolean);
  const kept = only ? (previous()?.sections ?? []) : [];
  const sections: (BenchSection & { measuredAt?: string })[] = [];
  for (const entry of SECTIONS) {
    if (only && !entry.ids.some((id) => only.includes(id))) {
      sections.push(
        ...kept.filter((s) => entry.ids.includes(s.id) || (s.id === "codeServer" && entry.ids.length > 1)),
      );
      continue;
    }
    const started = Date.now();
    console.log(`[bench] ${entry.ids.join(", ")}…`);
    let produced: BenchSection[];
    try {
      produced = await entry.run();
    } catch (error) {
      console.error(error);
      produced = entry.ids.map((id) => notMeasured(id, id, error));
    }
    for (const s of produced) sections.push({ ...s, measuredAt: new Date().toISOString() });
    console.log(`[bench] ${entry.ids.join(", ")} took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  const m = machine(QUICK);
  mkdirSync(join(root, "test-results"), { recursive: true });
  writeFileSync(jsonPath, JSON.stringify({ machine: m, sections } satisfies BenchJson, null, 2));
  const target = join(root, "BENCHMARKS.md");
  // Formatted as `npm run lint` checks it (prettier), so a regenerated file commits clean.
  const markdown = await format(renderMarkdown(sections, m), {
    ...(await resolveConfig(target)),
    filepath: target,
  });
  writeFileSync(target, markdown);
  console.log(markdown);
  console.log("(written to test-results/bench.json and BENCHMARKS.md)");
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
