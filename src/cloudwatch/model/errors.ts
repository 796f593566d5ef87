import type { ErrorAdvice } from "../../aws/errors";

/** CloudWatch's and CloudWatch Logs' refusals, in words that say what to do. */
export const CLOUDWATCH_ERROR_ADVICE: ErrorAdvice = {
  ResourceNotFound: { kind: "notFound", message: "The alarm does not exist (any more); refresh the tree." },
  InvalidParameterException: { kind: "invalidInput", message: "CloudWatch Logs refused the request" },
  LimitExceededException: {
    kind: "invalidInput",
    message: "CloudWatch Logs refused: a limit of the account was reached",
  },
};
