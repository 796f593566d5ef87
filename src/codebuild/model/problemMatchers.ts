/**
 * Problem matchers: turn the lines of a failed build's log into problems at file positions.
 * Pure functions; one matcher per tool format, tried in order, first match wins per line.
 */

export type Severity = "error" | "warning";

export interface BuildProblem {
  /** The path as the log names it (container path, relative path…). */
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** 1-based, when the tool says. */
  readonly column?: number;
  readonly severity: Severity;
  readonly message: string;
  readonly code?: string;
  /** Which tool format matched (typescript, eslint, gcc, go, python, java, jest, mocha, rust, generic). */
  readonly tool: string;
}

const CONTAINER_PREFIX = /^\[Container\] \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(?:\.\d+)? /;
const FILE = String.raw`(?:[A-Za-z]:)?[\w./@+\-\\]*?[\w\-@+]+\.[A-Za-z][\w]{0,9}`;
const RUST_AT = new RegExp(String.raw`^\s*--> (${FILE}):(\d+):(\d+)$`);
const GENERIC = new RegExp(String.raw`^(${FILE}):(\d+)(?::(\d+))?:?\s+(.*\S.*)$`);

function severityOf(word: string): Severity {
  return /warn/i.test(word) ? "warning" : "error";
}

interface LineMatcher {
  readonly tool: string;
  match(line: string): BuildProblem | undefined | null;
}

/**
 * One-line formats, each a pattern with named groups: file, line, col, sev (error/warning),
 * code and msg. Tried in order; the first that matches a line wins.
 */
const LINE_RULES: readonly { readonly tool: string; readonly re: RegExp }[] = [
  // src/app.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'.
  {
    tool: "typescript",
    re: rx(
      String.raw`^(?<file>${FILE})\((?<line>\d+),(?<col>\d+)\): (?<sev>error|warning) (?<code>TS\d+): (?<msg>.*)$`,
    ),
  },
  // src/app.ts:12:5 - error TS2322: …   (tsc --pretty)
  {
    tool: "typescript",
    re: rx(
      String.raw`^(?<file>${FILE}):(?<line>\d+):(?<col>\d+) - (?<sev>error|warning) (?<code>TS\d+): (?<msg>.*)$`,
    ),
  },
  // [ERROR] /path/App.java:[12,5] cannot find symbol   (Maven)
  {
    tool: "java",
    re: rx(String.raw`^\[(?<sev>ERROR|WARNING)\] (?<file>${FILE}):\[(?<line>\d+),(?<col>\d+)\] (?<msg>.*)$`),
  },
  // App.java:12: error: cannot find symbol   (javac)
  {
    tool: "java",
    re: /^(?<file>(?:[A-Za-z]:)?[\w./@+\-\\]*?\.java):(?<line>\d+): (?<sev>error|warning): (?<msg>.*)$/,
  },
  // /src/app.js:12:5: 'x' is not defined. [Error/no-undef]   (ESLint unix)
  {
    tool: "eslint",
    re: rx(
      String.raw`^(?<file>${FILE}):(?<line>\d+):(?<col>\d+): (?<msg>.*) \[(?<sev>Error|Warning)(?:/(?<code>[^\]]+))?\]$`,
    ),
  },
  // main.c:10:5: error: 'x' undeclared   (GCC/Clang; also "fatal error", "warning")
  {
    tool: "gcc",
    re: rx(
      String.raw`^(?<file>${FILE}):(?<line>\d+):(?<col>\d+): (?<sev>fatal error|error|warning): (?<msg>.*)$`,
    ),
  },
  // ./main.go:12:5: undefined: foo   (go build / go vet)
  { tool: "go", re: /^(?<file>[\w./@+-]*?\.go):(?<line>\d+):(?<col>\d+): (?<msg>.*)$/ },
];

function rx(source: string): RegExp {
  return new RegExp(source);
}

const simple: LineMatcher[] = LINE_RULES.map(({ tool, re }) => ({
  tool,
  match(line) {
    const g = re.exec(line)?.groups;
    if (!g?.file || !g.line || g.msg === undefined) return undefined;
    return {
      file: g.file,
      line: +g.line,
      column: g.col ? +g.col : undefined,
      severity: g.sev ? severityOf(g.sev) : "error",
      message: g.msg,
      code: g.code,
      tool,
    };
  },
}));

/** file:line[:col][:] message — the fallback, for a path with an extension and a message after it. */
const generic: LineMatcher = {
  tool: "generic",
  match(line) {
    const m = GENERIC.exec(line);
    if (!m || /^https?$/i.test(m[1]!)) return undefined;
    const message = m[4]!;
    return {
      file: m[1]!,
      line: +m[2]!,
      column: m[3] ? +m[3] : undefined,
      severity: /\bwarn/i.test(message) ? "warning" : "error",
      message,
      tool: "generic",
    };
  },
};

/** A stack frame with a position: "at fn (file:12:5)" or "at file:12:5". */
const STACK_FRAME = new RegExp(String.raw`^\s*at (?:.*? \()?(${FILE}):(\d+):(\d+)\)?$`);

function clean(raw: string): string {
  return raw.replace(CONTAINER_PREFIX, "").replace(/\s+$/, "");
}

/** Finds the problems in a log. A line is used by at most one problem. */
export function matchProblems(rawLines: readonly string[]): BuildProblem[] {
  const lines = rawLines.map(clean);
  const problems: BuildProblem[] = [];
  const used = new Set<number>();
  const add = (index: number, problem: BuildProblem) => {
    used.add(index);
    problems.push(problem);
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const trimmed = line.trim();

    // ESLint stylish: a file path alone, then indented "line:col  severity  message  rule" rows.
    if (
      /^(?:[A-Za-z]:)?[/\\.\w][^\s:]*\.[A-Za-z]\w{0,9}$/.test(line) &&
      /^\s+\d+:\d+\s+(error|warning)\s/.test(lines[i + 1] ?? "")
    ) {
      let j = i + 1;
      for (; j < lines.length; j++) {
        const m = /^\s+(\d+):(\d+)\s+(error|warning)\s+(.*?)(?:\s{2,}(\S+))?$/.exec(lines[j]!);
        if (!m) break;
        add(j, {
          file: line,
          line: +m[1]!,
          column: +m[2]!,
          severity: severityOf(m[3]!),
          message: m[4]!,
          code: m[5],
          tool: "eslint",
        });
      }
      used.add(i);
      i = j - 1;
      continue;
    }

    // Rust: "error[E0308]: mismatched types" then "  --> src/main.rs:4:18".
    const rust = /^(error|warning)(?:\[(E\d+)\])?: (.*)$/.exec(line);
    if (rust) {
      for (let j = i + 1; j < Math.min(lines.length, i + 4); j++) {
        const at = RUST_AT.exec(lines[j]!);
        if (at) {
          add(j, {
            file: at[1]!,
            line: +at[2]!,
            column: +at[3]!,
            severity: severityOf(rust[1]!),
            code: rust[2],
            message: rust[3]!,
            tool: "rust",
          });
          used.add(i);
          break;
        }
      }
      if (used.has(i)) continue;
    }

    // Python: the deepest "File "x.py", line N" of a traceback, with the exception line after it.
    if (trimmed === "Traceback (most recent call last):") {
      let frame: { file: string; line: number; index: number } | undefined;
      let j = i + 1;
      for (; j < lines.length; j++) {
        const f = /^\s+File "([^"]+)", line (\d+)/.exec(lines[j]!);
        if (f) {
          frame = { file: f[1]!, line: +f[2]!, index: j };
          continue;
        }
        if (/^\s/.test(lines[j]!)) continue;
        break;
      }
      const exception = lines[j];
      if (frame && exception) {
        add(frame.index, {
          file: frame.file,
          line: frame.line,
          severity: "error",
          message: exception.trim(),
          tool: "python",
        });
        used.add(j);
      }
      i = j;
      continue;
    }

    // Jest "● Suite › test" and Mocha "1) Suite test:" failures: the first stack frame outside node_modules.
    const jest = /^\s*● (.+)$/.exec(line);
    const mocha = /^\s*\d+\) (.+?):?$/.exec(line);
    if (jest || (mocha && lines.slice(i + 1, i + 30).some((l) => STACK_FRAME.test(l)))) {
      const title = (jest?.[1] ?? mocha?.[1] ?? "").trim();
      let detail: string | undefined;
      for (let j = i + 1; j < Math.min(lines.length, i + 60); j++) {
        const l = lines[j]!;
        if (/^\s*● /.test(l) || /^\s*\d+\) /.test(l)) break;
        const frame = STACK_FRAME.exec(l);
        if (frame && !/node_modules|node:internal|^internal\//.test(frame[1]!)) {
          add(j, {
            file: frame[1]!,
            line: +frame[2]!,
            column: +frame[3]!,
            severity: "error",
            message: detail ? `${title}: ${detail}` : title,
            tool: jest ? "jest" : "mocha",
          });
          break;
        }
        if (!detail && l.trim() && !frame) detail = l.trim();
      }
      continue;
    }

    if (used.has(i)) continue;
    for (const matcher of simple) {
      const problem = matcher.match(line);
      if (problem) {
        add(i, problem);
        break;
      }
    }
  }

  // The fallback only for lines nothing else claimed, and not inside stack traces.
  for (let i = 0; i < lines.length; i++) {
    if (used.has(i) || STACK_FRAME.test(lines[i]!)) continue;
    const problem = generic.match(lines[i]!);
    if (problem && !problems.some((p) => p.file === problem.file && p.line === problem.line)) add(i, problem);
  }
  return problems;
}

/**
 * Paths to try, relative to the workspace, for a path from the build container: the part after
 * CODEBUILD_SRC_DIR (or /codebuild/output/srcN/src), then with leading folders dropped one at a
 * time (a GitHub source sits under src/github.com/org/repo/). Absolute paths outside the
 * source directory and paths that climb out (..) give nothing.
 */
export function candidatePaths(file: string, sourceDirs: readonly string[] = []): string[] {
  let path = file.replace(/\\/g, "/");
  for (const dir of sourceDirs) {
    const d = dir.replace(/\/+$/, "");
    if (path.startsWith(`${d}/`)) path = path.slice(d.length + 1);
  }
  path = path.replace(/^\/codebuild\/output\/src\d+\/src\//, "");
  if (path.startsWith("/")) return [];
  path = path.replace(/^\.\//, "");
  if (path.split("/").includes("..")) return [];
  const parts = path.split("/");
  const out: string[] = [];
  for (let i = 0; i < parts.length && i < 5; i++) out.push(parts.slice(i).join("/"));
  return out;
}

/** CODEBUILD_SRC_DIR values the log reveals. */
export function sourceDirsIn(lines: readonly string[]): string[] {
  const dirs = new Set<string>();
  for (const line of lines) {
    const m = /CODEBUILD_SRC_DIR=(\S+)/.exec(line);
    if (m?.[1]) dirs.add(m[1]);
  }
  return [...dirs];
}
