// Only the first-rows runs of the code-server bench, printed with every trace mark (a quick loop
// while working on them; BENCH_PROFILE=1 profiles each window's extension host):
//   node --import tsx scripts/bench/firstRowsOnly.ts [windows]
import { firstRowsRun, type FirstRowsRun } from "./codeserver/firstRows";
import { startSession } from "./codeserver/session";

async function main(): Promise<void> {
  const windows = Number(process.argv[2] ?? 3);
  const session = await startSession();
  const runs: FirstRowsRun[] = [];
  try {
    for (let i = 0; i < windows; i++) {
      const r = await firstRowsRun(session, i, !!process.env.BENCH_PROFILE);
      runs.push(r);
      const base = r.marks["activate returned"] ?? r.click;
      const rel = Object.entries(r.marks)
        .sort((a, b) => a[1] - b[1])
        .map(([name, at]) => `${name} +${(at - base).toFixed(0)}`)
        .join("\n  ");
      console.log(
        `${r.hostCpu ? `host CPU from activate +${(r.hostCpu.from - (r.marks["activate called"] ?? NaN)).toFixed(0)} ms → rows: ${JSON.stringify(r.hostCpu.cpu, (_k, v: unknown) => (typeof v === "number" ? Math.round(v) : v))}\n` : ""}run ${i} base=${base.toFixed(0)} click=${r.click}: click→event ${(r.activationEvent ?? NaN) - r.click} click→rows ${r.rowsSeen - r.click} ms\n  ${rel}\n  rows seen +${(r.rowsSeen - base).toFixed(0)}, CodeBuild rows returned ${r.codebuildRowsReturned}×`,
      );
    }
  } finally {
    await session.dispose();
  }
}
void main().then(() => process.exit(0));
