/** Domain types for CodeDeploy, independent of the SDK's shapes. */

export type ComputePlatform = "Server" | "Lambda" | "ECS";

export type DeploymentStatus =
  "Created" | "Queued" | "InProgress" | "Baking" | "Succeeded" | "Failed" | "Stopped" | "Ready";

export type TargetStatus =
  "Pending" | "InProgress" | "Succeeded" | "Failed" | "Skipped" | "Unknown" | "Ready";

export interface Application {
  readonly name: string;
  readonly computePlatform: ComputePlatform;
  readonly createTime?: Date;
}

export interface LastDeployment {
  readonly id: string;
  readonly status: DeploymentStatus;
  readonly createTime?: Date;
  readonly endTime?: Date;
  /** CodeDeploy's own rollback of a deployment that failed or was stopped (known once described). */
  readonly rollback?: true;
}

export interface DeploymentGroup {
  readonly application: string;
  readonly name: string;
  readonly computePlatform: ComputePlatform;
  readonly configName?: string;
  readonly deploymentType: "IN_PLACE" | "BLUE_GREEN";
  readonly withTrafficControl: boolean;
  readonly autoRollback: { readonly enabled: boolean; readonly events: readonly string[] };
  readonly alarms: { readonly enabled: boolean; readonly names: readonly string[] };
  /** Blue/green: wait for ContinueDeployment before rerouting traffic. */
  readonly waitsForReroute: boolean;
  readonly lastAttempted?: LastDeployment;
  readonly lastSuccessful?: LastDeployment;
  readonly ecsServices: readonly { readonly cluster: string; readonly service: string }[];
  readonly serviceRoleArn?: string;
}

export type Revision =
  | {
      readonly kind: "S3";
      readonly bucket: string;
      readonly key: string;
      readonly bundleType?: string;
      readonly version?: string;
      readonly eTag?: string;
    }
  | { readonly kind: "GitHub"; readonly repository: string; readonly commitId: string }
  | { readonly kind: "AppSpecContent"; readonly content: string; readonly sha256?: string }
  | { readonly kind: "String"; readonly content: string; readonly sha256?: string }
  | { readonly kind: "Unknown" };

/** Who started a deployment: user, autoscaling, codeDeployRollback, CodeDeploy, CloudFormation… (as CodeDeploy names it). */
export type Creator = string;

export interface DeploymentOverview {
  readonly Pending: number;
  readonly InProgress: number;
  readonly Succeeded: number;
  readonly Failed: number;
  readonly Skipped: number;
  readonly Ready: number;
}

export interface Deployment {
  readonly id: string;
  readonly application: string;
  readonly group: string;
  readonly computePlatform: ComputePlatform;
  readonly status: DeploymentStatus;
  readonly configName?: string;
  readonly creator?: Creator;
  readonly description?: string;
  readonly revision: Revision;
  readonly createTime?: Date;
  readonly startTime?: Date;
  readonly completeTime?: Date;
  readonly overview?: DeploymentOverview;
  readonly error?: { readonly code?: string; readonly message?: string };
  readonly rollback?: {
    readonly rollbackDeploymentId?: string;
    readonly triggeredBy?: string;
    readonly message?: string;
  };
  readonly deploymentType: "IN_PLACE" | "BLUE_GREEN";
  /** A blue/green deployment waiting for ContinueDeployment: traffic rerouting or the old fleet's end. */
  readonly waitingFor?: "READY_WAIT" | "TERMINATION_WAIT";
  readonly externalId?: string;
}

export interface LifecycleEvent {
  readonly name: string;
  readonly status: string;
  readonly startTime?: Date;
  readonly endTime?: Date;
  readonly diagnostics?: {
    readonly errorCode?: string;
    readonly scriptName?: string;
    readonly message?: string;
    readonly logTail?: string;
  };
}

export interface DeploymentTarget {
  readonly deploymentId: string;
  readonly id: string;
  readonly kind: "InstanceTarget" | "ECSTarget" | "LambdaTarget" | "CloudFormationTarget" | "Unknown";
  readonly status: TargetStatus;
  readonly lastUpdatedAt?: Date;
  readonly label?: string;
  readonly events: readonly LifecycleEvent[];
  /** ECS: the replacement task set's traffic; Lambda: the target version's (0–100). */
  readonly trafficPercent?: number;
  /** Lambda: versions; ECS: task sets — a line that says what moves. */
  readonly detail?: string;
}

export interface CreateDeploymentRequest {
  readonly application: string;
  readonly group: string;
  readonly revision: Revision;
  readonly configName?: string;
  readonly description?: string;
  readonly fileExistsBehavior?: "DISALLOW" | "OVERWRITE" | "RETAIN";
  readonly ignoreApplicationStopFailures?: boolean;
  /** Overrides the group's auto-rollback for this deployment. */
  readonly autoRollback?: { readonly enabled: boolean; readonly events: readonly string[] };
}

export interface UploadResult {
  readonly eTag?: string;
  readonly versionId?: string;
}

/** What the model needs from CodeDeploy (and S3, for the push). Every call can be aborted. */
export interface CodeDeployApi {
  listApplicationNames(signal: AbortSignal): Promise<string[]>;
  getApplications(names: readonly string[], signal: AbortSignal): Promise<Application[]>;
  listGroupNames(application: string, signal: AbortSignal): Promise<string[]>;
  getGroups(application: string, names: readonly string[], signal: AbortSignal): Promise<DeploymentGroup[]>;
  listDeploymentIds(application: string, group: string, max: number, signal: AbortSignal): Promise<string[]>;
  getDeployments(ids: readonly string[], signal: AbortSignal): Promise<Deployment[]>;
  listTargetIds(deploymentId: string, signal: AbortSignal): Promise<string[]>;
  getTargets(deploymentId: string, ids: readonly string[], signal: AbortSignal): Promise<DeploymentTarget[]>;
  listConfigNames(signal: AbortSignal): Promise<string[]>;
  createDeployment(request: CreateDeploymentRequest, signal: AbortSignal): Promise<string>;
  stopDeployment(id: string, rollback: boolean, signal: AbortSignal): Promise<void>;
  continueDeployment(id: string, wait: "READY_WAIT" | "TERMINATION_WAIT", signal: AbortSignal): Promise<void>;
  registerRevision(
    application: string,
    revision: Revision,
    description: string,
    signal: AbortSignal,
  ): Promise<void>;
  /** S3 PutObject of a file (the bundle), streamed. */
  upload(bucket: string, key: string, file: string, size: number, signal: AbortSignal): Promise<UploadResult>;
  /** S3 HeadObject: the object's ETag and version, or undefined when there is none. */
  headObject(bucket: string, key: string, signal: AbortSignal): Promise<UploadResult | undefined>;
}
