// Small SDK-level helpers for simulator tests: wait for a build, read a whole log stream.
import { GetLogEventsCommand, type CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { BatchGetBuildsCommand, type Build, type CodeBuildClient } from "@aws-sdk/client-codebuild";
import { waitFor } from "./wait";

export async function getBuild(codebuild: CodeBuildClient, id: string): Promise<Build> {
  const out = await codebuild.send(new BatchGetBuildsCommand({ ids: [id] }));
  const build = out.builds?.[0];
  if (!build) throw new Error(`build ${id} not found`);
  return build;
}

export function waitForBuild(
  codebuild: CodeBuildClient,
  id: string,
  until: (b: Build) => boolean = (b) => b.buildComplete === true,
  timeoutMs = 30_000,
): Promise<Build> {
  return waitFor(
    `build ${id}`,
    async () => {
      const b = await getBuild(codebuild, id);
      return until(b) ? b : undefined;
    },
    { timeoutMs },
  );
}

/** Every message of a stream, read forward from the head until the token stops moving. */
export async function readWholeStream(
  logs: CloudWatchLogsClient,
  group: string,
  stream: string,
): Promise<string[]> {
  const messages: string[] = [];
  let token: string | undefined;
  for (;;) {
    const out = await logs.send(
      new GetLogEventsCommand({
        logGroupName: group,
        logStreamName: stream,
        startFromHead: true,
        nextToken: token,
      }),
    );
    for (const e of out.events ?? []) messages.push(e.message ?? "");
    if (out.nextForwardToken === token) return messages;
    token = out.nextForwardToken;
  }
}
