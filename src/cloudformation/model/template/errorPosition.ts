import { child, functionOf, text, type TemplateNode } from "./tree";

export interface ErrorRange {
  readonly start: number;
  readonly end: number;
}

/** The offset where a 1-based line and column are, in text. */
function offsetOf(source: string, line: number, column: number): number {
  let at = 0;
  for (let l = 1; l < line; l++) {
    const next = source.indexOf("\n", at);
    if (next < 0) return source.length;
    at = next + 1;
  }
  return Math.min(source.length, at + Math.max(0, column - 1));
}

/** Where a name is used as a reference (Ref, GetAtt, Sub, DependsOn) or declared as a key. */
function findName(root: TemplateNode | undefined, name: string): ErrorRange | undefined {
  if (!root) return undefined;
  const stack: TemplateNode[] = [root];
  let declared: ErrorRange | undefined;
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.kind === "seq") {
      stack.push(...node.items);
      continue;
    }
    if (node.kind !== "map") continue;
    const fn = functionOf(node);
    if (fn && (fn.key === "Ref" || fn.key === "Fn::GetAtt" || fn.key === "Fn::Sub")) {
      const arg = fn.value;
      const names = arg.kind === "seq" ? arg.items.map(text) : [text(arg)];
      if (
        names.some(
          (n) => n !== undefined && (n === name || n.startsWith(`${name}.`) || n.includes(`\${${name}`)),
        )
      )
        return { start: arg.start, end: arg.end };
    }
    for (const e of node.entries) {
      if (e.key === "DependsOn") {
        const items = e.value.kind === "seq" ? e.value.items : [e.value];
        const hit = items.find((i) => text(i) === name);
        if (hit) return { start: hit.start, end: hit.end };
      }
      if (e.key === name) declared ??= { start: e.keyStart, end: e.keyEnd };
      stack.push(e.value);
    }
  }
  return declared;
}

/** A word's first whole-word occurrence in the text (indexOf, linear). */
function findWord(source: string, word: string): ErrorRange | undefined {
  if (!word) return undefined;
  const isWordChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9]/.test(c);
  for (let i = source.indexOf(word); i >= 0; i = source.indexOf(word, i + 1)) {
    if (!isWordChar(source[i - 1]) && !isWordChar(source[i + word.length]))
      return { start: i, end: i + word.length };
  }
  return undefined;
}

/**
 * Where in the template a ValidateTemplate (or CreateChangeSet) error points: the line and
 * column it names, the resource or reference it names, else the top.
 */
export function errorPosition(message: string, source: string, root: TemplateNode | undefined): ErrorRange {
  const lineColumn = /\(line (\d+), column (\d+)\)/.exec(message);
  if (lineColumn) {
    const at = offsetOf(source, Number(lineColumn[1]), Number(lineColumn[2]));
    return { start: at, end: Math.min(source.length, at + 1) };
  }
  const pointer = /\[\/Resources\/([A-Za-z0-9]+)/.exec(message);
  if (pointer) {
    const resource = child(root, "Resources");
    const e = resource?.kind === "map" ? resource.entries.find((x) => x.key === pointer[1]) : undefined;
    if (e) return { start: e.keyStart, end: e.keyEnd };
  }
  const names = [
    ...(/\[([^\]]+)\]/.exec(message)?.[1]?.split(/,\s*/) ?? []),
    ...[
      /undefined resource (\w+)/,
      /condition(?: dependency)? (\w+)/i,
      /(?:resource|parameter) '?(\w+)'?/i,
      /Parameter '(\w+)'/,
    ]
      .map((p) => p.exec(message)?.[1])
      .filter((n): n is string => !!n),
  ];
  for (const name of names) {
    const found = findName(root, name.trim()) ?? findWord(source, name.trim());
    if (found) return found;
  }
  return { start: 0, end: Math.min(source.length, Math.max(1, source.indexOf("\n"))) };
}
