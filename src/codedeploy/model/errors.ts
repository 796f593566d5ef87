import type { ErrorAdvice } from "../../aws/errors";

/** CodeDeploy's refusals, in words that say what to do. */
export const DEPLOY_ERROR_ADVICE: ErrorAdvice = {
  DeploymentLimitExceededException: {
    kind: "invalidInput",
    message:
      "This deployment group is already deploying: wait for its deployment to finish (or stop it), then deploy again. Nothing new was started.",
  },
  DeploymentAlreadyCompletedException: {
    kind: "invalidInput",
    message: "This deployment has already finished; nothing was changed.",
  },
  DeploymentIsNotInReadyStateException: {
    kind: "invalidInput",
    message:
      "This deployment is not waiting to continue (it moved on, or is not at a blue/green wait); refresh it.",
  },
  UnsupportedActionForDeploymentTypeException: {
    kind: "invalidInput",
    message: "Only a blue/green deployment can be continued.",
  },
  DeploymentGroupDoesNotExistException: {
    kind: "notFound",
    message: "The deployment group does not exist (any more) in this account and region: refresh the tree.",
  },
  ApplicationDoesNotExistException: {
    kind: "notFound",
    message: "The application does not exist (any more) in this account and region: refresh the tree.",
  },
  DeploymentDoesNotExistException: {
    kind: "notFound",
    message: "The deployment was not found in this account and region.",
  },
  InvalidRevisionException: { kind: "invalidInput", message: "CodeDeploy refused the revision." },
  RevisionDoesNotExistException: { kind: "invalidInput", message: "The revision does not exist." },
  DeploymentConfigDoesNotExistException: {
    kind: "invalidInput",
    message: "The deployment configuration does not exist: pick another one.",
  },
  InvalidDeploymentConfigNameException: {
    kind: "invalidInput",
    message: "That deployment configuration does not fit this deployment group.",
  },
  DescriptionTooLongException: {
    kind: "invalidInput",
    message: "The description is too long (at most 100 characters).",
  },
};
