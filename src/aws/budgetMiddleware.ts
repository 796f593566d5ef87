import type { FinalizeRequestMiddleware, MiddlewareStack } from "@smithy/types";
import { currentBudget } from "../core/callBudget";

/** What the middleware needs of an SDK client: its middleware stack (of any service's types). */
export interface MiddlewareClient {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- every client's stack, whatever its input and output types
  readonly middlewareStack: Pick<MiddlewareStack<any, any>, "add">;
}

/**
 * Holds each attempt of a background request (a poll, a log follower's read) until the
 * extension's call budget has room; user actions pass at once. Inside the retry middleware, so
 * every attempt counts, as it does against AWS's quotas.
 */
const holdForBudget: FinalizeRequestMiddleware<object, object> = (next, context) => async (args) => {
  const budget = currentBudget();
  if (budget) {
    const smithy = (context as { __smithy_context?: { abortSignal?: AbortSignal } }).__smithy_context;
    await budget.take(smithy?.abortSignal);
  }
  return next(args);
};

export function addBudgetMiddleware(client: MiddlewareClient): void {
  client.middlewareStack.add(holdForBudget, {
    step: "finalizeRequest",
    name: "awsCicdCallBudget",
    priority: "low",
  });
}
