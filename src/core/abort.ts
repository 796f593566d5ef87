import { setMaxListeners } from "node:events";

/** The error an aborted load rejects with (what the SDK throws too). */
export function abortError(): Error {
  const error = new Error("The request was aborted");
  error.name = "AbortError";
  return error;
}

/** A controller whose signal every request of a store shares: many listeners on it are expected. */
export function lifetimeController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  return controller;
}

/** Whether an error is a cancellation (an aborted request or wait), not a failure. */
export function isAbort(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { name?: unknown }).name === "AbortError";
}
