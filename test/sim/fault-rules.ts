// The vocabulary of fault injection: the kinds of fault and the shape of a rule.

/** What a fault does to a request (README.md "Faults"). */
export const FAULT_KINDS = [
  "throttle", // 400 ThrottlingException (or the service's own code)
  "internal", // 500 InternalFailure
  "unavailable", // 503 ServiceUnavailable
  "expired", // 400 ExpiredTokenException
  "error", // any code and status (rule.code, rule.status)
  "reset", // the connection is reset before any answer
  "stall", // no answer until the client gives up (or the simulator closes)
  "slow", // the answer comes after rule.delayMs
  "truncate", // full Content-Length, half the body, then the connection is closed
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultRule {
  kind: FaultKind;
  /** Which requests: an operation ("GetLogEvents"), a full target ("Logs_20140328.GetLogEvents"),
   *  "service.Operation" ("logs.GetLogEvents") or a service ("logs"). Absent: every request.
   *  The most specific matching rule of a kind wins. */
  scope?: string;
  /** Chance per matching request, 0…1. */
  probability?: number;
  /** The next `times` matching requests (the rule is spent after them). Takes precedence over
   *  probabilities. */
  times?: number;
  /** slow: wall milliseconds before the answer. Default 1000. */
  delayMs?: number;
  /** error: the code, HTTP status and message to answer. */
  code?: string;
  status?: number;
  message?: string;
}

export interface FaultConfig {
  /** Seed of the generator behind `probability` rules. Default 1. */
  seed?: number;
  rules: FaultRule[];
}

export const DEFAULT_SEED = 1;
export const DEFAULT_SLOW_MS = 1000;
