// Real AWS SDK v3 clients pointed at a simulator (or any endpoint).
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { CodeBuildClient } from "@aws-sdk/client-codebuild";
import type { Simulator } from "../../sim/index";

export interface ClientOptions {
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** SDK attempts per call (1 = no retries). Default 1, so tests see every answer. */
  maxAttempts?: number;
}

export interface Clients {
  codebuild: CodeBuildClient;
  logs: CloudWatchLogsClient;
  destroy(): void;
}

export function clientsFor(
  endpoint: string,
  o: Required<Pick<ClientOptions, "region" | "accessKeyId" | "secretAccessKey">> & ClientOptions,
): Clients {
  const config = {
    endpoint,
    region: o.region,
    credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey },
    maxAttempts: o.maxAttempts ?? 1,
  };
  const codebuild = new CodeBuildClient(config);
  const logs = new CloudWatchLogsClient(config);
  return {
    codebuild,
    logs,
    destroy() {
      codebuild.destroy();
      logs.destroy();
    },
  };
}

export function simClients(sim: Simulator, o: ClientOptions = {}): Clients {
  return clientsFor(sim.url, {
    ...o,
    region: o.region ?? sim.region,
    accessKeyId: o.accessKeyId ?? sim.credentials.accessKeyId,
    secretAccessKey: o.secretAccessKey ?? sim.credentials.secretAccessKey,
  });
}
