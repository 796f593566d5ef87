import { consoleBase } from "../../aws/consoleLinks";

export function pipelineConsoleUrl(pipeline: string, region: string, executionId?: string): string {
  const base = `${consoleBase(region)}/codesuite/codepipeline/pipelines/${encodeURIComponent(pipeline)}`;
  return executionId
    ? `${base}/executions/${encodeURIComponent(executionId)}/timeline?region=${region}`
    : `${base}/view?region=${region}`;
}
