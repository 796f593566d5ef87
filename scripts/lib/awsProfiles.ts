// Shared AWS config and credentials files that point the extension at the simulator, with the
// environment that makes code-server (and so the extension host) read them.
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";

export interface SimulatorConnection {
  readonly url: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export interface AwsProfileFiles {
  readonly configFile: string;
  readonly credentialsFile: string;
  /** AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE (AWS_PROFILE stays unset). */
  readonly env: Record<string, string>;
}

/** Profiles `simulator` (us-east-1) and `simulator-eu` (eu-west-1), both with the simulator's endpoint and keys. */
export function writeSimulatorProfiles(dir: string, sim: SimulatorConnection): AwsProfileFiles {
  mkdirSync(dir, { recursive: true });
  const configFile = path.join(dir, "config");
  const credentialsFile = path.join(dir, "credentials");
  const profiles = [
    { name: "simulator", region: "us-east-1" },
    { name: "simulator-eu", region: "eu-west-1" },
  ];
  writeFileSync(
    configFile,
    profiles
      .map((p) => `[profile ${p.name}]\nregion = ${p.region}\nendpoint_url = ${sim.url}\noutput = json\n`)
      .join("\n"),
  );
  writeFileSync(
    credentialsFile,
    profiles
      .map(
        (p) =>
          `[${p.name}]\naws_access_key_id = ${sim.credentials.accessKeyId}\naws_secret_access_key = ${sim.credentials.secretAccessKey}\n`,
      )
      .join("\n"),
    { mode: 0o600 },
  );
  return {
    configFile,
    credentialsFile,
    env: { AWS_CONFIG_FILE: configFile, AWS_SHARED_CREDENTIALS_FILE: credentialsFile },
  };
}
