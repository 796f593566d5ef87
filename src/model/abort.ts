/** The error an aborted load rejects with (what the SDK throws too). */
export function abortError(): Error {
  const error = new Error("The request was aborted");
  error.name = "AbortError";
  return error;
}
