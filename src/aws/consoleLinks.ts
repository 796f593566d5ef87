import type { Build } from "../codebuild/model/types";

/** Deep links into the AWS console for what the extension shows. */

function accountOf(arn: string): string | undefined {
  return arn.split(":")[4] || undefined;
}

function regionOf(arn: string): string | undefined {
  return arn.split(":")[3] || undefined;
}

function consoleBase(region: string): string {
  return region.startsWith("cn-")
    ? `https://${region}.console.amazonaws.cn`
    : `https://${region}.console.aws.amazon.com`;
}

export function projectConsoleUrl(projectArn: string, projectName: string, fallbackRegion: string): string {
  const region = regionOf(projectArn) ?? fallbackRegion;
  const account = accountOf(projectArn) ?? "";
  return `${consoleBase(region)}/codesuite/codebuild/${account}/projects/${encodeURIComponent(projectName)}?region=${region}`;
}

export function buildConsoleUrl(build: Build, fallbackRegion: string): string {
  const region = regionOf(build.arn) ?? fallbackRegion;
  const account = accountOf(build.arn) ?? "";
  return (
    `${consoleBase(region)}/codesuite/codebuild/${account}/projects/${encodeURIComponent(build.projectName)}` +
    `/build/${encodeURIComponent(build.id)}/?region=${region}`
  );
}

export function pipelineConsoleUrl(pipeline: string, region: string, executionId?: string): string {
  const base = `${consoleBase(region)}/codesuite/codepipeline/pipelines/${encodeURIComponent(pipeline)}`;
  return executionId
    ? `${base}/executions/${encodeURIComponent(executionId)}/timeline?region=${region}`
    : `${base}/view?region=${region}`;
}
