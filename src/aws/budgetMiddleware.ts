import type { FinalizeRequestMiddleware, MiddlewareStack } from "@smithy/types";
import { budgetOf } from "../core/callBudget";

/** What the middleware needs of an SDK client: its middleware stack (of any service's types). */
export interface MiddlewareClient {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- every client's stack, whatever its input and output types
  readonly middlewareStack: Pick<MiddlewareStack<any, any>, "add">;
}

/**
 * Records each attempt of a background request (a poll, a log follower's read) in the
 * extension's call budget. Inside the retry middleware, so every attempt counts, as it does
 * against AWS's quotas.
 */
const recordInBudget: FinalizeRequestMiddleware<object, object> = (next, context) => (args) => {
  budgetOf(signalOf(context))?.record();
  return next(args);
};

/** The abort signal the request was sent with: the SDK puts it in the context's `__smithy_context`. */
function signalOf(context: object): AbortSignal | undefined {
  const smithy = (context as { __smithy_context?: { abortSignal?: unknown } }).__smithy_context;
  return smithy?.abortSignal instanceof AbortSignal ? smithy.abortSignal : undefined;
}

export function addBudgetMiddleware(client: MiddlewareClient): void {
  client.middlewareStack.add(recordInBudget, {
    step: "finalizeRequest",
    name: "awsCicdCallBudget",
    priority: "low",
  });
}
