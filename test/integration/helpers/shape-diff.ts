// Compares the shapes (keys and value kinds, not values) of two JSON answers.

/** path -> kinds seen there. Array items share the path "<list>[]". */
export function shapePaths(
  value: unknown,
  prefix = "",
  out = new Map<string, Set<string>>(),
): Map<string, Set<string>> {
  const add = (path: string, kind: string): void => {
    const set = out.get(path) ?? new Set<string>();
    set.add(kind);
    out.set(path, set);
  };
  if (Array.isArray(value)) {
    for (const item of value) {
      add(`${prefix}[]`, kindOf(item));
      shapePaths(item, `${prefix}[]`, out);
    }
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const path = prefix === "" ? k : `${prefix}.${k}`;
      add(path, kindOf(v));
      shapePaths(v, path, out);
    }
  }
  return out;
}

export function kindOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}
