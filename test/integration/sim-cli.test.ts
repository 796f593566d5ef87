// `npm run sim` (test/sim/cli.ts) as a child process: the shell exports first, one stderr line
// per request, clean exit on SIGTERM / SIGINT.
import assert from "node:assert/strict";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ListProjectsCommand } from "@aws-sdk/client-codebuild";
import { clientsFor } from "./helpers/sim-clients";
import { waitFor } from "./helpers/wait";

const ROOT = join(__dirname, "..", "..");
const running = new Set<ChildProcessWithoutNullStreams>();

function startCli(args: string[]): {
  child: ChildProcessWithoutNullStreams;
  out: () => string;
  err: () => string;
} {
  const child = spawn(process.execPath, ["--import", "tsx", "test/sim/cli.ts", ...args], { cwd: ROOT });
  running.add(child);
  child.once("exit", () => running.delete(child));
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  return { child, out: () => out, err: () => err };
}

async function exitOf(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const [code] = (await once(child, "exit")) as [number | null];
  return code;
}

describe("npm run sim (test/sim/cli.ts)", () => {
  after(() => {
    for (const child of running) if (child.pid !== undefined) process.kill(child.pid, "SIGKILL");
  });

  it("prints the shell exports before anything else, logs requests, and stops on SIGTERM", async () => {
    const cli = startCli(["--port", "0", "--scenario", "empty", "--speed", "3"]);
    await waitFor("the listening line", () => cli.out().includes("listening on"), { timeoutMs: 30_000 });
    const lines = cli.out().split("\n");
    const port = /^export AWS_ENDPOINT_URL=http:\/\/127\.0\.0\.1:(\d+)$/.exec(lines[0] ?? "")?.[1];
    assert.ok(port && Number(port) > 0, lines[0]);
    const url = `http://127.0.0.1:${port}`;
    assert.deepEqual(lines.slice(0, 6), [
      `export AWS_ENDPOINT_URL=${url}`,
      "export AWS_ACCESS_KEY_ID=AKIASIMULATOR0000000",
      "export AWS_SECRET_ACCESS_KEY=simulator/secret/key/0000000000000000000000",
      "export AWS_REGION=us-east-1",
      "export AWS_DEFAULT_REGION=us-east-1",
      `# AWS simulator (scenario empty, speed 3) listening on ${url}`,
    ]);
    assert.equal(cli.err(), "", "nothing on stderr before the first request");

    const c = clientsFor(url, {
      region: "us-east-1",
      accessKeyId: "AKIASIMULATOR0000000",
      secretAccessKey: "simulator/secret/key/0000000000000000000000",
    });
    try {
      assert.deepEqual((await c.codebuild.send(new ListProjectsCommand({}))).projects, []);
    } finally {
      c.destroy();
    }
    await waitFor("the request log line", () =>
      /^CodeBuild_20161006\.ListProjects 200 \d+ms us-east-1$/m.test(cli.err()),
    );

    cli.child.kill("SIGTERM");
    assert.equal(await exitOf(cli.child), 0);
    assert.match(cli.err(), /SIGTERM: stopping the AWS simulator/);
  });

  it("stays quiet with --quiet and stops on SIGINT (Ctrl-C)", async () => {
    const cli = startCli(["--port", "0", "--scenario", "fail", "--quiet"]);
    await waitFor("the listening line", () => cli.out().includes("listening on"), { timeoutMs: 30_000 });
    assert.match(
      cli.out(),
      /^# AWS simulator \(scenario fail, speed 1\) listening on http:\/\/127\.0\.0\.1:\d+$/m,
    );
    const url = /AWS_ENDPOINT_URL=(\S+)/.exec(cli.out())![1]!;
    const c = clientsFor(url, {
      region: "us-east-1",
      accessKeyId: "AKIASIMULATOR0000000",
      secretAccessKey: "simulator/secret/key/0000000000000000000000",
    });
    try {
      assert.deepEqual((await c.codebuild.send(new ListProjectsCommand({}))).projects, ["broken-build"]);
    } finally {
      c.destroy();
    }
    cli.child.kill("SIGINT");
    assert.equal(await exitOf(cli.child), 0);
    assert.doesNotMatch(cli.err(), /ListProjects/);
  });

  it("injects the faults given with --faults, logs them per request and sums them up on exit", async () => {
    const cli = startCli([
      "--port",
      "0",
      "--scenario",
      "fail",
      "--faults",
      "ListProjects:throttle=x1,seed=3",
    ]);
    await waitFor("the listening line", () => cli.out().includes("listening on"), { timeoutMs: 30_000 });
    const url = /AWS_ENDPOINT_URL=(\S+)/.exec(cli.out())![1]!;
    assert.equal(
      cli.out().split("\n")[6],
      `# faults: seed=3,ListProjects:throttle=x1 (admin: ${url}/__sim/faults)`,
    );
    const c = clientsFor(url, {
      region: "us-east-1",
      accessKeyId: "AKIASIMULATOR0000000",
      secretAccessKey: "simulator/secret/key/0000000000000000000000",
    });
    try {
      await assert.rejects(c.codebuild.send(new ListProjectsCommand({})), { name: "ThrottlingException" });
      assert.deepEqual((await c.codebuild.send(new ListProjectsCommand({}))).projects, ["broken-build"]);
    } finally {
      c.destroy();
    }
    await waitFor("both request lines", () => cli.err().split("\n").length >= 3);
    assert.match(cli.err(), /^CodeBuild_20161006\.ListProjects 400 \d+ms us-east-1 fault=throttle$/m);
    assert.match(cli.err(), /^CodeBuild_20161006\.ListProjects 200 \d+ms us-east-1$/m);
    cli.child.kill("SIGTERM");
    assert.equal(await exitOf(cli.child), 0);
    assert.match(cli.err(), /^# faults injected: throttle 1 of 2 requests$/m);
  });

  it("refuses a bad --faults spec, naming the item", async () => {
    const bad = startCli(["--port", "0", "--faults", "throttle=0.3,stal=0.1"]);
    assert.equal(await exitOf(bad.child), 2);
    assert.match(bad.err(), /bad --faults: bad fault spec item "stal=0\.1": unknown fault "stal"/);
    assert.equal(bad.out(), "");
  });

  it("fails with a clear message for an unknown scenario or a bad option", async () => {
    const missing = startCli(["--port", "0", "--scenario", "no-such-scenario"]);
    assert.equal(await exitOf(missing.child), 1);
    assert.match(missing.err(), /scenario not found: no-such-scenario/);
    assert.equal(missing.out(), "");
    const bad = startCli(["--speed", "fast"]);
    assert.equal(await exitOf(bad.child), 2);
    assert.match(bad.err(), /bad --speed fast/);
  });
});
