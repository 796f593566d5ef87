// The parsers over log and workspace text: the problem matchers on a realistic failed-build log,
// and every parser on pathological lines of growing length (time must grow linearly).
import { performance } from "node:perf_hooks";
import { matchProblems } from "../../src/codebuild/model/problemMatchers";
import { benchParsers } from "./parsers";
import type { BenchSection } from "./section";
import { median, ms, runs } from "./stats";

/** A 5,000-line failed-build log: npm/vite noise with compiler, lint and test errors every 50 lines. */
function failedBuildLog(): string[] {
  const noise = [
    "[Container] 2026/11/29 10:00:01.123456 Running command npm run build",
    "> web-app@1.4.0 build",
    "vite v5.4.2 building for production...",
    "transforming (412) src/components/Cart.tsx",
    "  dist/assets/index-C8fJ2mNq.js   211.06 kB │ gzip: 67.12 kB",
  ];
  const errors = [
    "src/app.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'.",
    "src/lib/math.js:10:3: Unexpected var, use let or const instead. [Error/no-var]",
    "src/parse.c:57:12: error: 'buf' undeclared (first use in this function)",
    "internal/store/db.go:88:2: undefined: sqlOpen",
    "      at Object.<anonymous> (src/cart.test.ts:13:26)",
  ];
  return Array.from({ length: 5000 }, (_, i) =>
    i % 50 === 0 ? errors[(i / 50) % errors.length]! : noise[i % noise.length]!,
  );
}

export async function run(): Promise<BenchSection> {
  const lines = failedBuildLog();
  const n = runs(10, 3);
  const times: number[] = [];
  let found = 0;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    found = matchProblems(lines).length;
    times.push(performance.now() - t0);
  }
  const pathological = await benchParsers();
  return {
    id: "parsers",
    title: "Parsers",
    intro:
      "The problem matchers over a 5,000-line failed-build log (median of " +
      `${n}), and every parser over text from AWS or the workspace on pathological lines of growing length ` +
      "(median of 5 each, after a warm-up): the time should grow about ×4 per row (linear), never faster.",
    tables: [
      {
        columns: ["figure", "median", "found"],
        rows: [["problem matchers over a 5,000-line log", ms(median(times), 1), `${found} problems`]],
      },
      pathological,
    ],
    data: { problemMatching5000: { medianMs: median(times), problems: found }, pathological },
  };
}
