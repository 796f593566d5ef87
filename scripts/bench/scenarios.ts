// Scenarios the benchmark generates (test/sim/scenarios/ holds the hand-written ones).
import type { Scenario } from "../../test/sim/index";

const FAST_PHASES = {
  SUBMITTED: 0.2,
  QUEUED: 0.2,
  PROVISIONING: 3, // time for both followers to be reading before the first line
  DOWNLOAD_SOURCE: 0.5,
  INSTALL: 0.5,
  PRE_BUILD: 0.2,
  BUILD: 1,
  POST_BUILD: 0.2,
  UPLOAD_ARTIFACTS: 0.2,
  FINALIZING: 0.2,
};

/** One project whose build writes `lines` numbered lines ("row i/n") in BUILD at `perSecond`, every `burstMs`. */
export function loggingBuild(name: string, lines: number, perSecond: number, burstMs: number): Scenario {
  return {
    description: `${name}: BUILD writes ${lines} lines at ${perSecond} lines/s`,
    projects: [
      {
        name,
        sourceVersion: "main",
        build: {
          outcome: "SUCCEEDED",
          phaseSeconds: FAST_PHASES,
          phases: {
            BUILD: {
              commands: [{ command: "./generate.sh", output: ["generating"] }],
              lineCount: lines,
              lineTemplate: "row {i}/{n}: checksum ok",
              linesPerSecond: perSecond,
              burstMs,
            },
          },
        },
      },
    ],
  };
}

/** The number in a generated line ("row 17/120"), or undefined. */
export function rowNumber(line: string): number | undefined {
  const m = /row (\d+)\/\d+/.exec(line);
  return m ? Number(m[1]) : undefined;
}
