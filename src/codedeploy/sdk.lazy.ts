// Loaded on first use (a separate file in dist/): the CodeDeploy and S3 clients and the commands we send.
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
export { HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
export { createReadStream } from "node:fs";
