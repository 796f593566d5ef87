// Loaded on first use (a separate file in dist/): the CodeDeploy client and the commands we send.
export {
  BatchGetApplicationsCommand,
  BatchGetDeploymentGroupsCommand,
  BatchGetDeploymentsCommand,
  BatchGetDeploymentTargetsCommand,
  CodeDeployClient,
  ContinueDeploymentCommand,
  CreateDeploymentCommand,
  ListApplicationsCommand,
  ListDeploymentConfigsCommand,
  ListDeploymentGroupsCommand,
  ListDeploymentsCommand,
  ListDeploymentTargetsCommand,
  RegisterApplicationRevisionCommand,
  StopDeploymentCommand,
} from "@aws-sdk/client-codedeploy";
