// AWS-style service errors: serialized as {"__type": code, "message": ...} with an HTTP status.

export class SimError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

export type Service = "codebuild" | "logs" | "codepipeline";

/** The error code each service uses for malformed or missing input. */
export function invalidInput(service: Service, message: string): SimError {
  const code = {
    codebuild: "InvalidInputException",
    logs: "InvalidParameterException",
    codepipeline: "ValidationException",
  }[service];
  return new SimError(code, message);
}

export function notFound(message: string): SimError {
  return new SimError("ResourceNotFoundException", message);
}

export function alreadyExists(message: string): SimError {
  return new SimError("ResourceAlreadyExistsException", message);
}

/** AWS's wording for a request member that fails a model constraint. */
export function constraintViolation(
  service: Service,
  member: string,
  value: unknown,
  constraint: string,
): SimError {
  let shown = "null";
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    shown = `'${value}'`;
  else if (value !== undefined && value !== null) shown = `'${JSON.stringify(value)}'`;
  return invalidInput(
    service,
    `1 validation error detected: Value ${shown} at '${member}' failed to satisfy constraint: ${constraint}`,
  );
}
