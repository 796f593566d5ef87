import { consoleBase, regionOf } from "../../aws/consoleLinks";

/** The stack's page in the CloudFormation console. */
export function stackConsoleUrl(stackId: string, fallbackRegion: string): string {
  const region = regionOf(stackId) ?? fallbackRegion;
  return `${consoleBase(region)}/cloudformation/home?region=${region}#/stacks/stackinfo?stackId=${encodeURIComponent(stackId)}`;
}

/** A change set's page in the CloudFormation console. */
export function changeSetConsoleUrl(changeSetId: string, stackId: string, fallbackRegion: string): string {
  const region = regionOf(changeSetId) ?? fallbackRegion;
  return `${consoleBase(region)}/cloudformation/home?region=${region}#/stacks/changesets/changes?stackId=${encodeURIComponent(stackId)}&changeSetId=${encodeURIComponent(changeSetId)}`;
}

/**
 * A resource's own console page for the types people open most (by its physical id), else the
 * stack's Resources tab.
 */
export function resourceConsoleUrl(
  type: string,
  physicalId: string,
  stackId: string,
  fallbackRegion: string,
): string {
  const region = regionOf(stackId) ?? fallbackRegion;
  const base = consoleBase(region);
  const id = encodeURIComponent(physicalId);
  const last = encodeURIComponent(physicalId.split(/[/:]/).pop() ?? physicalId);
  switch (type) {
    case "AWS::S3::Bucket":
      return `https://s3.console.aws.amazon.com/s3/buckets/${id}?region=${region}`;
    case "AWS::Lambda::Function":
      return `${base}/lambda/home?region=${region}#/functions/${id}`;
    case "AWS::IAM::Role":
      return `https://console.aws.amazon.com/iam/home#/roles/details/${id}`;
    case "AWS::DynamoDB::Table":
      return `${base}/dynamodbv2/home?region=${region}#table?name=${id}`;
    case "AWS::SQS::Queue":
      return `${base}/sqs/v3/home?region=${region}#/queues/${id}`;
    case "AWS::SNS::Topic":
      return `${base}/sns/v3/home?region=${region}#/topic/${id}`;
    case "AWS::Logs::LogGroup":
      return `${base}/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/${encodeURIComponent(id)}`;
    case "AWS::CodeBuild::Project":
      return `${base}/codesuite/codebuild/projects/${last}?region=${region}`;
    case "AWS::CodePipeline::Pipeline":
      return `${base}/codesuite/codepipeline/pipelines/${last}/view?region=${region}`;
    case "AWS::CloudFormation::Stack":
      return stackConsoleUrl(physicalId, region);
  }
  return `${base}/cloudformation/home?region=${region}#/stacks/resources?stackId=${encodeURIComponent(stackId)}`;
}
