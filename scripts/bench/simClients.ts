import { AwsClients } from "../../src/aws/clients";
import type { Simulator } from "../../test/sim/index";

/** The extension's SDK clients against a simulator, its keys from the environment (the real credential chain). */
export function clientsFor(sim: Simulator): AwsClients {
  process.env.AWS_ACCESS_KEY_ID = sim.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = sim.credentials.secretAccessKey;
  return new AwsClients({
    profile: undefined,
    region: sim.region,
    endpoint: sim.url,
    endpointSource: "setting",
  });
}

/** The environment for Debian's AWS CLI v2 against a simulator: its keys and region, no config files, no pager. */
export function cliEnv(sim: Simulator): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? "/tmp",
    AWS_ACCESS_KEY_ID: sim.credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: sim.credentials.secretAccessKey,
    AWS_REGION: sim.region,
    AWS_DEFAULT_REGION: sim.region,
    AWS_PAGER: "",
    // What a user sees in a terminal (line by line), not Python's 8 KB buffer of a pipe: without
    // it `aws logs tail --format detailed` printed nothing for 30 s, then 73 of 124 lines at once.
    PYTHONUNBUFFERED: "1",
    AWS_CONFIG_FILE: "/nonexistent",
    AWS_SHARED_CREDENTIALS_FILE: "/nonexistent",
  };
}

/** Calls of the simulator since `from`, counted by operation. */
export function callsByOperation(sim: Simulator, from = 0): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of sim.calls.slice(from)) {
    const op = c.operation ?? c.target;
    counts[op] = (counts[op] ?? 0) + 1;
  }
  return counts;
}
