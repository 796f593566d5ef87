// What every operation handler gets.
import type { Clock } from "./clock";
import type { BuildEngine } from "./engine";
import type { Input } from "./input";
import type { PipelineEngine } from "./pipeline-engine";
import type { Json, RegionState } from "./state";

export interface OpContext {
  region: RegionState;
  input: Input;
  engine: BuildEngine;
  pipelines: PipelineEngine;
  clock: Clock;
}

/** Returns the JSON answer, or undefined for operations with an empty answer. */
export type Handler = (ctx: OpContext) => Json | undefined;
