// AWS's published API request-rate quotas for the operations the extension calls, per account
// and region, with where each figure comes from. An operation whose rate AWS does not publish
// has `tps: undefined`: the simulator does not enforce it and the benchmark reports its rate
// without a share. Check the sources again before relying on a figure: AWS changes them.

export interface RateQuota {
  /** "service.Operation" as the simulator names it (services.ts), e.g. "logs.GetLogEvents". */
  readonly operation: string;
  /** Requests per second per account per region; undefined: not published. */
  readonly tps: number | undefined;
  /** Requests a full bucket admits at once (AWS's burst); default `tps`. */
  readonly burst?: number;
  /** Whether AWS raises it on request. */
  readonly adjustable?: boolean;
  readonly source: string;
  readonly note?: string;
}

const CWL_QUOTAS = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/cloudwatch_limits_cwl.html";
const CWL_THROTTLING = "https://repost.aws/knowledge-center/cloudwatch-logs-throttling";
const CODEBUILD_QUOTAS = "https://docs.aws.amazon.com/codebuild/latest/userguide/limits.html";
const CODEPIPELINE_QUOTAS = "https://docs.aws.amazon.com/codepipeline/latest/userguide/limits.html";
const CODEDEPLOY_QUOTAS = "https://docs.aws.amazon.com/codedeploy/latest/userguide/limits.html";
const STS_THROTTLING = "https://repost.aws/knowledge-center/iam-sts-throttling-error";
const NOT_PUBLISHED = "no request rate published for this operation; the page lists resource quotas only";

const unpublished = (operations: readonly string[], source: string, note = NOT_PUBLISHED): RateQuota[] =>
  operations.map((operation) => ({ operation, tps: undefined, source, note }));

export const RATE_QUOTAS: readonly RateQuota[] = [
  {
    operation: "logs.GetLogEvents",
    tps: 25,
    adjustable: false,
    source: CWL_QUOTAS,
    note: "25 TPS per account per Region; a hard limit (see also " + CWL_THROTTLING + ")",
  },
  {
    operation: "logs.FilterLogEvents",
    tps: 5,
    adjustable: false,
    source: CWL_THROTTLING,
    note: "5 TPS per account per Region (aws logs tail uses it)",
  },
  ...unpublished(
    [
      "codebuild.ListProjects",
      "codebuild.BatchGetProjects",
      "codebuild.ListBuilds",
      "codebuild.ListBuildsForProject",
      "codebuild.BatchGetBuilds",
      "codebuild.StartBuild",
      "codebuild.StopBuild",
      "codebuild.RetryBuild",
    ],
    CODEBUILD_QUOTAS,
    "not published (the page gives 100 builds/projects per BatchGet request; AWS re:Post: CodeBuild does not disclose its API rates)",
  ),
  ...unpublished(
    [
      "codepipeline.ListPipelines",
      "codepipeline.GetPipeline",
      "codepipeline.GetPipelineState",
      "codepipeline.ListPipelineExecutions",
      "codepipeline.StartPipelineExecution",
      "codepipeline.StopPipelineExecution",
      "codepipeline.RetryStageExecution",
      "codepipeline.PutApprovalResult",
      "codepipeline.EnableStageTransition",
      "codepipeline.DisableStageTransition",
    ],
    CODEPIPELINE_QUOTAS,
  ),
  ...unpublished(
    [
      "codedeploy.ListApplications",
      "codedeploy.BatchGetApplications",
      "codedeploy.ListDeploymentGroups",
      "codedeploy.BatchGetDeploymentGroups",
      "codedeploy.ListDeployments",
      "codedeploy.BatchGetDeployments",
      "codedeploy.ListDeploymentTargets",
      "codedeploy.BatchGetDeploymentTargets",
      "codedeploy.ListDeploymentConfigs",
      "codedeploy.CreateDeployment",
      "codedeploy.StopDeployment",
      "codedeploy.ContinueDeployment",
      "codedeploy.RegisterApplicationRevision",
    ],
    CODEDEPLOY_QUOTAS,
  ),
  ...unpublished(
    ["sts.GetCallerIdentity"],
    STS_THROTTLING,
    "not published; AWS says STS rates cannot be raised",
  ),
];

export function quotaOf(service: string, operation: string): RateQuota | undefined {
  return RATE_QUOTAS.find((q) => q.operation === `${service}.${operation}`);
}
