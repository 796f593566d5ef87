import { AwsClients, fixedClients } from "../../src/aws/clients";
import { CodeBuildGateway } from "../../src/codebuild/gateway";
import type { Connection } from "../../src/aws/connection";
import { LogsGateway } from "../../src/logs/gateway";
import { BuildStore } from "../../src/codebuild/store";
import { followBuildLog } from "../../src/codebuild/followBuild";
import type { Build } from "../../src/codebuild/model/types";
import { startSimulator, type Simulator, type SimulatorOptions } from "../sim/index";

/**
 * The extension's model and gateways wired to a real simulator over HTTP, with the real SDK
 * clients and credential chain (keys from the environment, as a user's shell would have).
 */
export interface World {
  readonly sim: Simulator;
  readonly clients: AwsClients;
  readonly codebuild: CodeBuildGateway;
  readonly logs: LogsGateway;
  readonly store: BuildStore;
  close(): Promise<void>;
}

export function useSimulatorCredentials(sim: Simulator): void {
  process.env.AWS_ACCESS_KEY_ID = sim.credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = sim.credentials.secretAccessKey;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
}

export function connectionTo(sim: Simulator, region = sim.region): Connection {
  return { profile: undefined, region, endpoint: sim.url, endpointSource: "setting" };
}

export async function startWorld(options: SimulatorOptions): Promise<World> {
  const sim = await startSimulator(options);
  useSimulatorCredentials(sim);
  const clients = new AwsClients(connectionTo(sim));
  const codebuild = new CodeBuildGateway(fixedClients(clients));
  const logs = new LogsGateway(fixedClients(clients));
  const store = new BuildStore(codebuild, 10);
  return {
    sim,
    clients,
    codebuild,
    logs,
    store,
    async close() {
      store.dispose();
      clients.dispose();
      await sim.close();
    },
  };
}

/**
 * Follows a build's log the way the extension does: the follower reads the log while the
 * build's status is polled, until the build completes and the log is drained.
 */
export async function followToEnd(
  world: World,
  build: Build,
  options: { statusPollMs?: number; pollMs?: number } = {},
): Promise<{ lines: string[]; build: Build }> {
  const lines: string[] = [];
  const stop = new AbortController();
  const polling = (async () => {
    while (!stop.signal.aborted && !world.store.build(build.id)?.complete) {
      await new Promise((r) => setTimeout(r, options.statusPollMs ?? 200));
      await world.store.refreshBuilds([build.id]);
    }
  })();
  const result = await followBuildLog({
    store: world.store,
    logs: world.logs,
    build,
    signal: stop.signal,
    onLines: (batch) => lines.push(...batch),
    pollMs: options.pollMs ?? 100,
    idlePollMs: 200,
    drainGraceMs: 300,
  });
  stop.abort();
  await polling;
  if (result !== "completed") throw new Error(`following ended: ${result}`);
  return { lines, build: world.store.build(build.id) ?? build };
}
