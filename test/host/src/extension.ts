// The host test runner: activated at startup (`*`) or with the AWS CI/CD extension's own events, it waits for the AWS CI/CD
// extension, runs the cases of ./cases one after another and writes their results as JSON to
// $AWS_CICD_HOST_RESULTS, then the marker $AWS_CICD_HOST_RESULTS.done. The e2e test
// test/e2e/extension-host.test.ts reads them. Without the variable it does nothing.
import { appendFileSync, writeFileSync } from "node:fs";
import * as vscode from "vscode";
import { profileIfAsked, startBenchAgent } from "./benchAgent";
import { cases, type HostContext } from "./cases";
import {
  BENCH_VARIABLE,
  doneMarker,
  FAILED_BUILD_VARIABLE,
  HOSTILE_BUILD_VARIABLE,
  RESULTS_VARIABLE,
  type HostReport,
  type HostResult,
} from "./report";
import { eventually, within } from "./support";

export const EXTENSION_ID = "aws-cicd.aws-cicd-vscode";

function describe(error: unknown): string {
  // The assertion's message says what was expected and seen (the bundle's stack would not help).
  return error instanceof Error ? error.message : String(error);
}

async function runAll(resultsFile: string): Promise<void> {
  const logFile = `${resultsFile}.log`;
  const log = (line: string) => appendFileSync(logFile, `${new Date().toISOString()} ${line}\n`);
  const report: {
    -readonly [K in keyof HostReport]: HostReport[K];
  } = { vscodeVersion: vscode.version, startedAt: new Date().toISOString(), results: [] };
  const save = () => writeFileSync(resultsFile, JSON.stringify(report, null, 2) + "\n");
  try {
    const extension = await eventually(
      `the extension ${EXTENSION_ID}`,
      () => {
        const found = vscode.extensions.getExtension(EXTENSION_ID);
        if (!found) throw new Error(`${EXTENSION_ID} is not installed`);
        return found;
      },
      30_000,
      500,
    );
    report.extensionVersion = String((extension.packageJSON as { version?: unknown }).version);
    log(`activating ${EXTENSION_ID} ${report.extensionVersion}`);
    await within(`activating ${EXTENSION_ID}`, 60_000, extension.activate());
    const context: HostContext = {
      extension,
      failedBuildFile: process.env[FAILED_BUILD_VARIABLE],
      hostileBuildFile: process.env[HOSTILE_BUILD_VARIABLE],
      log,
    };
    for (const testCase of cases) {
      log(`▶ ${testCase.name}`);
      const started = Date.now();
      let result: HostResult;
      try {
        await within(testCase.name, testCase.timeoutMs, testCase.run(context));
        result = { name: testCase.name, ok: true, ms: Date.now() - started };
      } catch (error) {
        result = { name: testCase.name, ok: false, error: describe(error), ms: Date.now() - started };
      }
      log(
        `${result.ok ? "✔" : "✖"} ${testCase.name} (${result.ms} ms)${result.error ? `\n${result.error}` : ""}`,
      );
      report.results.push(result);
      save();
    }
  } catch (error) {
    report.setupError = describe(error);
    log(`setup failed: ${report.setupError}`);
  }
  report.finishedAt = new Date().toISOString();
  save();
  writeFileSync(doneMarker(resultsFile), `${report.finishedAt}\n`);
}

// The bench's profile starts when this module loads: the agent activates on the same events as
// the AWS CI/CD extension (package.json), so that its profile covers that extension's activation.
const benchAtLoad = process.env[BENCH_VARIABLE];
if (benchAtLoad) profileIfAsked(benchAtLoad);

export function activate(context: vscode.ExtensionContext): void {
  const benchDir = process.env[BENCH_VARIABLE];
  if (benchDir) context.subscriptions.push(startBenchAgent(benchDir));
  const resultsFile = process.env[RESULTS_VARIABLE];
  if (!resultsFile) return;
  // Activation returns at once; the cases run on their own.
  void runAll(resultsFile).catch((error: unknown) => {
    writeFileSync(doneMarker(resultsFile), `runner crashed: ${describe(error)}\n`);
  });
}

export function deactivate(): void {
  // Nothing to release: the runner only writes files.
}
