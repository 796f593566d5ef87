// CodePipeline records (per region): pipelines, their executions, stage runs and action runs,
// plus the vocabulary that depends on an action's provider (type ids, console links, summaries).
import { createHash, randomBytes } from "node:crypto";
import type { ActionCategory, ExecutionMode, PipelineType } from "./pipeline-scenario";
import type { Json, RegionState } from "./state";

export type PipelineExecutionStatus =
  "Cancelled" | "InProgress" | "Stopped" | "Stopping" | "Succeeded" | "Superseded" | "Failed";
export type StageStatus =
  "Cancelled" | "InProgress" | "Failed" | "Stopped" | "Stopping" | "Succeeded" | "Skipped";
export type ActionStatus = "InProgress" | "Abandoned" | "Succeeded" | "Failed";

export interface ActionTypeId {
  category: ActionCategory;
  owner: string;
  provider: string;
  version: string;
}

/** An ActionDeclaration as the API returns it. */
export interface ActionDecl {
  name: string;
  actionTypeId: ActionTypeId;
  runOrder: number;
  configuration: Record<string, string>;
  outputArtifacts: { name: string }[];
  inputArtifacts: { name: string }[];
  namespace?: string;
  region?: string;
  roleArn?: string;
  [member: string]: unknown;
}

export interface StageDecl {
  name: string;
  actions: ActionDecl[];
  [member: string]: unknown;
}

/** A PipelineDeclaration as the API returns it (minus version). */
export interface PipelineDecl {
  name: string;
  roleArn: string;
  artifactStore: { type: "S3"; location: string };
  stages: StageDecl[];
  executionMode: ExecutionMode;
  pipelineType: PipelineType;
  variables?: { name: string; defaultValue?: string; description?: string }[];
  triggers?: Json[];
  [member: string]: unknown;
}

export interface ActionBehavior {
  seconds?: number;
  failAttempts?: number;
  outcome?: "Succeeded" | "Failed";
  summary?: string;
  errorMessage?: string;
}

export interface Commit {
  id: string;
  message: string;
  author?: string;
}

export interface TransitionRecord {
  enabled: boolean;
  lastChangedBy?: string;
  lastChangedAt?: number;
  disabledReason?: string;
}

export interface ActionRun {
  id: string;
  execution: ExecutionRecord;
  stageName: string;
  decl: ActionDecl;
  attempt: number;
  status: ActionStatus;
  startTime: number;
  lastStatusChange: number;
  resolvedConfiguration: Record<string, string>;
  summary?: string;
  /** Manual approvals while they wait. */
  token?: string;
  externalExecutionId?: string;
  externalExecutionUrl?: string;
  errorDetails?: { code: string; message: string };
  updatedBy?: string;
  outputVariables?: Record<string, string>;
  inputS3?: { name: string; bucket: string; key: string }[];
  outputS3?: { name: string; bucket: string; key: string }[];
  /** Cancels the pending completion timer of a live action. */
  cancel?: () => void;
}

export interface StageRun {
  name: string;
  index: number;
  status: StageStatus;
  enteredAt: number;
  /** Latest run of each action in this stage execution (retries replace them). */
  actions: Map<string, ActionRun>;
  manualRetries: number;
}

export interface ExecutionRecord {
  id: string;
  seq: number;
  pipeline: PipelineRecord;
  pipelineVersion: number;
  status: PipelineExecutionStatus;
  startTime: number;
  lastUpdateTime: number;
  trigger: { triggerType: string; triggerDetail?: string };
  executionMode: ExecutionMode;
  commit: Commit;
  sourceRevisions: Json[];
  artifactRevisions: Json[];
  /** V2 only: every declared variable's value for this execution. */
  variables?: { name: string; resolvedValue: string }[];
  stopTrigger?: { reason?: string };
  stages: StageRun[];
  /** Stage index the execution is in, or (waiting) wants to enter next. */
  current: number;
  waiting: boolean;
  stopping: boolean;
  /** Attempts per "stage/action" in this execution. */
  attempts: Map<string, number>;
  /** Output variables per action namespace, for #{Namespace.Var}. */
  namespaces: Map<string, Record<string, string>>;
  /** Artifact name -> where it was stored. */
  artifacts: Map<string, { bucket: string; key: string }>;
}

export interface PipelineRecord {
  region: RegionState;
  name: string;
  arn: string;
  decl: PipelineDecl;
  version: number;
  /** Every version's declaration (GetPipeline's `version`). */
  versions: Map<number, PipelineDecl>;
  created: number;
  updated: number;
  tags: { key: string; value: string }[];
  behaviors: Map<string, ActionBehavior>;
  transitions: Map<string, TransitionRecord>;
  /** In start order. */
  executions: ExecutionRecord[];
  nextSeq: number;
  /** Stage name -> the execution that entered it last. */
  stageLatest: Map<string, ExecutionRecord>;
  /** "stage/action" -> its latest run. */
  actionLatest: Map<string, ActionRun>;
  /** Every action run, in start order (ListActionExecutions). */
  actionRuns: ActionRun[];
  /** Every approval token issued -> its run. */
  tokens: Map<string, ActionRun>;
  /** clientRequestToken -> execution id. */
  requestTokens: Map<string, string>;
  /** What the next execution picks up. */
  head: Commit;
}

export const actionKey = (stage: string, action: string): string => `${stage}/${action}`;

const PROVIDERS: Record<string, { category: ActionCategory; owner: string }> = {
  CodeCommit: { category: "Source", owner: "AWS" },
  CodeStarSourceConnection: { category: "Source", owner: "AWS" },
  ECR: { category: "Source", owner: "AWS" },
  GitHub: { category: "Source", owner: "ThirdParty" },
  CodeBuild: { category: "Build", owner: "AWS" },
  Manual: { category: "Approval", owner: "AWS" },
  CodeDeploy: { category: "Deploy", owner: "AWS" },
  CodeDeployToECS: { category: "Deploy", owner: "AWS" },
  CloudFormation: { category: "Deploy", owner: "AWS" },
  ECS: { category: "Deploy", owner: "AWS" },
  ElasticBeanstalk: { category: "Deploy", owner: "AWS" },
  S3: { category: "Deploy", owner: "AWS" },
  Lambda: { category: "Invoke", owner: "AWS" },
  StepFunctions: { category: "Invoke", owner: "AWS" },
  Commands: { category: "Compute", owner: "AWS" },
};

export function actionTypeFor(
  provider: string,
  given: { category?: ActionCategory; owner?: string; version?: string } = {},
): ActionTypeId {
  const known = PROVIDERS[provider];
  return {
    category: given.category ?? known?.category ?? "Deploy",
    owner: given.owner ?? known?.owner ?? "AWS",
    provider,
    version: given.version ?? "1",
  };
}

export const isSource = (a: ActionDecl): boolean => a.actionTypeId.category === "Source";
export const isCodeBuild = (a: ActionDecl): boolean =>
  a.actionTypeId.provider === "CodeBuild" && a.actionTypeId.owner === "AWS";
export const isApproval = (a: ActionDecl): boolean =>
  a.actionTypeId.category === "Approval" && a.actionTypeId.provider === "Manual";

/** Deterministic 40-hex commit id for scenario commits given without one. */
export function commitId(...parts: string[]): string {
  return createHash("sha1").update(parts.join("\n")).digest("hex");
}

const consoleUrl = (region: string, path: string): string =>
  `https://${region}.console.aws.amazon.com/${path}`;

export function connectionRedirect(
  region: string,
  cfg: Record<string, string>,
  ref: "BRANCH" | "COMMIT",
  value: string,
): string {
  const q = new URLSearchParams({
    connectionArn: cfg.ConnectionArn ?? "",
    referenceType: ref,
    FullRepositoryId: cfg.FullRepositoryId ?? "",
    [ref === "BRANCH" ? "Branch" : "Commit"]: value,
  });
  return consoleUrl(region, `codesuite/settings/connections/redirect?${q.toString()}`);
}

/** ActionState.entityUrl: the console page of the thing the action works on. */
export function entityUrl(region: string, a: ActionDecl): string | undefined {
  const c = a.configuration;
  switch (a.actionTypeId.provider) {
    case "CodeCommit":
      return consoleUrl(
        region,
        `codesuite/codecommit/repositories/${c.RepositoryName ?? ""}/browse/refs/heads/${c.BranchName ?? "main"}`,
      );
    case "CodeStarSourceConnection":
      return connectionRedirect(region, c, "BRANCH", c.BranchName ?? "main");
    case "CodeBuild":
      return consoleUrl(region, `codesuite/codebuild/projects/${c.ProjectName ?? ""}/history`);
    case "Manual":
      return c.ExternalEntityLink || undefined;
    case "CodeDeploy":
      return consoleUrl(region, `codesuite/codedeploy/applications/${c.ApplicationName ?? ""}`);
    case "S3":
      return `https://s3.console.aws.amazon.com/s3/buckets/${c.BucketName ?? ""}`;
    case "CloudFormation":
      return consoleUrl(region, `cloudformation/home#/stacks?filteringText=${c.StackName ?? ""}`);
    case "Lambda":
      return consoleUrl(region, `lambda/home#/functions/${c.FunctionName ?? ""}`);
    case "ECS":
      return consoleUrl(region, `ecs/v2/clusters/${c.ClusterName ?? ""}/services/${c.ServiceName ?? ""}`);
    default:
      return undefined;
  }
}

/** Where a source action's revision can be seen (SourceRevision.revisionUrl). */
export function revisionUrl(region: string, a: ActionDecl, commit: string): string | undefined {
  const c = a.configuration;
  switch (a.actionTypeId.provider) {
    case "CodeCommit":
      return consoleUrl(
        region,
        `codesuite/codecommit/repositories/${c.RepositoryName ?? ""}/commit/${commit}`,
      );
    case "CodeStarSourceConnection":
      return connectionRedirect(region, c, "COMMIT", commit);
    case "GitHub":
      return `https://github.com/${c.Owner ?? ""}/${c.Repo ?? ""}/commit/${commit}`;
    default:
      return undefined;
  }
}

/** What a source action reports as the revision summary: the commit message, or — for
 *  CodeStar connections — the JSON document AWS puts there. */
export function revisionSummary(a: ActionDecl, message: string): string {
  if (a.actionTypeId.provider === "CodeStarSourceConnection") {
    const provider = /bitbucket/i.test(a.configuration.ConnectionArn ?? "") ? "Bitbucket" : "GitHub";
    return JSON.stringify({ ProviderType: provider, CommitMessage: message });
  }
  return message;
}

/** A source action's output variables (#{Namespace.CommitId} etc.). */
export function sourceVariables(a: ActionDecl, commit: Commit, at: number): Record<string, string> {
  const c = a.configuration;
  const date = new Date(at).toISOString().replace(/\.\d{3}Z$/, "Z");
  const author = commit.author ?? "Sim User";
  switch (a.actionTypeId.provider) {
    case "CodeCommit":
      return {
        AuthorDate: date,
        BranchName: c.BranchName ?? "main",
        CommitId: commit.id,
        CommitMessage: commit.message,
        CommitterDate: date,
        RepositoryName: c.RepositoryName ?? "",
      };
    case "CodeStarSourceConnection":
      return {
        AuthorDate: date,
        BranchName: c.BranchName ?? "main",
        CommitId: commit.id,
        CommitMessage: commit.message,
        ConnectionArn: c.ConnectionArn ?? "",
        FullRepositoryName: c.FullRepositoryId ?? "",
        ProviderType: /bitbucket/i.test(c.ConnectionArn ?? "") ? "Bitbucket" : "GitHub",
        AuthorDisplayName: author,
      };
    default:
      return { CommitId: commit.id };
  }
}

/** The S3 object key CodePipeline uses for an artifact: "<pipeline≤20>/<artifact≤10>/<7 chars>". */
export function artifactKey(pipeline: string, artifact: string): string {
  const id = randomBytes(6).toString("base64url").replace(/[-_]/g, "x").slice(0, 7);
  return `${pipeline.slice(0, 20)}/${artifact.slice(0, 10)}/${id}`;
}

/** CodeDeploy-style deployment id "d-XXXXXXXXX". */
export function deploymentId(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  const bytes = randomBytes(9);
  return `d-${[...bytes].map((b) => alphabet[b % alphabet.length]).join("")}`;
}

/** Replaces #{variables.X}, #{codepipeline.PipelineExecutionId} and #{Namespace.Var}. */
export function resolveVariables(text: string, exec: ExecutionRecord): string {
  return text.replace(/#\{([A-Za-z0-9@\-_]+)\.([A-Za-z0-9@\-_]+)\}/g, (whole, ns: string, name: string) => {
    if (ns === "variables") return exec.variables?.find((v) => v.name === name)?.resolvedValue ?? whole;
    if (ns === "codepipeline" && name === "PipelineExecutionId") return exec.id;
    return exec.namespaces.get(ns)?.[name] ?? whole;
  });
}

export function resolveConfiguration(a: ActionDecl, exec: ExecutionRecord): Record<string, string> {
  return Object.fromEntries(
    Object.entries(a.configuration).map(([k, v]) => [k, resolveVariables(String(v), exec)]),
  );
}
