import type { ErrorAdvice } from "../../aws/errors";

/** CloudFormation's refusals, in words that say what to do. */
export const CLOUDFORMATION_ERROR_ADVICE: ErrorAdvice = {
  ValidationError: { kind: "invalidInput", message: "CloudFormation refused the request" },
  InsufficientCapabilitiesException: {
    kind: "invalidInput",
    message: "CloudFormation needs the template's capabilities acknowledged (deploy again and accept them)",
  },
  AlreadyExistsException: {
    kind: "invalidInput",
    message: "A stack or change set of that name exists already",
  },
  ChangeSetNotFoundException: {
    kind: "notFound",
    message: "The change set no longer exists (it was executed or deleted): refresh the stack",
  },
  InvalidChangeSetStatusException: {
    kind: "invalidInput",
    message: "The change set cannot be used now (it is not ready, already executed, or failed)",
  },
  TokenAlreadyExistsException: { kind: "invalidInput", message: "This request was already made" },
};

/** Whether an error is CloudFormation's ValidationError (a template or request it refuses). */
export function isValidationError(error: unknown): boolean {
  return (
    typeof error === "object" && error !== null && (error as { name?: unknown }).name === "ValidationError"
  );
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
