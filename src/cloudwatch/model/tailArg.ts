import { MAX_TAIL_GROUPS } from "./tailSpec";

/**
 * The log groups an argument names: a log group node, a CodeBuild project node (its log group
 * /aws/codebuild/NAME), `{ logGroup }`, `{ logGroups }`, `{ lambdaFunction }` (/aws/lambda/NAME,
 * e.g. from a CodeDeploy target), or a name; and a pattern to start from.
 */
export function tailArg(arg: unknown): { groups: string[]; pattern?: string } {
  if (typeof arg === "string") return { groups: [arg] };
  if (typeof arg !== "object" || arg === null) return { groups: [] };
  const a = arg as Record<string, unknown>;
  const pattern = typeof a.pattern === "string" ? a.pattern : undefined;
  const out = (groups: string[]) => ({
    groups: groups.slice(0, MAX_TAIL_GROUPS),
    ...(pattern ? { pattern } : {}),
  });
  if (a.kind === "logGroup" && typeof a.name === "string") return out([a.name]);
  if (
    a.kind === "project" &&
    typeof a.name === "string" &&
    (a.section === undefined || a.section === "codebuild")
  )
    return out([`/aws/codebuild/${a.name}`]);
  if (typeof a.logGroup === "string") return out([a.logGroup]);
  if (Array.isArray(a.logGroups)) return out(a.logGroups.filter((g): g is string => typeof g === "string"));
  if (typeof a.lambdaFunction === "string") return out([`/aws/lambda/${a.lambdaFunction}`]);
  return out([]);
}
