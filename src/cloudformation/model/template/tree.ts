/**
 * A template as a tree with offsets, whatever its format: maps, sequences and scalars. YAML's
 * short-form tags are turned into their long forms (`!Ref X` is a map `{Ref: X}` spanning the
 * tagged value), so checks see one shape.
 */
export type TemplateNode = MapNode | SeqNode | ScalarNode;

interface Ranged {
  /** Offsets into the text, end exclusive. */
  readonly start: number;
  readonly end: number;
}

export interface MapEntry {
  readonly key: string;
  readonly keyStart: number;
  readonly keyEnd: number;
  readonly value: TemplateNode;
}

export interface MapNode extends Ranged {
  readonly kind: "map";
  readonly entries: readonly MapEntry[];
  /** The YAML tag it was written with (`!Sub`), for messages. */
  readonly tag?: string;
}

export interface SeqNode extends Ranged {
  readonly kind: "seq";
  readonly items: readonly TemplateNode[];
}

export interface ScalarNode extends Ranged {
  readonly kind: "scalar";
  readonly value: string | number | boolean | null;
}

export type Severity = "error" | "warning";

export interface TemplateProblem {
  readonly message: string;
  readonly severity: Severity;
  readonly start: number;
  readonly end: number;
}

export interface ParsedTemplate {
  readonly format: "yaml" | "json";
  /** Undefined when the text does not parse. */
  readonly root?: TemplateNode;
  /** Syntax problems (the text does not parse, an unknown tag). */
  readonly problems: readonly TemplateProblem[];
}

export function entry(node: TemplateNode | undefined, key: string): MapEntry | undefined {
  return node?.kind === "map" ? node.entries.find((e) => e.key === key) : undefined;
}

export function child(node: TemplateNode | undefined, key: string): TemplateNode | undefined {
  return entry(node, key)?.value;
}

export function text(node: TemplateNode | undefined): string | undefined {
  if (node?.kind !== "scalar" || node.value === null) return undefined;
  return String(node.value);
}

/** The single key of a one-entry map (an intrinsic function: `Ref`, `Fn::GetAtt`, …). */
export function functionOf(node: TemplateNode): MapEntry | undefined {
  return node.kind === "map" && node.entries.length === 1 ? node.entries[0] : undefined;
}

/** Line and column (0-based) of offsets, from the line starts (computed once, linear). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.starts.push(i + 1);
  }

  position(offset: number): { line: number; character: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo]! };
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))]!;
  }
}
