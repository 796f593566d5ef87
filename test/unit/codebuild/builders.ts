import type { Build, Phase, Project } from "../../../src/codebuild/model/types";

let counter = 0;

/** A build as CodeBuild would describe it; override what the test is about. */
export function aBuild(overrides: Partial<Build> = {}): Build {
  counter++;
  const projectName = overrides.projectName ?? "web-app";
  const id = overrides.id ?? `${projectName}:00000000-0000-0000-0000-${String(counter).padStart(12, "0")}`;
  return {
    id,
    arn: `arn:aws:codebuild:us-east-1:123456789012:build/${id}`,
    projectName,
    number: counter,
    status: "IN_PROGRESS",
    complete: false,
    currentPhase: "BUILD",
    sourceVersion: "main",
    initiator: "user/alice",
    startTime: new Date("2026-11-29T10:00:00Z"),
    phases: [],
    logs: { groupName: `/aws/codebuild/${projectName}`, streamName: id.split(":")[1] ?? id },
    ...overrides,
  };
}

export function aFinishedBuild(status: Build["status"], overrides: Partial<Build> = {}): Build {
  return aBuild({
    status,
    complete: true,
    currentPhase: "COMPLETED",
    endTime: new Date("2026-11-29T10:01:03Z"),
    ...overrides,
  });
}

export function aPhase(type: string, status?: string, durationSeconds?: number): Phase {
  return { type, status, durationSeconds, contexts: [] };
}

export function aProject(name: string): Project {
  return { name, arn: `arn:aws:codebuild:us-east-1:123456789012:project/${name}` };
}
