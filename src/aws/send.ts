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
 * "unreachable"; the caller's own abort stays a cancellation.
 */
export async function withDeadline<T>(
  signal: AbortSignal,
  request: (abortSignal: AbortSignal) => Promise<T>,
  deadlineMs = REQUEST_DEADLINE_MS,
): Promise<T> {
  const deadline = AbortSignal.timeout(deadlineMs);
  try {
    markOnce("first AWS request");
    const answer = await withJoinedSignal([signal, deadline], request);
    markOnce("first AWS answer");
    return answer;
  } catch (error) {
    if (deadline.aborted && !signal.aborted) throw deadlineError(deadlineMs);
    throw error;
  }
}
