/** Domain types for CodeBuild, independent of the SDK's shapes. */
import type { LogLocation } from "../../logs/types";

export type BuildStatus = "SUCCEEDED" | "FAILED" | "FAULT" | "TIMED_OUT" | "IN_PROGRESS" | "STOPPED";

export interface Phase {
  readonly type: string;
  readonly status?: string;
  readonly startTime?: Date;
  readonly endTime?: Date;
  readonly durationSeconds?: number;
  readonly contexts: readonly string[];
}

export interface Build {
  readonly id: string;
  readonly arn: string;
  readonly projectName: string;
  readonly number?: number;
  readonly status: BuildStatus;
  readonly currentPhase?: string;
  readonly complete: boolean;
  readonly sourceVersion?: string;
  readonly resolvedSourceVersion?: string;
  readonly initiator?: string;
  readonly startTime?: Date;
  readonly endTime?: Date;
  readonly phases: readonly Phase[];
  readonly logs?: LogLocation;
}

export interface Project {
  readonly name: string;
  readonly arn: string;
  readonly description?: string;
  readonly sourceType?: string;
  readonly sourceLocation?: string;
  readonly buildspec?: string;
}

export interface EnvironmentVariable {
  readonly name: string;
  readonly value: string;
  readonly type: "PLAINTEXT" | "PARAMETER_STORE" | "SECRETS_MANAGER";
}

export interface StartBuildRequest {
  readonly projectName: string;
  readonly sourceVersion?: string;
  readonly environmentVariables?: readonly EnvironmentVariable[];
  readonly buildspecOverride?: string;
}

/** What the model needs from CodeBuild. Every call can be aborted. */
export interface CodeBuildApi {
  listProjectNames(signal: AbortSignal): Promise<string[]>;
  getProjects(names: readonly string[], signal: AbortSignal): Promise<Project[]>;
  listBuildIdsForProject(projectName: string, max: number, signal: AbortSignal): Promise<string[]>;
  listBuildIds(max: number, signal: AbortSignal): Promise<string[]>;
  getBuilds(ids: readonly string[], signal: AbortSignal): Promise<Build[]>;
  startBuild(request: StartBuildRequest, signal: AbortSignal): Promise<Build>;
  stopBuild(id: string, signal: AbortSignal): Promise<Build>;
  retryBuild(id: string, signal: AbortSignal): Promise<Build>;
}
