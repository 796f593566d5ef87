// Everything the simulator knows, per region: projects, builds, CloudWatch Logs and pipelines.
import type { BuildStatus, PhaseType } from "./constants";
import type { PhaseContext } from "./build-plan";
import { CodeDeployRegion } from "./codedeploy-state";
import { LogStore } from "./log-store";
import type { PipelineRecord } from "./pipeline-model";
import type { BuildBehavior } from "./scenario";
import { S3Store } from "./s3-store";

export type Json = Record<string, unknown>;

export interface EnvVar {
  name: string;
  value: string;
  type?: string;
}

export interface ProjectRecord {
  name: string;
  arn: string;
  created: number;
  lastModified: number;
  /** Project members as the API returns them, minus name/arn/created/lastModified. */
  api: Json;
  behavior: BuildBehavior;
  nextBuildNumber: number;
}

export interface PhaseRecord {
  phaseType: PhaseType;
  phaseStatus?: BuildStatus;
  startTime: number;
  endTime?: number;
  contexts?: PhaseContext[];
}

/** What StartBuild was asked for; RetryBuild repeats it. */
export interface BuildRequest {
  sourceVersion?: string;
  environmentVariablesOverride?: EnvVar[];
  buildspecOverride?: string;
  timeoutInMinutesOverride?: number;
  queuedTimeoutInMinutesOverride?: number;
  imageOverride?: string;
  computeTypeOverride?: string;
}

export interface BuildRecord {
  /** Region-wide start order; newest has the highest. */
  seq: number;
  id: string;
  uuid: string;
  arn: string;
  projectName: string;
  buildNumber: number;
  startTime: number;
  endTime?: number;
  currentPhase: PhaseType;
  buildStatus: BuildStatus;
  sourceVersion?: string;
  resolvedSourceVersion?: string;
  phases: PhaseRecord[];
  initiator: string;
  source: Json;
  environment: Json;
  serviceRole: string;
  timeoutInMinutes: number;
  queuedTimeoutInMinutes: number;
  /** Set once the log stream exists (from PROVISIONING on). */
  logStream?: { group: string; stream: string };
  request: BuildRequest;
  complete: boolean;
}

export class RegionState {
  readonly projects = new Map<string, ProjectRecord>();
  /** In start order. */
  readonly builds = new Map<string, BuildRecord>();
  readonly logs = new LogStore();
  /** "<project>\n<token>" -> build id and when the token was first used. */
  readonly idempotency = new Map<string, { buildId: string; at: number }>();
  /** CodePipeline pipelines by name. */
  readonly pipelines = new Map<string, PipelineRecord>();
  /** CodeDeploy applications, deployment groups, configurations and deployments. */
  readonly codedeploy = new CodeDeployRegion();
  private buildSeq = 0;

  constructor(
    readonly region: string,
    readonly accountId: string,
  ) {}

  nextBuildSeq(): number {
    return ++this.buildSeq;
  }

  projectArn(name: string): string {
    return `arn:aws:codebuild:${this.region}:${this.accountId}:project/${name}`;
  }

  buildArn(id: string): string {
    return `arn:aws:codebuild:${this.region}:${this.accountId}:build/${id}`;
  }

  pipelineArn(name: string): string {
    return `arn:aws:codepipeline:${this.region}:${this.accountId}:${name}`;
  }

  /** Accepts a project name or its ARN. */
  findProject(nameOrArn: string): ProjectRecord | undefined {
    const prefix = `arn:aws:codebuild:${this.region}:${this.accountId}:project/`;
    return this.projects.get(nameOrArn.startsWith(prefix) ? nameOrArn.slice(prefix.length) : nameOrArn);
  }

  /** Accepts a build id or its ARN. */
  findBuild(idOrArn: string): BuildRecord | undefined {
    const prefix = `arn:aws:codebuild:${this.region}:${this.accountId}:build/`;
    return this.builds.get(idOrArn.startsWith(prefix) ? idOrArn.slice(prefix.length) : idOrArn);
  }
}

export class World {
  private readonly regions = new Map<string, RegionState>();
  /** S3 buckets (global names; each lives in one region). */
  readonly s3 = new S3Store();
  constructor(readonly accountId: string) {}

  region(name: string): RegionState {
    let r = this.regions.get(name);
    if (!r) {
      r = new RegionState(name, this.accountId);
      this.regions.set(name, r);
    }
    return r;
  }
}
