// Starts and stops live builds, and keeps their runners until the simulator closes.
import { createBuildRecord, scriptFromBuildspec } from "./build-factory";
import { planBuild } from "./build-plan";
import { BuildRunner } from "./build-runner";
import type { Clock } from "./clock";
import type { Outcome } from "./constants";
import { DEFAULT_PHASE_SECONDS } from "./scenario";
import type { BuildRecord, BuildRequest, ProjectRecord, RegionState } from "./state";

export interface StartOptions {
  /** Overrides the project's configured outcome (CodePipeline's failAttempts). */
  outcome?: Outcome;
  /** Called once the build is complete. */
  onDone?: (build: BuildRecord) => void;
}

export class BuildEngine {
  private readonly runners = new Map<string, BuildRunner>();

  constructor(readonly clock: Clock) {}

  start(
    region: RegionState,
    project: ProjectRecord,
    request: BuildRequest,
    initiator: string,
    opts: StartOptions = {},
  ): BuildRecord {
    const { build, srcDir, commit } = createBuildRecord(
      region,
      project,
      request,
      initiator,
      this.clock.now(),
    );
    const behavior = project.behavior;
    const scriptOverride = scriptFromBuildspec(request.buildspecOverride);
    const plan = planBuild({
      behavior,
      outcome: opts.outcome ?? behavior.outcome ?? "SUCCEEDED",
      srcDir,
      ...(scriptOverride ? { scriptOverride } : {}),
    });
    const runner = new BuildRunner({
      clock: this.clock,
      region,
      build,
      plan,
      commit,
      stopSeconds: behavior.stopSeconds ?? 2,
      finalizingSeconds: behavior.phaseSeconds?.FINALIZING ?? DEFAULT_PHASE_SECONDS.FINALIZING,
      onDone: () => {
        this.runners.delete(build.id);
        opts.onDone?.(build);
      },
    });
    this.runners.set(build.id, runner);
    runner.start();
    return build;
  }

  stop(build: BuildRecord): void {
    this.runners.get(build.id)?.requestStop();
  }

  get running(): number {
    return this.runners.size;
  }
}
