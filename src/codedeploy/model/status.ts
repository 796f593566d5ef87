import type { StatusLook } from "../../core/statusLook";
import type {
  Deployment,
  DeploymentGroup,
  DeploymentTarget,
  LastDeployment,
  LifecycleEvent,
  Revision,
} from "./types";

const LOOKS: Record<string, StatusLook> = {
  Created: { icon: "clock", word: "created" },
  Queued: { icon: "clock", word: "queued" },
  InProgress: { icon: "sync~spin", word: "in progress" },
  Baking: { icon: "sync~spin", word: "baking" },
  Ready: { icon: "debug-pause", color: "charts.yellow", word: "waiting to reroute traffic" },
  Succeeded: { icon: "pass", color: "testing.iconPassed", word: "succeeded" },
  Failed: { icon: "error", color: "testing.iconFailed", word: "failed" },
  Stopped: { icon: "circle-slash", color: "disabledForeground", word: "stopped" },
  Pending: { icon: "circle-outline", word: "pending" },
  Skipped: { icon: "debug-step-over", color: "disabledForeground", word: "skipped" },
  Unknown: { icon: "question", word: "unknown" },
};

/** The look of a deployment's, a target's or a lifecycle event's status. */
export function statusLook(status: string | undefined): StatusLook {
  return (status && LOOKS[status]) || { icon: "circle-outline", word: status ? status.toLowerCase() : "—" };
}

/** A deployment's look, with a blue/green wait said as what it waits for. */
export function deploymentLook(d: Deployment): StatusLook {
  if (d.waitingFor === "TERMINATION_WAIT")
    return { icon: "watch", color: "charts.yellow", word: "waiting to end the original fleet" };
  return statusLook(d.status);
}

export function isActive(d: Pick<Deployment, "status">): boolean {
  return ["Created", "Queued", "InProgress", "Ready", "Baking"].includes(d.status);
}

export function isFinished(d: Pick<Deployment, "status">): boolean {
  return !isActive(d);
}

/** Whether ContinueDeployment applies, and for which wait. */
export function continueWait(d: Deployment): "READY_WAIT" | "TERMINATION_WAIT" | undefined {
  if (d.deploymentType !== "BLUE_GREEN" || !isActive(d)) return undefined;
  if (d.status === "Ready") return "READY_WAIT";
  return d.waitingFor;
}

const CREATORS: Record<string, string> = {
  user: "user",
  autoscaling: "Auto Scaling",
  autoscalingTermination: "Auto Scaling",
  codeDeployRollback: "rollback",
  CodeDeploy: "CodeDeploy",
  CodeDeployAutoUpdate: "auto-update",
  CloudFormation: "CloudFormation",
  CloudFormationRollback: "CloudFormation rollback",
};

/** Who started it, as people say it; a CodePipeline action's deployment says "CodePipeline". */
export function creatorLabel(d: Deployment): string {
  if (d.description && /codepipeline/i.test(d.description) && d.creator === "user") return "CodePipeline";
  return CREATORS[d.creator ?? ""] ?? d.creator ?? "";
}

/** The revision in a few words: `s3://bucket/key`, `owner/repo@abc1234`, `AppSpec content`. */
export function revisionLabel(r: Revision): string {
  switch (r.kind) {
    case "S3":
      return `s3://${r.bucket}/${r.key}`;
    case "GitHub":
      return `${r.repository}@${r.commitId.slice(0, 7)}`;
    case "AppSpecContent":
    case "String":
      return "AppSpec content";
    default:
      return "unknown revision";
  }
}

/** Targets done (succeeded, failed or skipped) of all, as a percentage. */
export function progressPercent(d: Deployment): number | undefined {
  const o = d.overview;
  if (!o) return undefined;
  const total = o.Pending + o.InProgress + o.Succeeded + o.Failed + o.Skipped + o.Ready;
  if (total === 0) return undefined;
  return Math.round(((o.Succeeded + o.Failed + o.Skipped) / total) * 100);
}

export function deploymentDurationMs(d: Deployment, now: Date): number | undefined {
  const start = d.startTime ?? d.createTime;
  if (!start) return undefined;
  const end = d.completeTime ?? (isActive(d) ? now : undefined);
  return end ? end.getTime() - start.getTime() : undefined;
}

/** The event a target is at: the running one, else the failed one, else the last that ran. */
export function currentEvent(t: DeploymentTarget): LifecycleEvent | undefined {
  return (
    t.events.find((e) => e.status === "InProgress") ??
    t.events.find((e) => e.status === "Failed") ??
    [...t.events].reverse().find((e) => e.status === "Succeeded")
  );
}

/** The failed lifecycle event of a deployment's targets, with its target (what "Show Failure" opens). */
export function firstFailure(
  targets: readonly DeploymentTarget[],
): { target: DeploymentTarget; event: LifecycleEvent } | undefined {
  for (const target of targets) {
    const event = target.events.find((e) => e.status === "Failed");
    if (event) return { target, event };
  }
  return undefined;
}

export function eventDurationMs(e: LifecycleEvent, now: Date): number | undefined {
  if (!e.startTime) return undefined;
  const end = e.endTime ?? (e.status === "InProgress" ? now : undefined);
  return end ? end.getTime() - e.startTime.getTime() : undefined;
}

/** The group's deployment style in a few words. */
export function groupStyle(g: DeploymentGroup): string {
  if (g.computePlatform !== "Server") return "blue/green";
  return g.deploymentType === "BLUE_GREEN" ? "blue/green" : "in-place";
}

/** `CodeDeployDefault.OneAtATime` → `OneAtATime`. */
export function shortConfig(name: string | undefined): string | undefined {
  return name?.replace(/^CodeDeployDefault\./, "");
}

export function shortId(id: string): string {
  return id;
}

/**
 * A group's last deployment as the user should see it: the newest of what CodeDeploy said when
 * the group was listed (`lastAttempted`) and the deployments known since (started here, found by
 * a poll), with the known deployment's status when it is the same one — the group list is not
 * read again while a deployment runs.
 */
export function lastDeploymentOf(
  group: Pick<DeploymentGroup, "lastAttempted">,
  known: readonly Deployment[],
): LastDeployment | undefined {
  let last: LastDeployment | undefined = group.lastAttempted;
  for (const d of known) {
    const newer =
      !last || last.id === d.id || (d.createTime?.getTime() ?? 0) > (last.createTime?.getTime() ?? 0);
    if (newer)
      last = {
        id: d.id,
        status: d.status,
        createTime: d.createTime,
        endTime: d.completeTime,
        ...(d.creator === "codeDeployRollback" ? { rollback: true as const } : {}),
      };
  }
  return last;
}

/**
 * A group's last deployment's look: a rollback's says so, for a rollback that succeeded means the
 * deployment before it failed or was stopped ("rolled back", not "succeeded").
 */
export function lastDeploymentLook(last: LastDeployment): StatusLook {
  const look = statusLook(last.status);
  if (!last.rollback) return look;
  if (last.status === "Succeeded") return { icon: "discard", color: "charts.orange", word: "rolled back" };
  if (last.status === "Failed") return { ...look, word: "rollback failed" };
  if (last.status === "Stopped") return { ...look, word: "rollback stopped" };
  return isActive(last) ? { ...look, word: "rolling back" } : look;
}
