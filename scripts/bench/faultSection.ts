// Ten simulated minutes under faults, with the extension's own deadlines (12 s an attempt):
// what is lost, duplicated or never converges (test/integration/helpers/fault-run.ts).
import { runUnderFaults } from "../../test/integration/helpers/fault-run";
import type { BenchSection } from "./section";
import { verdict } from "./stats";

const FAULTS = "throttle=0.3,reset=0.05,stall=0.01,seed=11";

export async function run(): Promise<BenchSection> {
  const r = await runUnderFaults({
    simMinutes: 10,
    speed: 10,
    faults: FAULTS,
    ceiling: 120,
    attemptMs: 12_000,
  });
  const injected =
    Object.entries(r.injected)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ") || "none";
  return {
    id: "faults",
    title: "Under faults",
    intro:
      `One run (seeded, so it is repeatable): ${r.simMinutes} simulated minutes at speed 10 with faults \`${FAULTS}\` ` +
      "(30 % of requests throttled, 5 % connections reset, 1 % stalled), a followed build, the pollers and user actions.",
    tables: [
      {
        columns: ["figure", "value", "target", ""],
        rows: [
          ["faults injected", injected, "", ""],
          [
            "calls (background / user attempts)",
            `${r.calls} (${r.backgroundCalls} / ${r.userAttempts})`,
            "",
            "",
          ],
          [
            "most calls in any 60 s",
            String(r.maxCallsInAMinute),
            `≤ ${r.ceiling} background`,
            verdict(r.maxCallsInAMinute <= r.ceiling + r.userAttempts),
          ],
          [
            "followed log: lines delivered / expected",
            `${r.log.delivered} / ${r.log.expected}`,
            "all",
            verdict(r.log.delivered === r.log.expected),
          ],
          [
            "followed log: duplicated / missing / in order",
            `${r.log.duplicates} / ${r.log.missing} / ${r.log.inOrder}`,
            "0 / 0 / true",
            verdict(r.log.duplicates === 0 && r.log.missing === 0 && r.log.inOrder),
          ],
          [
            "stores agree with AWS after the faults end",
            r.convergedMs === undefined ? "never" : `${r.convergedMs} ms`,
            "yes",
            verdict(r.convergedMs !== undefined),
          ],
          ...r.actions.map((a) => [`user action: ${a.action}`, a.outcome, "", ""]),
        ],
      },
    ],
    notes: r.disagreements.length ? [`Disagreements: ${r.disagreements.join("; ")}`] : [],
    data: r,
  };
}
