/** Turns what the SDK throws into something a person can act on. */

export type ErrorKind =
  | "noCredentials"
  | "ssoExpired"
  | "accessDenied"
  | "badCredentials"
  | "throttled"
  | "unreachable"
  | "notFound"
  | "invalidInput"
  | "aborted"
  | "other";

export interface FriendlyError {
  readonly kind: ErrorKind;
  readonly message: string;
}

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

const THROTTLING = new Set([
  "ThrottlingException",
  "Throttling",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "ProvisionedThroughputExceededException",
]);
const NETWORK = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "TimeoutError",
]);

/** A service's own refusals (by error name), in words that say what to do. */
export type ErrorAdvice = Readonly<Record<string, { readonly kind: ErrorKind; readonly message: string }>>;

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

export function errorName(error: unknown): string {
  if (typeof error !== "object" || error === null) return "";
  const e = error as ErrorLike;
  return text(e.name) || text(e.code);
}

export function isThrottling(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const e = error as ErrorLike;
  return THROTTLING.has(errorName(error)) || e.$metadata?.httpStatusCode === 429;
}

import { isAbort } from "../core/abort";
import { redactUrl } from "./redact";

export { isAbort };

function networkCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === "object" && current !== null; depth++) {
    const e = current as ErrorLike;
    const code = text(e.code) || text(e.name);
    if (NETWORK.has(code)) return code;
    if (/socket hang up|connect ECONNREFUSED|getaddrinfo/i.test(text(e.message))) return "ECONNREFUSED";
    current = e.cause;
  }
  return undefined;
}

/**
 * Classifies an error. `profile` names the profile in use, for advice such as
 * "run `aws sso login --profile dev`".
 */
export function classifyError(
  error: unknown,
  context: { profile?: string; endpoint?: string } = {},
  advice: ErrorAdvice = {},
): FriendlyError {
  const name = errorName(error);
  const raw =
    typeof error === "object" && error !== null ? text((error as ErrorLike).message) : String(error);
  const profile = context.profile ? ` --profile ${context.profile}` : "";
  const profileName = context.profile ?? "default";

  if (isAbort(error)) return { kind: "aborted", message: "Cancelled." };
  if (isThrottling(error)) {
    return {
      kind: "throttled",
      message: "AWS is throttling requests (rate exceeded). The extension slows down and retries.",
    };
  }
  if (name === "CredentialsTimeoutError") return { kind: "noCredentials", message: raw };
  if (/sso/i.test(raw) && /expired|refresh|token|login/i.test(raw)) {
    return {
      kind: "ssoExpired",
      message: `The SSO session for profile ${profileName} has expired — run \`aws sso login${profile}\` and refresh.`,
    };
  }
  if (name === "ExpiredTokenException" || name === "ExpiredToken" || name === "TokenRefreshRequired") {
    return {
      kind: "ssoExpired",
      message: `The credentials of profile ${profileName} have expired — refresh them (for SSO: \`aws sso login${profile}\`).`,
    };
  }
  if (name === "CredentialsProviderError" || /could not load credentials/i.test(raw)) {
    return {
      kind: "noCredentials",
      message: `No AWS credentials were found for profile ${profileName}. Run \`aws configure${profile}\` (or \`aws configure sso\`), or choose another profile.`,
    };
  }
  if (
    name === "InvalidSignatureException" ||
    name === "UnrecognizedClientException" ||
    name === "SignatureDoesNotMatch" ||
    name === "InvalidClientTokenId"
  ) {
    return {
      kind: "badCredentials",
      message: `AWS rejected the credentials of profile ${profileName} (${name}). Check the access key and secret, or choose another profile.`,
    };
  }
  if (
    name === "AccessDeniedException" ||
    name === "AccessDenied" ||
    name === "UnauthorizedOperation" ||
    name === "NotAuthorized"
  ) {
    return { kind: "accessDenied", message: `Access denied: ${raw || name}` };
  }
  const net = networkCode(error);
  if (net) {
    const where = context.endpoint ? ` at ${redactUrl(context.endpoint)}` : "";
    return {
      kind: "unreachable",
      message: `AWS could not be reached${where} (${net}). Check the network or the endpoint URL.`,
    };
  }
  const known = advice[name];
  if (known) return { kind: known.kind, message: `${known.message}${raw ? ` (${raw})` : ""}` };
  if (
    name === "ResourceNotFoundException" ||
    name === "NotFoundException" ||
    name.endsWith("NotFoundException")
  ) {
    return { kind: "notFound", message: raw || "It does not exist." };
  }
  if (
    name === "InvalidInputException" ||
    name === "ValidationException" ||
    name === "InvalidParameterException"
  ) {
    return { kind: "invalidInput", message: raw || name };
  }
  return {
    kind: "other",
    message: raw ? (name && !raw.includes(name) ? `${name}: ${raw}` : raw) : name || "Unknown error",
  };
}
