import type { CodeBuildClient } from "@aws-sdk/client-codebuild";
import type { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import type { CodePipelineClient } from "@aws-sdk/client-codepipeline";
import type { AwsCredentialIdentityProvider } from "@smithy/types";
import type { Connection } from "./connection";

/**
 * The SDK clients of one connection, created on first use (the SDK modules load then, never
 * at activation) and destroyed with it.
 */
export class AwsClients {
  private credentials: AwsCredentialIdentityProvider | undefined;
  private codebuildClient: Promise<CodeBuildClient> | undefined;
  private logsClient: Promise<CloudWatchLogsClient> | undefined;
  private codepipelineClient: Promise<CodePipelineClient> | undefined;
  private disposed = false;

  constructor(readonly connection: Connection) {}

  codebuild(): Promise<CodeBuildClient> {
    this.codebuildClient ??= (async () => {
      const { CodeBuildClient } = await import("@aws-sdk/client-codebuild");
      return new CodeBuildClient(await this.config());
    })();
    return this.codebuildClient;
  }

  logs(): Promise<CloudWatchLogsClient> {
    this.logsClient ??= (async () => {
      const { CloudWatchLogsClient } = await import("@aws-sdk/client-cloudwatch-logs");
      return new CloudWatchLogsClient(await this.config());
    })();
    return this.logsClient;
  }

  codepipeline(): Promise<CodePipelineClient> {
    this.codepipelineClient ??= (async () => {
      const { CodePipelineClient } = await import("@aws-sdk/client-codepipeline");
      return new CodePipelineClient(await this.config());
    })();
    return this.codepipelineClient;
  }

  private async config() {
    if (this.disposed) throw new Error("The AWS connection was closed.");
    if (!this.credentials) {
      const { fromNodeProviderChain } = await import("@aws-sdk/credential-providers");
      // The SDK's own chain: env, SSO, shared files, credential_process, IMDS…; cached until expiry.
      this.credentials = fromNodeProviderChain(
        this.connection.profile ? { profile: this.connection.profile } : {},
      );
    }
    return {
      region: this.connection.region,
      credentials: this.credentials,
      ...(this.connection.profile ? { profile: this.connection.profile } : {}),
      ...(this.connection.endpoint ? { endpoint: this.connection.endpoint } : {}),
      maxAttempts: 2,
      requestHandler: { connectionTimeout: 4000, requestTimeout: 30_000 },
    };
  }

  dispose(): void {
    this.disposed = true;
    for (const client of [this.codebuildClient, this.logsClient, this.codepipelineClient]) {
      void client?.then((c) => c.destroy()).catch(() => undefined);
    }
  }
}
