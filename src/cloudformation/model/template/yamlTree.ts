import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { MapEntry, ParsedTemplate, TemplateNode, TemplateProblem } from "./tree";

/** CloudFormation's short-form tags and the long-form keys they stand for. */
export const SHORT_FORMS: Readonly<Record<string, string>> = {
  Ref: "Ref",
  Condition: "Condition",
  ...Object.fromEntries(
    [
      "Base64",
      "Cidr",
      "FindInMap",
      "GetAtt",
      "GetAZs",
      "ImportValue",
      "Join",
      "Select",
      "Split",
      "Sub",
      "Transform",
      "And",
      "Equals",
      "If",
      "Not",
      "Or",
      "ToJsonString",
      "Length",
      "ForEach",
    ].map((name) => [name, `Fn::${name}`]),
  ),
};

function firstLine(message: string): string {
  return (message.split("\n")[0] ?? message).replace(/ at line \d+, column \d+:?$/, "");
}

/**
 * A YAML template as a tree with offsets, its short-form tags (`!Ref`, `!Sub`, `!GetAtt`, …)
 * turned into their long forms; syntax errors and unknown tags as problems. Aliases are not
 * expanded (a node count bounds the work by the text's length).
 */
export function parseYamlTree(text: string): ParsedTemplate {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, keepSourceTokens: false });
  const problems: TemplateProblem[] = doc.errors.map((e) => ({
    message: `YAML: ${firstLine(e.message)}`,
    severity: "error",
    start: e.pos[0],
    end: Math.max(e.pos[1], e.pos[0] + 1),
  }));
  if (problems.length > 0) return { format: "yaml", problems };
  const root = convert(doc.contents, doc, problems);
  return { format: "yaml", ...(root ? { root } : {}), problems };
}

function convert(
  node: Node | null | undefined,
  doc: Document,
  problems: TemplateProblem[],
): TemplateNode | undefined {
  if (!node) return undefined;
  const [start, end] = node.range ?? [0, 0];
  let out: TemplateNode;
  if (isAlias(node)) {
    // An alias stands for what its anchor holds: resolved once, not expanded again inside.
    const target = node.resolve(doc);
    out =
      target && isScalar(target)
        ? { kind: "scalar", value: scalarValue(target.value), start, end }
        : { kind: "scalar", value: `*${node.source}`, start, end };
  } else if (isMap(node)) {
    const entries: MapEntry[] = [];
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      const keyText = isScalar(key) ? String(key.value) : "";
      const [keyStart, keyEnd] = key?.range ?? [start, start];
      const value =
        convert(pair.value as Node | null, doc, problems) ??
        ({ kind: "scalar", value: null, start: keyEnd, end: keyEnd } as const);
      entries.push({ key: keyText, keyStart, keyEnd, value });
    }
    out = { kind: "map", entries, start, end };
  } else if (isSeq(node)) {
    const items: TemplateNode[] = [];
    for (const item of node.items) {
      const converted = convert(item as Node | null, doc, problems);
      if (converted) items.push(converted);
    }
    out = { kind: "seq", items, start, end };
  } else if (isScalar(node)) {
    out = { kind: "scalar", value: scalarValue(node.value), start, end };
  } else return undefined;
  const tag = node.tag;
  if (!tag || tag.startsWith("tag:yaml.org,2002:")) return out;
  const name = tag.startsWith("!") ? tag.slice(1) : tag;
  const long = SHORT_FORMS[name];
  if (!long) {
    problems.push({
      message: `Unknown tag ${tag}: CloudFormation knows ${Object.keys(SHORT_FORMS)
        .map((t) => `!${t}`)
        .join(", ")}.`,
      severity: "error",
      start,
      end: Math.max(end, start + 1),
    });
    return out;
  }
  return {
    kind: "map",
    tag,
    entries: [{ key: long, keyStart: start, keyEnd: start, value: out }],
    start,
    end,
  };
}

function scalarValue(value: unknown): string | number | boolean | null {
  if (value === null || typeof value === "string" || typeof value === "number" || typeof value === "boolean")
    return value;
  return typeof value === "bigint" ? value.toString() : (JSON.stringify(value) ?? "");
}
