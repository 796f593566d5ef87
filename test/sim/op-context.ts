// What every operation handler gets.
import type { Clock } from "./clock";
import type { BuildEngine } from "./engine";
import type { Input } from "./input";
import type { PipelineEngine } from "./pipeline-engine";
import type { Json, RegionState, World } from "./state";

export interface OpContext {
  region: RegionState;
  /** Every region (S3 buckets are global: a bucket lives in one region). */
  world: World;
  input: Input;
  engine: BuildEngine;
  pipelines: PipelineEngine;
  clock: Clock;
}

/** Returns the JSON answer, or undefined for operations with an empty answer. */
export type Handler = (ctx: OpContext) => Json | undefined;
