// Integration tests that run inside the real extension host: the test extension in test/host
// is installed next to the packaged AWS CI/CD extension, runs its cases through the `vscode`
// API (commands, buildspec diagnostics, completion, hover, CodeLens, views, a failed build's
// problems) and writes their results to a file; each result becomes a subtest here.
//
// This side starts the environment (simulator, sample workspace, code-server, Chromium: the
// extension host only starts when a window connects), starts a failing api-service build in
// the simulator for the host's last case, and waits for the host's done marker.
import * as assert from "node:assert/strict";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { after, before, test } from "node:test";
import { BatchGetBuildsCommand, StartBuildCommand } from "@aws-sdk/client-codebuild";
import { repoRoot } from "../../scripts/codeserver";
import { buildHostExtension } from "../host/build";
import {
  doneMarker,
  FAILED_BUILD_VARIABLE,
  HOSTILE_BUILD_VARIABLE,
  RESULTS_VARIABLE,
  type HostReport,
} from "../host/src/report";
import { loadScenario } from "../sim/scenario";
import { simClients } from "../integration/helpers/sim-clients";
import { resultsDir, startE2eEnvironment, type E2eEnvironment } from "./support/environment";
import { waitFor } from "./support/workbench";

const name = "extension-host";
const dir = path.join(resultsDir, name);
const resultsFile = path.join(dir, "host-results.json");
const failedBuildFile = path.join(dir, "failed-build.json");
const hostileBuildFile = path.join(dir, "hostile-build.json");
/** How long the host may take for all its cases, from the moment the window has opened. */
const hostTimeoutMs = 300_000;

let env: E2eEnvironment | undefined;

before(async () => {
  const hostVsix = await buildHostExtension();
  env = await startE2eEnvironment(name, {
    extraExtensions: [hostVsix],
    codeServerEnv: {
      [RESULTS_VARIABLE]: resultsFile,
      [FAILED_BUILD_VARIABLE]: failedBuildFile,
      [HOSTILE_BUILD_VARIABLE]: hostileBuildFile,
    },
  });
});

after(async () => {
  try {
    const shot = await env?.workbench.screenshot("end").catch(() => undefined);
    if (shot) console.log(`# screenshot: ${path.relative(repoRoot, shot)}`);
  } finally {
    await env?.dispose();
  }
});

function started(): E2eEnvironment {
  assert.ok(env, "the e2e environment did not start");
  return env;
}

test("a build of api-service started in the simulator fails (for the host's problems case)", async () => {
  const clients = simClients(started().simulator, { maxAttempts: 3 });
  try {
    const { build } = await clients.codebuild.send(
      new StartBuildCommand({ projectName: "api-service", sourceVersion: "main" }),
    );
    assert.ok(
      build?.id && build.buildNumber !== undefined,
      "StartBuild returned a build with an id and number",
    );
    const id = build.id;
    const status = await waitFor(
      `build ${id} to finish`,
      async () => {
        const { builds } = await clients.codebuild.send(new BatchGetBuildsCommand({ ids: [id] }));
        const current = builds?.[0]?.buildStatus;
        return current && current !== "IN_PROGRESS" ? current : undefined;
      },
      90_000,
      500,
    );
    assert.equal(status, "FAILED");
    // Written whole, then renamed: the host never reads half a file.
    writeFileSync(`${failedBuildFile}.tmp`, JSON.stringify({ id, buildNumber: build.buildNumber }));
    renameSync(`${failedBuildFile}.tmp`, failedBuildFile);
  } finally {
    clients.destroy();
  }
});

test("a build of hostile-markup writes a 10 MB line into its log (for the host's responsiveness case)", async () => {
  const sim = started().simulator;
  sim.seed(loadScenario("hostile"));
  const clients = simClients(sim, { maxAttempts: 3 });
  try {
    const { build } = await clients.codebuild.send(new StartBuildCommand({ projectName: "hostile-markup" }));
    const id = build?.id;
    assert.ok(id);
    const stream = id.split(":")[1] ?? "";
    await waitFor(
      "the build's log stream",
      () => (sim.logs.events("/aws/codebuild/hostile-markup", stream).length > 0 ? true : undefined),
      60_000,
      200,
    );
    // CloudWatch keeps events of at most 256 KB: a 10 MB line arrives as 40 of them.
    const chunk = "0123456789abcdef".repeat(16 * 1024);
    sim.logs.append(
      "/aws/codebuild/hostile-markup",
      stream,
      Array.from({ length: 40 }, () => chunk),
    );
    sim.logs.append("/aws/codebuild/hostile-markup", stream, ["after the 10 MB line"]);
    writeFileSync(`${hostileBuildFile}.tmp`, JSON.stringify({ id }));
    renameSync(`${hostileBuildFile}.tmp`, hostileBuildFile);
  } finally {
    clients.destroy();
  }
});

test("the cases run inside the extension host pass", { timeout: hostTimeoutMs + 30_000 }, async (t) => {
  started();
  const hostLog = `${resultsFile}.log`;
  const tail = () =>
    existsSync(hostLog)
      ? `\nhost log (${path.relative(repoRoot, hostLog)}):\n${readFileSync(hostLog, "utf8")}`
      : "";
  await waitFor(
    "the host runner's done marker",
    () => existsSync(doneMarker(resultsFile)),
    hostTimeoutMs,
    500,
  ).catch((error: unknown) => {
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}: did the host extension activate? ` +
        `See ${path.relative(repoRoot, dir)}/user-data/logs (exthost.log)${tail()}`,
    );
  });
  const report = JSON.parse(readFileSync(resultsFile, "utf8")) as HostReport;
  t.diagnostic(`VS Code ${report.vscodeVersion}, AWS CI/CD ${report.extensionVersion ?? "?"}`);
  assert.equal(report.setupError, undefined, `the host runner could not run the cases${tail()}`);
  assert.ok(report.results.length > 0, "the host ran no cases");
  for (const result of report.results) {
    await t.test(`${result.name} (${result.ms} ms in the host)`, () => {
      if (!result.ok) {
        throw new Error(result.error ?? "failed without a message");
      }
    });
  }
});
