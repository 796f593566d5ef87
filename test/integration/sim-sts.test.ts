// STS in the simulator: GetCallerIdentity over the query protocol (form in, XML out), as the
// AWS SDK, the AWS CLI and moto see it — the account that confirmations name.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { existsSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { SIM_ACCOUNT_ID } from "../sim/constants";
import { startSimulator, type Simulator } from "../sim/index";
import { startMoto, type Moto } from "./helpers/moto";

const AWS_CLI = "/usr/bin/aws"; // Debian's AWS CLI v2 (installed by .ci/run)

describe("STS GetCallerIdentity in the simulator", () => {
  let sim: Simulator;
  let moto: Moto;
  before(async () => {
    sim = await startSimulator({});
    moto = await startMoto();
  });
  after(async () => {
    await sim.close();
    await moto.stop();
  });

  const client = (endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }) =>
    new STSClient({ region: "us-east-1", endpoint, credentials, maxAttempts: 1 });

  it("names the simulator's account and user through the SDK, with the same members moto answers", async () => {
    const ours = client(sim.url, sim.credentials);
    const theirs = client(moto.url, { accessKeyId: "testing", secretAccessKey: "testing" });
    try {
      const a = await ours.send(new GetCallerIdentityCommand({}));
      const m = await theirs.send(new GetCallerIdentityCommand({}));
      assert.equal(a.Account, SIM_ACCOUNT_ID);
      assert.match(a.Arn ?? "", new RegExp(`^arn:aws:iam::${SIM_ACCOUNT_ID}:user/`));
      const members = (o: object) =>
        Object.keys(o)
          .filter((k) => k !== "$metadata")
          .sort();
      assert.deepEqual(members(a), members(m));
    } finally {
      ours.destroy();
      theirs.destroy();
    }
  });

  it(
    "answers the AWS CLI",
    { skip: !existsSync(AWS_CLI) && "Debian's AWS CLI v2 is not installed" },
    async () => {
      // Asynchronously: the simulator answers from this process.
      const { stdout: out } = await promisify(execFile)(
        AWS_CLI,
        ["--endpoint-url", sim.url, "sts", "get-caller-identity", "--output", "json"],
        {
          encoding: "utf8",
          timeout: 60_000,
          env: {
            ...process.env,
            AWS_ACCESS_KEY_ID: sim.credentials.accessKeyId,
            AWS_SECRET_ACCESS_KEY: sim.credentials.secretAccessKey,
            AWS_DEFAULT_REGION: sim.region,
            AWS_CONFIG_FILE: "/nonexistent",
            AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
          },
        },
      );
      assert.equal((JSON.parse(out) as { Account?: string }).Account, SIM_ACCOUNT_ID);
    },
  );

  it("refuses other credentials as STS does (InvalidClientTokenId, 403)", async () => {
    const stranger = client(sim.url, { accessKeyId: "AKIAOTHER00000000000", secretAccessKey: "x" });
    try {
      const error = await stranger.send(new GetCallerIdentityCommand({})).then(
        () => undefined,
        (e: unknown) => e as Error & { $metadata?: { httpStatusCode?: number } },
      );
      assert.equal(error?.name, "InvalidClientTokenId");
      assert.equal(error?.$metadata?.httpStatusCode, 403);
    } finally {
      stranger.destroy();
    }
  });
});
