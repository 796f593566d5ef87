import { parseDocument } from "yaml";

export interface BuildspecProblem {
  readonly message: string;
  readonly line?: number;
}

/**
 * The checks a buildspec must pass before it is sent as an override: valid YAML, a mapping
 * with `version` 0.1 or 0.2, and `phases` (if present) a mapping.
 */
export function checkBuildspec(text: string): BuildspecProblem[] {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    return doc.errors.map((e) => ({
      message: e.message.split("\n")[0] ?? e.message,
      line: e.linePos?.[0].line,
    }));
  }
  const value: unknown = doc.toJS();
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return [{ message: "A buildspec is a YAML mapping with `version` and `phases`." }];
  }
  const problems: BuildspecProblem[] = [];
  const spec = value as Record<string, unknown>;
  const version =
    typeof spec.version === "number" || typeof spec.version === "string" ? String(spec.version) : undefined;
  if (version === undefined) problems.push({ message: "The buildspec has no `version` (use 0.2)." });
  else if (version !== "0.1" && version !== "0.2")
    problems.push({ message: `Unknown buildspec version ${version} (use 0.2).` });
  if (
    spec.phases !== undefined &&
    (typeof spec.phases !== "object" || spec.phases === null || Array.isArray(spec.phases))
  ) {
    problems.push({
      message: "`phases` must be a mapping of phase names (install, pre_build, build, post_build).",
    });
  }
  return problems;
}
