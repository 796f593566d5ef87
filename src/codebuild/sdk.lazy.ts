// Loaded on first use (a separate file in dist/): the CodeBuild client and the commands we send.
export {
  BatchGetBuildsCommand,
  BatchGetProjectsCommand,
  CodeBuildClient,
  ListBuildsCommand,
  ListBuildsForProjectCommand,
  ListProjectsCommand,
  RetryBuildCommand,
  StartBuildCommand,
  StopBuildCommand,
} from "@aws-sdk/client-codebuild";
