// The judgments every moto contract test makes, in one place. A contract test runs the same SDK
// call sequence against moto and the simulator and records the raw answers; these `it`s then
// check the simulator's answers against botocore's model (the reference wins), and report
// moto's own deviations as notes (test diagnostics), never as failures.
import assert from "node:assert/strict";
import { it } from "node:test";
import { operationErrors, shapeAtPath, validateOutput } from "./model-shapes";
import type { RawAnswer } from "./raw-answers";
import { shapePaths } from "./shape-diff";

export interface ContractStep {
  /** The botocore service name, e.g. "codebuild". */
  readonly service: string;
  readonly operation: string;
  /** An error is the expected answer. */
  readonly expectError?: boolean;
}

export interface ContractOutcome {
  readonly step: ContractStep;
  readonly sim: RawAnswer;
  readonly moto: RawAnswer;
}

export interface ContractJudgement {
  /** The outcomes, filled by the describe's `before`. */
  readonly outcomes: readonly ContractOutcome[];
  /** Notes the suite adds itself (they are reported with the judge's). */
  readonly notes: string[];
  /** At least this many successful moto answers, or the comparison is worth nothing. */
  readonly minCompared: number;
  /** The error code of an error answer (JSON protocols: `__type`). */
  readonly errorCode?: (answer: RawAnswer) => string;
  /** The HTTP status of an expected error (400 unless said). */
  readonly errorStatus?: number;
}

export function jsonErrorCode(answer: RawAnswer): string {
  const type = (answer.body as { __type?: unknown } | undefined)?.__type;
  return typeof type === "string" ? type : "no __type";
}

/** Runs every step on one target, returning one raw answer per step. */
export async function runSequence<S, T>(
  name: string,
  steps: readonly (S & { operation: string; run(target: T): Promise<unknown> })[],
  target: T,
  answers: readonly RawAnswer[],
): Promise<RawAnswer[]> {
  const perStep: RawAnswer[] = [];
  for (const step of steps) {
    const before = answers.length;
    await step.run(target).catch(() => undefined); // the raw answer is what we compare
    const answer = answers[before];
    if (!answer) throw new Error(`${name}: no answer recorded for ${step.operation}`);
    perStep.push(answer);
  }
  return perStep;
}

/** Registers the contract's `it`s in the enclosing `describe`. */
export function judgeContract(judgement: ContractJudgement): void {
  const { notes } = judgement;
  const errorCode = judgement.errorCode ?? jsonErrorCode;
  const outcomes = () => judgement.outcomes;

  it("the simulator's successful answers conform to the model", () => {
    assert.ok(outcomes().length > 0, "the sequence ran");
    const problems: string[] = [];
    for (const { step, sim: a } of outcomes()) {
      if (step.expectError) continue;
      assert.equal(a.status, 200, `${step.operation}: simulator answered ${a.status} ${a.text}`);
      for (const p of validateOutput(step.service, step.operation, a.body))
        problems.push(`${step.operation} ${p.path}: ${p.problem}`);
    }
    assert.deepEqual(problems, []);
  });

  it("the simulator's errors are ones the model declares for the operation", () => {
    for (const { step, sim: a, moto: m } of outcomes().filter((o) => o.step.expectError)) {
      assert.equal(a.status, judgement.errorStatus ?? 400, `${step.operation}: ${a.text}`);
      const code = errorCode(a);
      assert.ok(
        operationErrors(step.service, step.operation).includes(code),
        `${step.operation} answered ${code}`,
      );
      if (errorCode(m) !== code)
        notes.push(`${step.operation} (error case): moto answers ${errorCode(m)}, simulator ${code}`);
      const [sm, mm] = [
        (a.body as { message?: string }).message,
        (m.body as { message?: string } | undefined)?.message,
      ];
      if (mm !== undefined && sm !== mm)
        notes.push(`${step.operation} (error case): messages differ — moto "${mm}", simulator "${sm}"`);
    }
  });

  it("the simulator has every key moto returns that the model defines", () => {
    const missing: string[] = [];
    for (const { step, sim: a, moto: m } of outcomes()) {
      if (step.expectError) continue;
      if (m.status !== 200) {
        notes.push(
          `${step.operation}: moto answers HTTP ${m.status} (${errorCode(m)}): not implemented or failing in moto`,
        );
        continue;
      }
      const simPaths = shapePaths(a.body);
      for (const [path, motoKinds] of shapePaths(m.body)) {
        if (shapeAtPath(step.service, step.operation, path) === undefined) {
          if (!path.endsWith("[]"))
            notes.push(`${step.operation}: moto returns ${path}, which the model does not define`);
          continue;
        }
        const simKinds = simPaths.get(path);
        if (!simKinds) {
          if (motoKinds.has("null") && motoKinds.size === 1)
            notes.push(`${step.operation}: moto returns ${path} as null`);
          else missing.push(`${step.operation}: ${path}`);
          continue;
        }
        const differ = [...motoKinds].filter((k) => !simKinds.has(k));
        if (differ.length > 0)
          notes.push(
            `${step.operation}: ${path} is ${[...motoKinds].join("|")} in moto, ${[...simKinds].join("|")} in the simulator`,
          );
      }
    }
    assert.deepEqual(missing, []);
  });

  it("reports where moto deviates from the model (notes, not failures)", (t) => {
    for (const { step, moto: m } of outcomes()) {
      if (step.expectError || m.status !== 200) continue;
      for (const p of validateOutput(step.service, step.operation, m.body)) {
        // One note per member, not per list item; values (e.g. timestamps) left out.
        const problem = p.problem.replace(/, got string ".*"$/, ", got string");
        notes.push(`${step.operation}: moto ${p.path.replace(/\[\d+\]/g, "[]")}: ${problem}`);
      }
    }
    for (const n of new Set(notes)) t.diagnostic(n);
    const compared = outcomes().filter((o) => !o.step.expectError && o.moto.status === 200).length;
    assert.ok(compared >= judgement.minCompared, `only ${compared} successful moto answers to compare`);
  });
}
