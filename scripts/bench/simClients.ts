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

/** Calls of the simulator since `from`, counted by operation. */
export function callsByOperation(sim: Simulator, from = 0): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of sim.calls.slice(from)) {
    const op = c.operation ?? c.target;
    counts[op] = (counts[op] ?? 0) + 1;
  }
  return counts;
}
