import type { StatusLook } from "../../core/statusLook";

/** Stack statuses that end an operation. */
export function isTerminal(status: string): boolean {
  return !status.endsWith("_IN_PROGRESS");
}

/** A stack operation under way (REVIEW_IN_PROGRESS is a stack waiting for its first change set, not an operation). */
export function isInProgress(status: string): boolean {
  return status.endsWith("_IN_PROGRESS") && status !== "REVIEW_IN_PROGRESS";
}

export function isFailed(status: string): boolean {
  return status.endsWith("_FAILED");
}

/** An operation that undid itself: ROLLBACK_COMPLETE, UPDATE_ROLLBACK_COMPLETE, … */
export function isRolledBack(status: string): boolean {
  return /ROLLBACK_COMPLETE$/.test(status);
}

export function isSuccess(status: string): boolean {
  return (
    status === "CREATE_COMPLETE" ||
    status === "UPDATE_COMPLETE" ||
    status === "DELETE_COMPLETE" ||
    status === "IMPORT_COMPLETE"
  );
}

/** The colour a stack or resource status is shown in: complete, in progress, failed, rolled back. */
export function stackStatusLook(status: string | undefined): StatusLook {
  const word = status ? status.toLowerCase().replace(/_/g, " ") : "unknown";
  if (!status) return { icon: "circle-outline", word };
  if (status === "REVIEW_IN_PROGRESS")
    return { icon: "eye", color: "charts.blue", word: "review in progress" };
  if (status === "DELETE_COMPLETE") return { icon: "trash", color: "disabledForeground", word: "deleted" };
  if (status === "DELETE_SKIPPED")
    return { icon: "circle-slash", color: "disabledForeground", word: "retained" };
  if (isInProgress(status)) {
    const rolling = status.includes("ROLLBACK");
    return { icon: "sync~spin", ...(rolling ? { color: "charts.orange" } : {}), word };
  }
  if (isFailed(status)) return { icon: "error", color: "testing.iconFailed", word };
  if (isRolledBack(status)) return { icon: "warning", color: "charts.orange", word };
  if (status.endsWith("_COMPLETE")) return { icon: "pass", color: "testing.iconPassed", word };
  return { icon: "circle-outline", word };
}

export function driftLook(drift: string | undefined): StatusLook | undefined {
  switch (drift) {
    case "DRIFTED":
    case "MODIFIED":
      return {
        icon: "diff",
        color: "charts.orange",
        word: drift === "DRIFTED" ? "drifted" : "modified outside CloudFormation",
      };
    case "DELETED":
      return { icon: "diff-removed", color: "testing.iconFailed", word: "deleted outside CloudFormation" };
    case "IN_SYNC":
      return { icon: "check", color: "testing.iconPassed", word: "in sync" };
    default:
      return undefined;
  }
}

/** Why a stack in this status cannot take an update, in words; undefined when it can. */
export function whyNotUpdatable(name: string, status: string): string | undefined {
  if (isInProgress(status))
    return `Stack ${name} is busy (${status}): wait until this operation ends, then deploy again.`;
  switch (status) {
    case "ROLLBACK_COMPLETE":
    case "ROLLBACK_FAILED":
    case "CREATE_FAILED":
      return `Stack ${name} is in ${status}: its creation failed, and a stack whose creation failed cannot be updated. Delete the stack, then deploy again to create it anew.`;
    case "DELETE_FAILED":
      return `Stack ${name} is in DELETE_FAILED: delete it again (retaining the resources that cannot be deleted) before deploying.`;
    case "UPDATE_ROLLBACK_FAILED":
      return `Stack ${name} is in UPDATE_ROLLBACK_FAILED: continue the rollback (ContinueUpdateRollback, in the console) before deploying again.`;
    case "DELETE_COMPLETE":
      return `Stack ${name} has been deleted.`;
  }
  return undefined;
}
