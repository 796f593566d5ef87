// Quiet when nobody looks: the shipped bundle, activated in plain Node with a stub `vscode` on
// the demo's sample repository (a branch the demo's projects and pipelines build), runs for 10
// simulated minutes against the simulator, which counts every request it receives.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import { writeSimulatorProfiles, type AwsProfileFiles } from "../../scripts/lib/awsProfiles";
import { createSampleWorkspace } from "../../scripts/lib/sampleWorkspace";
import { startSimulator, type Simulator } from "../sim/index";

const run = promisify(execFile);
const root = join(__dirname, "..", "..");

describe("the extension left alone", () => {
  let sim: Simulator;
  let dir: string;
  let folder: string;
  let profiles: AwsProfileFiles;
  before(async () => {
    await run(process.execPath, ["scripts/build.mjs", "--production"], { cwd: root });
    sim = await startSimulator({ scenario: "demo", speed: 1 });
    dir = mkdtempSync(join(tmpdir(), "aws-cicd-idle-"));
    profiles = writeSimulatorProfiles(join(dir, "aws"), sim);
    folder = createSampleWorkspace(join(dir, "workspace"));
  });
  after(async () => {
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Requests the simulator received while the extension ran `minutes` of simulated time. */
  async function callsWhileRunning(unfocused: boolean): Promise<string[]> {
    const before = sim.calls.length;
    await run(
      process.execPath,
      [
        "--import",
        "tsx",
        "scripts/bench/headless.ts",
        "--folder",
        folder,
        "--minutes",
        "10",
        ...(unfocused ? ["--unfocused"] : []),
      ],
      { cwd: root, env: { ...process.env, ...profiles.env, AWS_PROFILE: "simulator" }, timeout: 120_000 },
    );
    return sim.calls.slice(before).map((c) => c.operation ?? c.target);
  }

  it("asks AWS for the current branch's builds and pipeline run when the window is focused", async () => {
    const calls = await callsWhileRunning(false);
    assert.ok(
      calls.length > 0,
      "with someone looking, the status bar's build and pipeline run are looked for",
    );
    assert.ok(calls.includes("ListBuilds"), calls.join(", "));
  });

  it("makes no request in 10 minutes with the window unfocused and the views hidden", async () => {
    const calls = await callsWhileRunning(true);
    assert.deepEqual(calls, []);
  });
});
