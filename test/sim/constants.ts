// Fixed identity of the simulated AWS account and the phase vocabulary of CodeBuild.

export const SIM_ACCOUNT_ID = "123456789012";
export const SIM_DEFAULT_REGION = "us-east-1";
export const SIM_CREDENTIALS = Object.freeze({
  accessKeyId: "AKIASIMULATOR0000000",
  secretAccessKey: "simulator/secret/key/0000000000000000000000",
});
/** The IAM identity builds started through the API are attributed to. */
export const SIM_USER = "sim-user";

export const CODEBUILD_PREFIX = "CodeBuild_20161006";
export const LOGS_PREFIX = "Logs_20140328";
export const CODEPIPELINE_PREFIX = "CodePipeline_20150709";

export const PHASE_TYPES = [
  "SUBMITTED",
  "QUEUED",
  "PROVISIONING",
  "DOWNLOAD_SOURCE",
  "INSTALL",
  "PRE_BUILD",
  "BUILD",
  "POST_BUILD",
  "UPLOAD_ARTIFACTS",
  "FINALIZING",
  "COMPLETED",
] as const;
export type PhaseType = (typeof PHASE_TYPES)[number];

export const BUILD_STATUSES = [
  "SUCCEEDED",
  "FAILED",
  "FAULT",
  "TIMED_OUT",
  "IN_PROGRESS",
  "STOPPED",
] as const;
export type BuildStatus = (typeof BUILD_STATUSES)[number];
/** How a build can end by itself (STOPPED only comes from StopBuild or history). */
export type Outcome = "SUCCEEDED" | "FAILED" | "FAULT" | "TIMED_OUT";

/** Phases that run buildspec commands. */
export const SCRIPT_PHASES = ["INSTALL", "PRE_BUILD", "BUILD", "POST_BUILD"] as const;
export type ScriptPhase = (typeof SCRIPT_PHASES)[number];

export function isPhaseType(v: unknown): v is PhaseType {
  return typeof v === "string" && (PHASE_TYPES as readonly string[]).includes(v);
}
