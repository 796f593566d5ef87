import type { ParameterValue, StackParameter, Tag } from "./types";

/** What a parameters file next to a template gives: values, and tags for a template configuration file. */
export interface ParameterFile {
  /** cli (the JSON list `aws cloudformation` takes), configuration ({"Parameters": {…}, "Tags": {…}}), keyValue (KEY=value lines). */
  readonly format: "cli" | "configuration" | "keyValue";
  readonly values: Readonly<Record<string, string>>;
  /** Parameters the file says to keep as they are (UsePreviousValue). */
  readonly usePrevious: readonly string[];
  readonly tags: readonly Tag[];
}

export class ParameterFileError extends Error {
  override readonly name = "ParameterFileError";
}

/** The names a parameters file next to `template.yaml` may have, in the order they are looked for. */
export function parameterFileNames(templateBase: string): string[] {
  const base = templateBase.replace(/\.(ya?ml|json|template)$/i, "");
  return [
    `${base}.parameters.json`,
    `${base}-parameters.json`,
    `${base}.params.json`,
    `${base}-params.json`,
    `${base}.config.json`,
    `${base}.parameters`,
    `${base}.params`,
    `${base}.env`,
    "parameters.json",
    "params.json",
  ];
}

function stringOf(value: unknown, what: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.join(",");
  throw new ParameterFileError(`${what} must be text, a number or a list of strings.`);
}

function mapOf(value: unknown, what: string): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new ParameterFileError(`${what} must be an object of names and values.`);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stringOf(v, `${what}.${k}`)]));
}

/**
 * Reads a parameters file: the CLI's JSON list (`[{"ParameterKey": …, "ParameterValue": …}]`),
 * a template configuration file (`{"Parameters": {…}, "Tags": {…}}`, as CodePipeline takes), or
 * `KEY=value` lines (`#` comments, values optionally quoted). Throws ParameterFileError with
 * what is wrong.
 */
export function parseParameterFile(text: string, fileName: string): ParameterFile {
  const trimmed = text.replace(/^\uFEFF/, "").trim();
  if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (error) {
      throw new ParameterFileError(
        `${fileName} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (Array.isArray(data)) {
      const values: Record<string, string> = {};
      const usePrevious: string[] = [];
      data.forEach((item, i) => {
        const p = item as { ParameterKey?: unknown; ParameterValue?: unknown; UsePreviousValue?: unknown };
        if (typeof item !== "object" || item === null || typeof p.ParameterKey !== "string")
          throw new ParameterFileError(`${fileName}: entry ${i + 1} needs a "ParameterKey".`);
        if (p.UsePreviousValue === true) usePrevious.push(p.ParameterKey);
        else
          values[p.ParameterKey] = stringOf(p.ParameterValue, `${fileName}: the value of ${p.ParameterKey}`);
      });
      return { format: "cli", values, usePrevious, tags: [] };
    }
    const o = data as Record<string, unknown>;
    if ("Parameters" in o || "Tags" in o)
      return {
        format: "configuration",
        values: mapOf(o.Parameters, `${fileName}: Parameters`),
        usePrevious: [],
        tags: Object.entries(mapOf(o.Tags, `${fileName}: Tags`)).map(([key, value]) => ({ key, value })),
      };
    return { format: "configuration", values: mapOf(o, fileName), usePrevious: [], tags: [] };
  }
  const values: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const eq = line.indexOf("=");
    if (eq <= 0) throw new ParameterFileError(`${fileName}, line ${i + 1}: expected KEY=value.`);
    const key = line
      .slice(0, eq)
      .trim()
      .replace(/^export\s+/, "");
    let value = line.slice(eq + 1).trim();
    if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.endsWith(value[0]))
      value = value.slice(1, -1);
    values[key] = value;
  });
  return { format: "keyValue", values, usePrevious: [], tags: [] };
}

export interface PlannedParameter {
  readonly key: string;
  readonly description?: string;
  readonly noEcho: boolean;
  readonly allowedValues?: readonly string[];
  /** The value to send; undefined with `usePrevious` or while missing. */
  readonly value?: string;
  readonly usePrevious: boolean;
  /** Where the value comes from, in words: "parameters.json", "the stack", "the default". */
  readonly source?: string;
  /** The template's default. */
  readonly defaultValue?: string;
}

export interface TemplateParameterDecl {
  readonly key: string;
  readonly defaultValue?: string;
  readonly noEcho: boolean;
  readonly description?: string;
  readonly allowedValues?: readonly string[];
}

/**
 * The value each of the template's parameters will take: from the parameters file, else the
 * deployed stack's (kept as it is: UsePreviousValue, since a NoEcho value comes back masked),
 * else the template's default; missing otherwise (the user is asked).
 */
export function planParameters(
  declared: readonly TemplateParameterDecl[],
  file: { readonly name: string; readonly data: ParameterFile } | undefined,
  stack: readonly StackParameter[] | undefined,
): PlannedParameter[] {
  return declared.map((p) => {
    const base = {
      key: p.key,
      noEcho: p.noEcho,
      ...(p.description !== undefined ? { description: p.description } : {}),
      ...(p.allowedValues ? { allowedValues: p.allowedValues } : {}),
      ...(p.defaultValue !== undefined ? { defaultValue: p.defaultValue } : {}),
    };
    const fromFile = file?.data.values[p.key];
    if (fromFile !== undefined) return { ...base, value: fromFile, usePrevious: false, source: file!.name };
    const previous = stack?.find((s) => s.key === p.key);
    if (previous || file?.data.usePrevious.includes(p.key))
      return { ...base, usePrevious: true, source: "the stack" };
    if (p.defaultValue !== undefined)
      return { ...base, value: p.defaultValue, usePrevious: false, source: "the default" };
    return { ...base, usePrevious: false };
  });
}

/** The parameters a change set request sends. */
export function parameterValues(planned: readonly PlannedParameter[]): ParameterValue[] {
  return planned.map((p) =>
    p.usePrevious ? { key: p.key, usePrevious: true } : { key: p.key, value: p.value ?? "" },
  );
}

/** How a planned value is shown: masked when NoEcho. */
export function shownValue(p: PlannedParameter): string {
  if (p.usePrevious) return p.noEcho ? "**** (kept as deployed)" : "(kept as deployed)";
  if (p.value === undefined) return "(no value)";
  return p.noEcho ? "****" : p.value === "" ? '""' : p.value;
}

/** `key=value, key2=value2` → tags; throws ParameterFileError on a malformed entry. */
export function parseTags(input: string): Tag[] {
  const out: Tag[] = [];
  for (const part of input.split(",")) {
    const item = part.trim();
    if (item === "") continue;
    const eq = item.indexOf("=");
    if (eq <= 0) throw new ParameterFileError(`"${item}" is not key=value.`);
    out.push({ key: item.slice(0, eq).trim(), value: item.slice(eq + 1).trim() });
  }
  return out;
}

export function formatTags(tags: readonly Tag[]): string {
  return tags.map((t) => `${t.key}=${t.value}`).join(", ");
}
