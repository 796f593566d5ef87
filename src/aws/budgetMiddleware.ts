import type { FinalizeRequestMiddleware, MiddlewareStack } from "@smithy/types";
import { currentBudget } from "../core/callBudget";

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
const recordInBudget: FinalizeRequestMiddleware<object, object> = (next) => (args) => {
  currentBudget()?.record();
  return next(args);
};

export function addBudgetMiddleware(client: MiddlewareClient): void {
  client.middlewareStack.add(recordInBudget, {
    step: "finalizeRequest",
    name: "awsCicdCallBudget",
    priority: "low",
  });
}
