// Past builds from a scenario's history: complete records with phases and logs laid out in
// the past, written in one go.
import { createBuildRecord } from "./build-factory";
import { planBuild, resolveFailPhase, type PlannedPhase } from "./build-plan";
import { openBuildLog, writeBuildLines } from "./log-writer";
import type { HistoryEntry } from "./scenario";
import type { BuildRecord, ProjectRecord, RegionState } from "./state";

function historyPlan(project: ProjectRecord, entry: HistoryEntry, srcDir: string): PlannedPhase[] {
  const behavior = project.behavior;
  if (entry.status === "STOPPED") {
    const stopAt = resolveFailPhase(behavior, entry.failPhase);
    const full = planBuild({ behavior, outcome: "SUCCEEDED", srcDir });
    const cut = Math.max(
      0,
      full.findIndex((p) => p.type === stopAt),
    );
    const plan = full.slice(0, cut + 1);
    const last = plan[plan.length - 1] as PlannedPhase;
    plan[plan.length - 1] = {
      ...last,
      status: "STOPPED",
      body: last.body.slice(0, Math.ceil(last.body.length / 2)),
      tail: [],
    };
    const finalizing = full.find((p) => p.type === "FINALIZING");
    const completed = full.find((p) => p.type === "COMPLETED");
    if (finalizing) plan.push(finalizing);
    if (completed) plan.push(completed);
    return plan;
  }
  const outcome = entry.status === "IN_PROGRESS" ? "SUCCEEDED" : entry.status;
  return planBuild({ behavior, outcome, ...(entry.failPhase ? { failPhase: entry.failPhase } : {}), srcDir });
}

export function addFinishedBuild(
  region: RegionState,
  project: ProjectRecord,
  entry: HistoryEntry,
  startTime: number,
): BuildRecord {
  const { build, srcDir, commit } = createBuildRecord(
    region,
    project,
    entry.sourceVersion !== undefined ? { sourceVersion: entry.sourceVersion } : {},
    entry.initiator ?? `codepipeline/${project.name}-pipeline`,
    startTime,
    entry.resolvedSourceVersion !== undefined ? { resolvedSourceVersion: entry.resolvedSourceVersion } : {},
  );
  const plan = historyPlan(project, entry, srcDir);
  const total = plan.reduce((sum, p) => sum + (p.type === "COMPLETED" ? 0 : p.seconds), 0);
  const scale = entry.durationSeconds !== undefined && total > 0 ? entry.durationSeconds / total : 1;

  let t = startTime;
  for (const phase of plan) {
    build.currentPhase = phase.type;
    if (phase.type === "COMPLETED") {
      build.phases.push({ phaseType: "COMPLETED", startTime: t });
      break;
    }
    if (phase.type === "PROVISIONING") openBuildLog(region, build, t);
    const duration = Math.round(phase.seconds * 1000 * scale);
    writeBuildLines(region, build, phase.head, t);
    const n = phase.body.length;
    phase.body.forEach((line, j) => {
      writeBuildLines(region, build, [line], t + Math.floor((duration * (j + 1)) / (n + 1)));
    });
    writeBuildLines(region, build, phase.tail, t + duration);
    build.phases.push({
      phaseType: phase.type,
      phaseStatus: phase.status,
      startTime: t,
      endTime: t + duration,
      ...(phase.type === "SUBMITTED" ? {} : { contexts: phase.context ? [phase.context] : [] }),
    });
    if (phase.type === "DOWNLOAD_SOURCE" && phase.status === "SUCCEEDED")
      build.resolvedSourceVersion = commit;
    t += duration;
  }
  build.buildStatus = entry.status === "IN_PROGRESS" ? "SUCCEEDED" : entry.status;
  build.endTime = t;
  build.complete = true;
  return build;
}
