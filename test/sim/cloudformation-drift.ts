// Drift detection: a resource drifts when the scenario says AWS holds something else than its
// template (seeded drift); DetectStackDrift compares, per resource, the expected properties with
// the actual ones and records the differences as CloudFormation reports them.
import { randomUUID } from "node:crypto";
import { valueText } from "./cloudformation-changes";
import {
  driftSupported,
  type CfnRegion,
  type DriftDetection,
  type StackRecord,
} from "./cloudformation-model";
import type { Timeline } from "./cloudformation-timeline";
import type { Json } from "./state";

/** Simulated seconds a detection takes. */
const DETECTION_SECONDS = 2;

function setPath(target: Json, path: string[], value: unknown): void {
  let node = target;
  for (const part of path.slice(0, -1)) {
    const next = node[part];
    node = typeof next === "object" && next !== null ? (next as Json) : (node[part] = {});
  }
  const last = path[path.length - 1]!;
  if (value === null) delete node[last];
  else node[last] = value;
}

function getPath(source: Json, path: string[]): unknown {
  let node: unknown = source;
  for (const part of path)
    node = typeof node === "object" && node !== null ? (node as Json)[part] : undefined;
  return node;
}

/** Compares every checked resource of a stack with what the scenario says AWS holds. */
export function detect(stack: StackRecord, logicalIds: readonly string[] | undefined, now: number): number {
  let drifted = 0;
  for (const r of stack.resources.values()) {
    if (logicalIds && logicalIds.length > 0 && !logicalIds.includes(r.logicalId)) continue;
    if (!driftSupported(r.type)) {
      r.drift = { status: "NOT_CHECKED", checkedAt: now };
      continue;
    }
    const expected = r.props;
    if (r.seededDrift === "DELETED") {
      r.drift = { status: "DELETED", checkedAt: now, expected, differences: [] };
      drifted++;
      continue;
    }
    const actual = structuredClone(expected);
    const differences: Json[] = [];
    for (const [dotted, value] of Object.entries(r.seededDrift ?? {})) {
      const path = dotted.split(".");
      const before = getPath(expected, path);
      setPath(actual, path, value);
      differences.push({
        PropertyPath: `/${path.join("/")}`,
        ExpectedValue: valueText(before ?? ""),
        ActualValue: valueText(value ?? ""),
        DifferenceType: before === undefined ? "ADD" : value === null ? "REMOVE" : "NOT_EQUAL",
      });
    }
    r.drift = {
      status: differences.length ? "MODIFIED" : "IN_SYNC",
      checkedAt: now,
      expected,
      actual,
      differences,
    };
    if (differences.length) drifted++;
  }
  stack.drift = { status: drifted ? "DRIFTED" : "IN_SYNC", checkedAt: now };
  return drifted;
}

/** Starts a detection that completes on the timeline; returns it. */
export function startDetection(
  cfn: CfnRegion,
  stack: StackRecord,
  logicalIds: readonly string[] | undefined,
  timeline: Timeline,
): DriftDetection {
  const detection: DriftDetection = {
    id: randomUUID(),
    stackId: stack.id,
    status: "DETECTION_IN_PROGRESS",
    started: timeline.now(),
  };
  cfn.detections.set(detection.id, detection);
  timeline.after(DETECTION_SECONDS * 1000, () => {
    detection.drifted = detect(stack, logicalIds, timeline.now());
    detection.driftStatus = stack.drift.status;
    detection.status = "DETECTION_COMPLETE";
  });
  return detection;
}
