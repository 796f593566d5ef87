// Moves one live build through its planned phases on the simulator clock, writing its log as
// it goes. Lines are spread over a phase's duration, or written in bursts at a fixed rate.
import type { Clock } from "./clock";
import { PHASE_TYPES, type BuildStatus } from "./constants";
import type { PlannedPhase } from "./build-plan";
import { openBuildLog, writeBuildLines } from "./log-writer";
import type { BuildRecord, PhaseRecord, RegionState } from "./state";

const PROVISIONING_INDEX = PHASE_TYPES.indexOf("PROVISIONING");

export interface RunnerOptions {
  clock: Clock;
  region: RegionState;
  build: BuildRecord;
  plan: PlannedPhase[];
  commit: string;
  stopSeconds: number;
  finalizingSeconds: number;
  onDone: () => void;
}

export class BuildRunner {
  private index = -1;
  private phaseStart = 0;
  private written = 0;
  private cancelTick: (() => void) | undefined;
  private finalStatus: BuildStatus = "SUCCEEDED";
  private interrupted = false;
  private cancelTimeout: (() => void) | undefined;

  constructor(private readonly o: RunnerOptions) {}

  start(): void {
    const { clock, build } = this.o;
    this.cancelTimeout = clock.after(build.timeoutInMinutes * 60_000, () => this.interrupt("TIMED_OUT"));
    // SUBMITTED is over by the time StartBuild answers: the answer shows the build QUEUED.
    const submitted = this.o.plan[0];
    if (submitted?.type === "SUBMITTED") submitted.seconds = 0;
    this.enter(0);
  }

  /** StopBuild: after a short delay the current phase is STOPPED and the build winds down. */
  requestStop(): void {
    if (this.o.build.complete || this.interrupted) return;
    this.interrupted = true;
    this.o.clock.after(this.o.stopSeconds * 1000, () => this.applyInterrupt("STOPPED"));
  }

  private interrupt(status: BuildStatus): void {
    if (this.o.build.complete || this.interrupted) return;
    this.interrupted = true;
    this.applyInterrupt(status);
  }

  private get current(): PlannedPhase {
    return this.o.plan[this.index] as PlannedPhase;
  }

  private get record(): PhaseRecord {
    return this.o.build.phases[this.o.build.phases.length - 1] as PhaseRecord;
  }

  /** Starts phase i at `now` (the previous phase's end, so phases are contiguous). */
  private enter(i: number, now = this.o.clock.now()): void {
    const { build, region } = this.o;
    this.index = i;
    const phase = this.current;
    build.currentPhase = phase.type;
    build.phases.push({ phaseType: phase.type, startTime: now });
    if (phase.type === "COMPLETED") {
      this.finish(now);
      return;
    }
    if (phase.type === "PROVISIONING") openBuildLog(region, build, now);
    writeBuildLines(region, build, phase.head, now);
    this.phaseStart = now;
    this.written = 0;
    if (phase.seconds <= 0 && phase.body.length === 0) this.completePhase();
    else this.tick();
  }

  private tick(): void {
    const { clock, build, region } = this.o;
    const phase = this.current;
    const now = clock.now();
    const elapsed = now - this.phaseStart;
    const duration = clock.toWall(phase.seconds * 1000);
    const total = phase.body.length;
    const due = phase.linesPerSecond
      ? Math.min(total, Math.floor((phase.linesPerSecond * clock.speed * elapsed) / 1000))
      : duration <= 0
        ? total
        : Math.min(total, Math.ceil((total * elapsed) / duration));
    if (due > this.written) {
      writeBuildLines(region, build, phase.body.slice(this.written, due), now);
      this.written = due;
    }
    if (this.written >= total && elapsed >= duration) {
      this.completePhase();
      return;
    }
    let delay: number;
    if (this.written >= total) delay = duration - elapsed;
    else if (phase.linesPerSecond) delay = phase.burstMs ?? 100;
    else delay = Math.min(250, Math.max(10, duration / Math.max(1, total)));
    this.cancelTick = clock.afterWall(delay, () => this.tick());
  }

  private completePhase(): void {
    const { clock, build, region } = this.o;
    const phase = this.current;
    const now = clock.now();
    writeBuildLines(region, build, phase.tail, now);
    const rec = this.record;
    rec.endTime = now;
    rec.phaseStatus = phase.status;
    if (phase.type !== "SUBMITTED") rec.contexts = phase.context ? [phase.context] : [];
    if (phase.type === "DOWNLOAD_SOURCE" && phase.status === "SUCCEEDED")
      build.resolvedSourceVersion = this.o.commit;
    if (phase.status !== "SUCCEEDED" && this.finalStatus === "SUCCEEDED") this.finalStatus = phase.status;
    this.enter(this.index + 1, now);
  }

  private applyInterrupt(status: BuildStatus): void {
    const { clock, build } = this.o;
    if (build.complete) return;
    this.finalStatus = status;
    const phase = this.current;
    if (phase.type === "FINALIZING") return; // already winding down: it ends with the new status
    this.cancelTick?.();
    const now = clock.now();
    const rec = this.record;
    rec.endTime = now;
    rec.phaseStatus = status;
    if (phase.type !== "SUBMITTED") rec.contexts = [];
    const rest: PlannedPhase[] = [];
    if (this.index >= PROVISIONING_INDEX) {
      rest.push({
        type: "FINALIZING",
        status: "SUCCEEDED",
        seconds: this.o.finalizingSeconds,
        head: [],
        body: [],
        tail: [],
      });
    }
    rest.push({ type: "COMPLETED", status: "SUCCEEDED", seconds: 0, head: [], body: [], tail: [] });
    this.o.plan.splice(this.index + 1, this.o.plan.length, ...rest);
    this.enter(this.index + 1, now);
  }

  private finish(now: number): void {
    const { build } = this.o;
    this.cancelTimeout?.();
    build.complete = true;
    build.endTime = now;
    build.buildStatus = this.finalStatus;
    this.o.onDone();
  }
}
