// What the host runner writes to $AWS_CICD_HOST_RESULTS (read by test/e2e/extension-host.test.ts).

export interface HostResult {
  readonly name: string;
  readonly ok: boolean;
  /** The assertion's message, with its diff of expected and actual. */
  readonly error?: string;
  readonly ms: number;
}

export interface HostReport {
  readonly vscodeVersion: string;
  readonly extensionVersion?: string;
  readonly startedAt: string;
  readonly finishedAt?: string;
  /** A failure before the cases ran (e.g. the extension is missing or did not activate). */
  readonly setupError?: string;
  readonly results: HostResult[];
}

/** The environment variable that names the results file; `<file>.done` marks the end of the run. */
export const RESULTS_VARIABLE = "AWS_CICD_HOST_RESULTS";
/** The environment variable that names the file the e2e test writes the failed build to. */
export const FAILED_BUILD_VARIABLE = "AWS_CICD_HOST_FAILED_BUILD";

/** The environment variable that names the file the e2e test writes the hostile build to. */
export const HOSTILE_BUILD_VARIABLE = "AWS_CICD_HOST_HOSTILE_BUILD";

export function doneMarker(resultsFile: string): string {
  return `${resultsFile}.done`;
}

/** The environment variable that names the folder of the benchmark's agent (benchAgent.ts). */
export const BENCH_VARIABLE = "AWS_CICD_HOST_BENCH";
/** In the bench folder, asks the next extension host to start a CPU profile (scripts/bench/codeserver). */
export const PROFILE_NEXT_FILE = "profile-next";

/** What the benchmark asks the agent in the extension host. */
export type BenchRequest =
  | { op: "memory" }
  | { op: "startupPerformance" }
  | { op: "command"; id: string; args: unknown[] }
  | { op: "stopProfile" };
