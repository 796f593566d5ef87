import { abortError } from "../core/abort";
import { withJoinedSignal } from "../core/joinedSignal";
import { markOnce } from "../core/marks";

/** The longest a request may take, all attempts and retries together. */
export const REQUEST_DEADLINE_MS = 40_000;

/** The error a request that ran out of time rejects with (classified as "unreachable"). */
export function deadlineError(ms: number): Error {
  const error = new Error(`AWS did not answer within ${Math.round(ms / 1000)} s.`);
  error.name = "TimeoutError";
  return error;
}

/**
 * Runs a request with the caller's signal and an overall deadline: a stalled endpoint ends
 * the request (and its retries) within `deadlineMs`, as a TimeoutError the user reads as
 * "unreachable"; the caller's own abort stays a cancellation. The caller is let go when either
 * comes even if the request does not end: the SDK waits for the credentials before it looks at
 * the signal, and a credential_process may wait for ever.
 */
export async function withDeadline<T>(
  signal: AbortSignal,
  request: (abortSignal: AbortSignal) => Promise<T>,
  deadlineMs = REQUEST_DEADLINE_MS,
): Promise<T> {
  const deadline = AbortSignal.timeout(deadlineMs);
  try {
    markOnce("first AWS request");
    const answer = await withJoinedSignal([signal, deadline], (joined) =>
      untilAborted(joined, request(joined)),
    );
    markOnce("first AWS answer");
    return answer;
  } catch (error) {
    if (deadline.aborted && !signal.aborted) throw deadlineError(deadlineMs);
    throw error;
  }
}

/** Settles as `work` does, or rejects with an AbortError as soon as `signal` aborts. */
function untilAborted<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(abortError());
  }
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(abortError());
    signal.addEventListener("abort", stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener("abort", stop));
  });
}

interface SendOptions {
  readonly abortSignal?: unknown;
  readonly requestTimeout?: number;
}

/** A signal that never aborts, for a request sent without one. */
const NEVER = new AbortController().signal;

/** The client a `withDeadlines` proxy wraps, for `withoutDeadline`. */
const UNWRAPPED = Symbol("client without deadlines");

/**
 * `client` with the overall deadline (withDeadline) on every request; AwsClients wraps every
 * client it makes in it. An upload (`requestTimeout: 0`: no limit on its attempt) has none: the
 * connection's idle timeout ends a stalled one, and the user can cancel it.
 */
export function withDeadlines<C extends object>(client: C, deadlineMs = REQUEST_DEADLINE_MS): C {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === UNWRAPPED) return target;
      const value: unknown = Reflect.get(target, property, receiver);
      if (property !== "send" || typeof value !== "function") return value;
      const send = value.bind(target) as (command: unknown, options?: SendOptions) => Promise<unknown>;
      return (command: unknown, options?: SendOptions) => {
        if (options?.requestTimeout === 0) return send(command, options);
        const signal = options?.abortSignal instanceof AbortSignal ? options.abortSignal : NEVER;
        return withDeadline(signal, (abortSignal) => send(command, { ...options, abortSignal }), deadlineMs);
      };
    },
  });
}

/**
 * The client under `withDeadlines`, for a request that outlives the deadline by design (Live
 * Tail's stream: its start has its own deadline, and its signal must stay live after the answer).
 */
export function withoutDeadline<C extends object>(client: C): C {
  return (client as { [UNWRAPPED]?: C })[UNWRAPPED] ?? client;
}
