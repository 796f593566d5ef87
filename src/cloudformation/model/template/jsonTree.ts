import type { MapEntry, ParsedTemplate, TemplateNode } from "./tree";

/** Deeper nesting than this is refused (a template is never this deep; a crafted file may be). */
const MAX_DEPTH = 200;

class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/**
 * A JSON template as a tree with offsets: one pass over the text (linear in its length), with
 * the first syntax error at its place.
 */
export function parseJsonTree(text: string): ParsedTemplate {
  let i = 0;
  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, Math.min(i, text.length));
  };
  const space = () => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) i++;
      else return;
    }
  };
  const describe = () => (i >= text.length ? "the end of the file" : `'${text[i]}'`);
  const string = (): string => {
    const start = i;
    i++; // "
    let out = "";
    let from = i;
    for (;;) {
      if (i >= text.length) {
        i = start;
        fail("JSON: a string is not closed");
      }
      const c = text.charCodeAt(i);
      if (c === 34) {
        out += text.slice(from, i);
        i++;
        return out;
      }
      if (c < 32) fail("JSON: a control character inside a string (escape it, e.g. \\n)");
      if (c === 92) {
        out += text.slice(from, i);
        const e = text[i + 1];
        const simple: Record<string, string> = {
          '"': '"',
          "\\": "\\",
          "/": "/",
          b: "\b",
          f: "\f",
          n: "\n",
          r: "\r",
          t: "\t",
        };
        if (e !== undefined && e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
        } else fail("JSON: an unknown escape in a string");
        from = i;
        continue;
      }
      i++;
    }
  };
  const value = (depth: number): TemplateNode => {
    if (depth > MAX_DEPTH) fail("JSON: nested too deeply");
    space();
    const start = i;
    const c = text[i];
    if (c === "{") {
      i++;
      const entries: MapEntry[] = [];
      space();
      if (text[i] === "}") {
        i++;
        return { kind: "map", entries, start, end: i };
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail(`JSON: expected a key in quotes, found ${describe()}`);
        const keyStart = i;
        const key = string();
        const keyEnd = i;
        space();
        if (text[i] !== ":") fail(`JSON: expected ':' after the key "${key}", found ${describe()}`);
        i++;
        entries.push({ key, keyStart, keyEnd, value: value(depth + 1) });
        space();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return { kind: "map", entries, start, end: i };
        }
        fail(`JSON: expected ',' or '}', found ${describe()}`);
      }
    }
    if (c === "[") {
      i++;
      const items: TemplateNode[] = [];
      space();
      if (text[i] === "]") {
        i++;
        return { kind: "seq", items, start, end: i };
      }
      for (;;) {
        items.push(value(depth + 1));
        space();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return { kind: "seq", items, start, end: i };
        }
        fail(`JSON: expected ',' or ']', found ${describe()}`);
      }
    }
    if (c === '"') {
      const s = string();
      return { kind: "scalar", value: s, start, end: i };
    }
    const word = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
      text.slice(i, i + 64),
    );
    if (!word) fail(`JSON: unexpected ${describe()}`);
    const w = word![0];
    i += w.length;
    const v = w === "true" ? true : w === "false" ? false : w === "null" ? null : Number(w);
    return { kind: "scalar", value: v, start, end: i };
  };
  try {
    const root = value(0);
    space();
    if (i < text.length) fail(`JSON: unexpected ${describe()} after the template's end`);
    return { format: "json", root, problems: [] };
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return {
      format: "json",
      problems: [
        {
          message: error.message,
          severity: "error",
          start: error.offset,
          end: Math.min(text.length, error.offset + 1),
        },
      ],
    };
  }
}
