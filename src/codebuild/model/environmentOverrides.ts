import type { EnvironmentVariable } from "./types";

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PREFIXES: Record<string, EnvironmentVariable["type"]> = {
  "ssm:": "PARAMETER_STORE",
  "secret:": "SECRETS_MANAGER",
};

export type ParsedVariable = { ok: true; variable: EnvironmentVariable } | { ok: false; error: string };

/**
 * Parses one override as typed in the input box: `NAME=value` (plain text),
 * `ssm:NAME=/param/name` (Parameter Store) or `secret:NAME=arn-or-name` (Secrets Manager).
 */
export function parseEnvironmentVariable(input: string): ParsedVariable {
  let text = input.trim();
  let type: EnvironmentVariable["type"] = "PLAINTEXT";
  for (const [prefix, prefixType] of Object.entries(PREFIXES)) {
    if (text.toLowerCase().startsWith(prefix)) {
      type = prefixType;
      text = text.slice(prefix.length);
    }
  }
  const eq = text.indexOf("=");
  if (eq <= 0)
    return { ok: false, error: "Write NAME=value (or ssm:NAME=/parameter, secret:NAME=secret-id)." };
  const name = text.slice(0, eq).trim();
  const value = text.slice(eq + 1);
  if (!NAME.test(name))
    return { ok: false, error: `"${name}" is not a valid variable name (letters, digits, _).` };
  if (name.toUpperCase().startsWith("CODEBUILD_"))
    return { ok: false, error: "Names starting with CODEBUILD_ are reserved by CodeBuild." };
  if (type !== "PLAINTEXT" && value.trim() === "")
    return { ok: false, error: "A parameter or secret needs its name or ARN after =." };
  return { ok: true, variable: { name, value, type } };
}

/** How an override is shown back to the user: never the value of a plain-text variable. */
export function describeVariable(variable: EnvironmentVariable): string {
  switch (variable.type) {
    case "PLAINTEXT":
      return `${variable.name} (plain text, ${variable.value.length} characters)`;
    case "PARAMETER_STORE":
      return `${variable.name} ← Parameter Store ${variable.value}`;
    case "SECRETS_MANAGER":
      return `${variable.name} ← Secrets Manager ${variable.value}`;
  }
}
