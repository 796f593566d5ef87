import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { AwsClients, fixedClients } from "../../src/aws/clients";
import { CodeBuildGateway } from "../../src/codebuild/gateway";
import { BuildStore } from "../../src/codebuild/store";
import { profileNames, resolveConnection } from "../../src/aws/connection";
import { loadSharedConfig } from "../../src/aws/sharedConfig";
import { classifyError } from "../../src/aws/errors";
import { startSimulator, type Simulator } from "../sim/index";

const signal = () => new AbortController().signal;
const saved = { ...process.env };

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => assert.fail("expected a failure"),
    (e: unknown) => e,
  );
}

describe("connecting the AWS way", () => {
  let sim: Simulator;
  let dir: string;
  before(async () => {
    sim = await startSimulator({ scenario: "demo" });
    dir = mkdtempSync(join(tmpdir(), "aws-cicd-config-"));
    for (const k of [
      "AWS_ACCESS_KEY_ID",
      "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN",
      "AWS_PROFILE",
      "AWS_REGION",
      "AWS_ENDPOINT_URL",
    ]) {
      delete process.env[k];
    }
    writeFileSync(
      join(dir, "config"),
      `[profile sim]\nregion = ${sim.region}\nendpoint_url = ${sim.url}\n\n[profile sim-eu]\nregion = eu-west-1\nendpoint_url = ${sim.url}\n\n[profile wrong]\nregion = ${sim.region}\nendpoint_url = ${sim.url}\n\n[profile nokeys]\nregion = ${sim.region}\nendpoint_url = ${sim.url}\n\n[profile waits]\nregion = ${sim.region}\nendpoint_url = ${sim.url}\ncredential_process = ${process.execPath} ${join(dir, "waits.js")}\n`,
    );
    // A credential_process that waits 3 s the first time (an MFA prompt answered late), then
    // answers at once; each run leaves a line in `runs`.
    writeFileSync(
      join(dir, "waits.js"),
      `const fs = require("fs"), runs = ${JSON.stringify(join(dir, "runs"))};
const first = !fs.existsSync(runs);
fs.appendFileSync(runs, "run\\n");
const answer = () => console.log(JSON.stringify({ Version: 1, AccessKeyId: ${JSON.stringify(sim.credentials.accessKeyId)}, SecretAccessKey: ${JSON.stringify(sim.credentials.secretAccessKey)} }));
if (first) setTimeout(answer, 3000); else answer();
`,
    );
    writeFileSync(
      join(dir, "credentials"),
      `[sim]\naws_access_key_id = ${sim.credentials.accessKeyId}\naws_secret_access_key = ${sim.credentials.secretAccessKey}\n\n[sim-eu]\naws_access_key_id = ${sim.credentials.accessKeyId}\naws_secret_access_key = ${sim.credentials.secretAccessKey}\n\n[wrong]\naws_access_key_id = ${sim.credentials.accessKeyId}\naws_secret_access_key = not-the-secret\n`,
    );
    process.env.AWS_CONFIG_FILE = join(dir, "config");
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, "credentials");
  });
  after(async () => {
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
    await sim.close();
  });

  async function gatewayFor(profile: string, region?: string) {
    const connection = resolveConnection({ profile, region }, process.env, await loadSharedConfig());
    const clients = new AwsClients(connection);
    return { connection, clients, gateway: new CodeBuildGateway(fixedClients(clients)) };
  }

  it("reads profiles from the config and credentials files", async () => {
    assert.deepEqual(profileNames(await loadSharedConfig()), ["nokeys", "sim", "sim-eu", "waits", "wrong"]);
  });

  it("uses a profile's keys, region and endpoint_url", async () => {
    const { connection, clients, gateway } = await gatewayFor("sim");
    assert.equal(connection.endpoint, sim.url);
    assert.equal(connection.endpointSource, "profile");
    const names = await gateway.listProjectNames(signal());
    assert.ok(names.includes("web-app"));
    clients.dispose();
  });

  it("sees another region's (empty) account after switching region", async () => {
    const { clients, gateway } = await gatewayFor("sim", "eu-west-1");
    assert.deepEqual(await gateway.listProjectNames(signal()), []);
    clients.dispose();
  });

  it("says AWS rejected the keys when the secret is wrong", async () => {
    const { connection, clients, gateway } = await gatewayFor("wrong");
    const friendly = classifyError(await failureOf(gateway.listProjectNames(signal())), connection);
    assert.equal(friendly.kind, "badCredentials");
    assert.match(friendly.message, /profile wrong/);
    clients.dispose();
  });

  it("credentials that do not come in time end the request with a clear message; none is asked again meanwhile", async () => {
    const connection = resolveConnection({ profile: "waits" }, process.env, await loadSharedConfig());
    const clients = new AwsClients(connection, { connectMs: 1_000, attemptMs: 12_000, credentialsMs: 1_000 });
    const gateway = new CodeBuildGateway(fixedClients(clients));
    const started = Date.now();
    const friendly = classifyError(await failureOf(gateway.listProjectNames(signal())), connection);
    assert.equal(friendly.kind, "noCredentials", friendly.message);
    assert.match(friendly.message, /profile waits did not come within 1 s .*Refresh to ask for them again/);
    assert.ok(Date.now() - started < 3_000, `ended after ${Date.now() - started} ms`);
    // While the process still waits, a request fails at once and starts no other process.
    const again = Date.now();
    assert.equal(classifyError(await failureOf(gateway.listProjectNames(signal()))).kind, "noCredentials");
    assert.ok(Date.now() - again < 500, `failed after ${Date.now() - again} ms`);
    // Its answer, late, is used.
    await new Promise((r) => setTimeout(r, 3_000));
    assert.ok((await gateway.listProjectNames(signal())).includes("web-app"));
    assert.equal(readFileSync(join(dir, "runs"), "utf8"), "run\n", "one process in all");
    clients.dispose();
  });

  it("Refresh asks a new provider chain for credentials that are still late", async () => {
    rmSync(join(dir, "runs"), { force: true });
    const connection = resolveConnection({ profile: "waits" }, process.env, await loadSharedConfig());
    const clients = new AwsClients(connection, { connectMs: 1_000, attemptMs: 12_000, credentialsMs: 500 });
    const gateway = new CodeBuildGateway(fixedClients(clients));
    assert.equal(classifyError(await failureOf(gateway.listProjectNames(signal()))).kind, "noCredentials");
    clients.renewCredentials(); // what Refresh does on the same connection
    assert.ok((await gateway.listProjectNames(signal())).includes("web-app"));
    clients.dispose();
  });

  it("says no credentials were found for a profile without keys", async () => {
    const { connection, clients, gateway } = await gatewayFor("nokeys");
    const friendly = classifyError(await failureOf(gateway.listProjectNames(signal())), connection);
    assert.equal(friendly.kind, "noCredentials", friendly.message);
    clients.dispose();
  });

  it("says the endpoint cannot be reached when nothing listens there", async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const p = (server.address() as { port: number }).port;
        server.close(() => resolve(p));
      });
    });
    const endpoint = `http://127.0.0.1:${port}`;
    const connection = resolveConnection(
      { profile: "sim", endpointUrl: endpoint },
      process.env,
      await loadSharedConfig(),
    );
    const clients = new AwsClients(connection);
    const friendly = classifyError(
      await failureOf(new CodeBuildGateway(fixedClients(clients)).listProjectNames(signal())),
      connection,
    );
    assert.equal(friendly.kind, "unreachable", friendly.message);
    assert.match(friendly.message, new RegExp(endpoint.replace(/[.]/g, "\\.")));
    clients.dispose();
  });

  it("cancels a request in flight when its signal aborts", async () => {
    const { clients, gateway } = await gatewayFor("sim");
    const abort = new AbortController();
    const pending = gateway.listProjectNames(abort.signal);
    abort.abort();
    assert.equal(classifyError(await failureOf(pending)).kind, "aborted");
    clients.dispose();
  });

  it("turns a stalled endpoint into the unreachable message within the deadline, and recovers on the next call", async () => {
    const connection = resolveConnection({ profile: "sim" }, process.env, await loadSharedConfig());
    // Short attempts so the test is quick; the extension's are 12 s each, 40 s in all.
    const clients = new AwsClients(connection, { connectMs: 1_000, attemptMs: 600 });
    const gateway = new CodeBuildGateway(fixedClients(clients));
    sim.faults.configure("ListProjects:stall=x3");
    const started = Date.now();
    const friendly = classifyError(await failureOf(gateway.listProjectNames(signal())), connection);
    const took = Date.now() - started;
    assert.equal(friendly.kind, "unreachable", friendly.message);
    assert.ok(took < 10_000, `ended after ${took} ms: three attempts of 0.6 s and the SDK's back-off`);
    assert.ok((await gateway.listProjectNames(signal())).includes("web-app"), "the next call is answered");
    sim.faults.clear();
    clients.dispose();
  });

  it("a connection change while the project list stalls: the next load is answered, not joined onto the cancelled one", async () => {
    const connection = resolveConnection({ profile: "sim" }, process.env, await loadSharedConfig());
    const clients = new AwsClients(connection, { connectMs: 1_000, attemptMs: 60_000 });
    const store = new BuildStore(new CodeBuildGateway(fixedClients(clients)), 5);
    sim.faults.configure("ListProjects:stall=x1");
    try {
      const stalled = failureOf(store.loadProjects());
      await new Promise((resolve) => setTimeout(resolve, 300)); // the stalled request is out
      store.reset(); // what the extension does when the profile, region or endpoint changes
      const projects = await store.loadProjects();
      assert.ok(projects.some((p) => p.name === "web-app"));
      assert.equal(((await stalled) as Error).name, "AbortError");
    } finally {
      sim.faults.clear();
      store.dispose();
      clients.dispose();
    }
  });

  it("ends a request that outlives the overall deadline as a timeout, not a cancellation", async () => {
    const connection = resolveConnection({ profile: "sim" }, process.env, await loadSharedConfig());
    const clients = new AwsClients(connection, { connectMs: 1_000, attemptMs: 60_000, requestMs: 800 });
    sim.faults.configure("ListProjects:stall=x1");
    const started = Date.now();
    const error = await failureOf(new CodeBuildGateway(fixedClients(clients)).listProjectNames(signal()));
    assert.ok(Date.now() - started < 3_000, `ended after ${Date.now() - started} ms`);
    assert.equal((error as Error).name, "TimeoutError");
    assert.equal(classifyError(error, connection).kind, "unreachable");
    sim.faults.clear();
    clients.dispose();
  });
});
