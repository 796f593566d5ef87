import { isStackEvent } from "./operation";
import { isFailed, isInProgress, isRolledBack } from "./status";
import type { StackEvent } from "./types";

export interface OperationLook {
  readonly text: string;
  readonly tooltip: string;
  readonly failed: boolean;
}

/** The one function mapping a stack's operation to the status bar's text and tooltip. */
export function operationStatusBarLook(
  name: string,
  status: string,
  operation: readonly StackEvent[],
): OperationLook {
  const resources = new Map<string, string>();
  for (const e of operation) if (!isStackEvent(e)) resources.set(e.logicalId, e.status);
  const done = [...resources.values()].filter((s) => !s.endsWith("_IN_PROGRESS")).length;
  const failed = isFailed(status) || isRolledBack(status);
  const words = status.toLowerCase().replace(/_/g, " ");
  if (isInProgress(status)) {
    const progress = resources.size ? ` ${done}/${resources.size}` : "";
    return {
      text: `$(sync~spin) ${name} · ${words}${progress}`,
      tooltip: `Stack ${name}: ${status}${resources.size ? ` — ${done} of ${resources.size} resources done` : ""}. Click for the timeline.`,
      failed: false,
    };
  }
  return {
    text: `${failed ? "$(error)" : "$(check)"} ${name} · ${words}`,
    tooltip: `Stack ${name}: ${status}. Click for the timeline.`,
    failed,
  };
}
