// The parsers over log, AWS and workspace text on pathological lines of growing length: the
// time should grow in proportion (×4 per row), never faster. Medians of a few runs.
import { performance } from "node:perf_hooks";
import { validateBuildspec } from "../../src/codebuild/buildspec/validate";
import { matchProblems } from "../../src/codebuild/model/problemMatchers";
import { stripAnsi } from "../../src/core/ansi";

const SIZES = [4_000, 16_000, 64_000, 256_000, 1_000_000];
const RUNS = 5;

interface Case {
  readonly title: string;
  /** Builds the input for a size, and returns what to time on it. */
  readonly prepare: (size: number) => () => unknown;
}

const cases: readonly Case[] = [
  {
    // The line that took the old path pattern 4.7 s at 32k characters and forever at 100k.
    title: "matchProblems, one word (cut at 4 KiB)",
    prepare: (n) => {
      const lines = ["a".repeat(n)];
      return () => matchProblems(lines);
    },
  },
  {
    title: "matchProblems, one word (no cut)",
    prepare: (n) => {
      const lines = ["a".repeat(n)];
      return () => matchProblems(lines, { maxLineLength: Infinity });
    },
  },
  {
    title: "matchProblems, a path of n/2 folders (no cut)",
    prepare: (n) => {
      const lines = [`${"a/".repeat(n / 2)}x.ts:1:2: error: late`];
      return () => matchProblems(lines, { maxLineLength: Infinity });
    },
  },
  {
    title: "validateBuildspec, one long command",
    prepare: (n) => {
      const text = `version: 0.2\nphases:\n  build:\n    commands:\n      - ${"a".repeat(n)}\n`;
      return () => validateBuildspec(text);
    },
  },
  {
    title: "validateBuildspec, a flow list of commas (a YAML error each)",
    prepare: (n) => {
      const text = `version: 0.2\nphases: [${",".repeat(n)}`;
      return () => validateBuildspec(text);
    },
  },
  {
    title: "validateBuildspec, `[` nested n deep",
    prepare: (n) => {
      const text = `version: 0.2\nphases: ${"[".repeat(n)}`;
      return () => validateBuildspec(text);
    },
  },
  {
    title: "stripAnsi, a CSI that never ends",
    prepare: (n) => {
      const text = `\u001b[${"0;".repeat(n / 2)}`;
      return () => stripAnsi(text);
    },
  },
  {
    title: "stripAnsi, OSCs that never end",
    prepare: (n) => {
      const text = "\u001b]a".repeat(n / 3);
      return () => stripAnsi(text);
    },
  },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeMs(run: () => unknown): number {
  run(); // warm up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** One row per line length, one column per parser and input, in milliseconds (medians). */
export async function benchParsers(): Promise<{ columns: string[]; rows: string[][] }> {
  const rows: string[][] = [];
  for (const size of SIZES) {
    const row = [size.toLocaleString("en-US")];
    for (const c of cases) {
      row.push(timeMs(c.prepare(size)).toFixed(2));
      await new Promise((resolve) => setImmediate(resolve)); // let the event loop breathe
    }
    rows.push(row);
  }
  return { columns: ["characters", ...cases.map((c) => `${c.title} (ms)`)], rows };
}
