// AWS-style service errors: a code, a message and an HTTP status; each protocol front-end
// puts them on the wire its own way (JSON: {"__type": code, "message": ...}).

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

/** A service's name as registered in services.ts ("codebuild", "logs", …). */
export type Service = string;

/** The error code each service uses for malformed or missing input; a new service whose
 *  model names another code than ValidationException adds a line here. */
const VALIDATION_ERROR_CODES: Readonly<Record<Service, string>> = {
  codebuild: "InvalidInputException",
  logs: "InvalidParameterException",
  codepipeline: "ValidationException",
  cloudformation: "ValidationError",
};

export function invalidInput(service: Service, message: string): SimError {
  return new SimError(VALIDATION_ERROR_CODES[service] ?? "ValidationException", message);
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
