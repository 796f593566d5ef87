// Decides which phases a build goes through, how long each takes and what it writes to its
// log, the way CodeBuild does: a failure in BUILD still runs POST_BUILD and UPLOAD_ARTIFACTS,
// a failure earlier skips to FINALIZING.
import { PHASE_TYPES, SCRIPT_PHASES, type Outcome, type PhaseType, type ScriptPhase } from "./constants";
import { DEFAULT_PHASE_SECONDS, type BuildBehavior, type CommandSpec, type PhaseScript } from "./scenario";

export interface LogLine {
  text: string;
  /** Agent lines get the "[Container] <time> " prefix when written; command output does not. */
  container: boolean;
}

export interface PhaseContext {
  statusCode: string;
  message: string;
}

export interface PlannedPhase {
  type: PhaseType;
  /** Final status of the phase (ignored for COMPLETED). */
  status: Outcome | "STOPPED";
  seconds: number;
  head: LogLine[];
  body: LogLine[];
  tail: LogLine[];
  linesPerSecond?: number;
  burstMs?: number;
  context?: PhaseContext;
}

export interface PlanInput {
  behavior: BuildBehavior;
  outcome: Outcome;
  failPhase?: PhaseType;
  /** Buildspec phases parsed from a buildspecOverride, replacing the scenario's commands. */
  scriptOverride?: Partial<Record<ScriptPhase, PhaseScript>>;
  srcDir: string;
}

const agent = (text: string): LogLine => ({ text, container: true });
const output = (text: string): LogLine => ({ text, container: false });

const DEFAULT_SCRIPT: Partial<Record<ScriptPhase, PhaseScript>> = {
  INSTALL: {
    commands: [
      {
        command: "npm ci",
        output: ["", "added 412 packages, and audited 413 packages in 9s", "", "found 0 vulnerabilities"],
      },
    ],
  },
  BUILD: { commands: [{ command: "npm run build", output: ["", "> build", "> tsc -p .", ""] }] },
};

function failureContext(
  phase: PhaseType,
  outcome: Outcome,
  command: string | undefined,
  exit: number,
): PhaseContext {
  if (outcome === "TIMED_OUT") return { statusCode: "BUILD_TIMED_OUT", message: "Build has timed out. " };
  if (command !== undefined) {
    return {
      statusCode: "COMMAND_EXECUTION_ERROR",
      message: `Error while executing command: ${command}. Reason: exit status ${exit}`,
    };
  }
  if (phase === "PROVISIONING") {
    return {
      statusCode: "BUILD_CONTAINER_UNABLE_TO_PULL_IMAGE",
      message: "Unable to pull customer's container image.",
    };
  }
  return { statusCode: "CLIENT_ERROR", message: `${phase.toLowerCase()} failed` };
}

function phasesAfterFailure(fail: PhaseType): PhaseType[] {
  switch (fail) {
    case "BUILD":
      return ["POST_BUILD", "UPLOAD_ARTIFACTS", "FINALIZING", "COMPLETED"];
    case "POST_BUILD":
      return ["UPLOAD_ARTIFACTS", "FINALIZING", "COMPLETED"];
    case "FINALIZING":
      return ["COMPLETED"];
    default:
      return ["FINALIZING", "COMPLETED"];
  }
}

/** Phase sequence for an outcome: all phases, or up to the failing one and what follows it. */
export function phaseSequence(outcome: Outcome, failPhase: PhaseType): PhaseType[] {
  if (outcome === "SUCCEEDED") return [...PHASE_TYPES];
  const upTo = PHASE_TYPES.slice(0, PHASE_TYPES.indexOf(failPhase) + 1);
  return [...upTo, ...phasesAfterFailure(failPhase)];
}

function phaseFooter(phase: PhaseType, status: string, ctx?: PhaseContext): LogLine[] {
  return [
    agent(`Phase complete: ${phase} State: ${status}`),
    agent(`Phase context status code: ${ctx?.statusCode ?? ""} Message: ${ctx?.message ?? ""}`),
  ];
}

function expandTemplate(template: string, i: number, n: number): string {
  return template.replace(/\{i\}/g, String(i)).replace(/\{n\}/g, String(n));
}

export function resolveFailPhase(behavior: BuildBehavior, failPhase?: PhaseType): PhaseType {
  const p = failPhase ?? behavior.failPhase ?? "BUILD";
  return p === "COMPLETED" || p === "SUBMITTED" ? "BUILD" : p;
}

export function planBuild(input: PlanInput): PlannedPhase[] {
  const { behavior, outcome } = input;
  const failPhase = resolveFailPhase(behavior, input.failPhase);
  const scripts = input.scriptOverride ?? behavior.phases ?? DEFAULT_SCRIPT;
  const exit = behavior.exitStatus ?? 2;
  const seconds = (p: PhaseType): number => behavior.phaseSeconds?.[p] ?? DEFAULT_PHASE_SECONDS[p];
  const scriptPhases = SCRIPT_PHASES.filter((p) => scripts[p]);

  return phaseSequence(outcome, failPhase).map((type): PlannedPhase => {
    const fails = outcome !== "SUCCEEDED" && type === failPhase;
    const status: Outcome = fails ? outcome : "SUCCEEDED";
    const phase: PlannedPhase = { type, status, seconds: seconds(type), head: [], body: [], tail: [] };

    if (type === "PROVISIONING") {
      phase.body = [
        agent("Running on CodeBuild On-demand"),
        agent("Waiting for agent ping"),
        agent("Waiting for DOWNLOAD_SOURCE"),
      ];
    } else if (type === "DOWNLOAD_SOURCE") {
      phase.body = [
        agent("Phase is DOWNLOAD_SOURCE"),
        agent(`CODEBUILD_SRC_DIR=${input.srcDir}`),
        agent(`YAML location is ${input.srcDir}/buildspec.yml`),
        agent("Setting HTTP client timeout to higher timeout for Github and GitHub Enterprise sources"),
        agent("Processing environment variables"),
        agent("No runtime version selected in buildspec."),
        agent(`Moving to directory ${input.srcDir}`),
        agent("Cache is not defined in the buildspec"),
        agent("Skip cache due to: no paths specified to be cached"),
        agent("Registering with agent"),
        agent(`Phases found in YAML: ${scriptPhases.length}`),
        ...scriptPhases.map((p) => agent(` ${p}: ${scripts[p]?.commands?.length ?? 0} commands`)),
      ];
    } else if ((SCRIPT_PHASES as readonly string[]).includes(type)) {
      const script = scripts[type as ScriptPhase];
      let commands: CommandSpec[] = script?.commands ?? [];
      if (fails && commands.length === 0) commands = [{ command: `./scripts/${type.toLowerCase()}.sh` }];
      phase.head = [agent(`Entering phase ${type}`)];
      commands.forEach((c, idx) => {
        phase.body.push(agent(`Running command ${c.command}`), ...(c.output ?? []).map(output));
        const isLast = idx === commands.length - 1;
        if (isLast && script?.lineCount) {
          const n = script.lineCount;
          const template = script.lineTemplate ?? "processing item {i} of {n}";
          for (let i = 1; i <= n; i++) phase.body.push(output(expandTemplate(template, i, n)));
        }
        if (fails && isLast) {
          if (type === resolveFailPhase(behavior))
            phase.body.push(...(behavior.failOutput ?? []).map(output));
          if (outcome !== "TIMED_OUT") {
            phase.body.push(agent(`Command did not exit successfully ${c.command} exit status ${exit}`));
          }
        }
      });
      if (script?.linesPerSecond) phase.linesPerSecond = script.linesPerSecond;
      if (script?.burstMs) phase.burstMs = script.burstMs;
      const failedCommand = fails ? commands[commands.length - 1]?.command : undefined;
      if (fails) phase.context = failureContext(type, outcome, failedCommand, exit);
      phase.tail = phaseFooter(type, status, phase.context);
      // A phase CodeBuild skipped because no commands were given still shows up, briefly.
      if (!script && !fails) {
        phase.head = [agent(`Entering phase ${type}`)];
        phase.body = [];
      }
    } else if (type === "UPLOAD_ARTIFACTS") {
      phase.tail = phaseFooter(type, status);
    }
    // Failures outside buildspec commands (provisioning, source download, uploads, ...).
    if (fails && !phase.context) {
      phase.context = failureContext(type, outcome, undefined, exit);
      if (type === "DOWNLOAD_SOURCE") phase.body = phase.body.slice(0, 2);
      if (type === resolveFailPhase(behavior)) phase.body.push(...(behavior.failOutput ?? []).map(output));
      if (type !== "SUBMITTED" && type !== "QUEUED") phase.tail = phaseFooter(type, status, phase.context);
    }
    return phase;
  });
}
