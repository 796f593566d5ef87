/**
 * Problem matchers: turn the lines of a failed build's log into problems at file positions.
 * Pure functions. Multi-line formats (ESLint stylish, rustc, Python tracebacks, Jest and Mocha
 * failures) are read first; then one-line formats, each line parsed once as "path:line[:col]"
 * or "path(line,col)" and told apart by what follows; last, a generic "path:line message".
 *
 * Every step is linear in the length of the log. Lines are cut to `maxLineLength` first (a
 * real path and message fit in 4 KiB; minified bundles, base64 and webpack stats do not need
 * matching), and independently of that cut every pattern is written so that it cannot
 * backtrack more than once per character: each is anchored at the start of the text, and each
 * repeated character class is followed by a character the class excludes (the path class has
 * no `:`, digits are followed by `:` or `,`), so a failed attempt gives up after one scan. The
 * fuzz tests run them on megabyte lines with the cut turned off.
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
  /**
   * Which tool format matched: typescript, msbuild, eslint, gcc, go, golint, java, mypy,
   * python, jest, mocha, rust or generic.
   */
  readonly tool: string;
}

export interface MatchOptions {
  /** Lines are cut to this many characters before matching (default 4 KiB). */
  readonly maxLineLength?: number;
}

/** A path, a message and a position fit; longer lines are cut to this before matching. */
export const MAX_LINE_LENGTH = 4096;

/** Finds the problems in a log. A line is used by at most one problem. */
export function matchProblems(rawLines: readonly string[], options: MatchOptions = {}): BuildProblem[] {
  const max = options.maxLineLength ?? MAX_LINE_LENGTH;
  const lines = rawLines.map((raw) => clean(raw, max));
  const log = new LogScan(lines);
  for (let i = 0; i < lines.length; i = log.readAt(i));
  log.readGenericLines();
  return log.problems;
}

const CONTAINER_PREFIX = /^\[Container\] \d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(?:\.\d+)? /;

function clean(raw: string, max: number): string {
  const cut = raw.length > max ? raw.slice(0, max) : raw;
  // trimEnd, not /\s+$/: that pattern retries at every blank of a long blank run (quadratic).
  return cut.replace(CONTAINER_PREFIX, "").trimEnd();
}

/** The state of one pass over a log: the problems found and the lines they used. */
class LogScan {
  readonly problems: BuildProblem[] = [];
  private readonly used: Uint8Array;
  /** file + line of every problem, so the generic fallback does not repeat one. */
  private readonly places = new Set<string>();
  private readonly frames: (Position | undefined)[];
  /** For each line, the index of the nearest stack frame at or after it (or Infinity). */
  private readonly nextFrame: Float64Array;

  constructor(private readonly lines: readonly string[]) {
    this.used = new Uint8Array(lines.length);
    this.frames = lines.map(stackFrame);
    this.nextFrame = new Float64Array(lines.length + 1).fill(Infinity);
    for (let i = lines.length - 1; i >= 0; i--) {
      this.nextFrame[i] = this.frames[i] ? i : this.nextFrame[i + 1]!;
    }
  }

  /** Reads the format that starts at line i; returns the index of the next line to read. */
  readAt(i: number): number {
    return (
      this.eslintStylish(i) ??
      this.rust(i) ??
      this.pythonTraceback(i) ??
      this.testFailure(i) ??
      this.oneLine(i)
    );
  }

  /** The fallback, only for lines nothing else claimed and not inside stack traces. */
  readGenericLines(): void {
    for (let i = 0; i < this.lines.length; i++) {
      if (this.used[i] || this.frames[i]) continue;
      const problem = genericProblem(this.lines[i]!);
      if (problem && !this.places.has(placeOf(problem))) this.add(i, problem);
    }
  }

  private add(index: number, problem: BuildProblem): void {
    this.used[index] = 1;
    this.places.add(placeOf(problem));
    this.problems.push(problem);
  }

  /** ESLint stylish: a file path alone, then indented "line:col  severity  message  rule" rows. */
  private eslintStylish(i: number): number | undefined {
    const file = this.lines[i]!;
    if (!isStylishHeader(file) || !stylishRow(this.lines[i + 1] ?? "", file)) return undefined;
    this.used[i] = 1;
    let j = i + 1;
    for (let row = stylishRow(this.lines[j]!, file); row; row = stylishRow(this.lines[++j] ?? "", file)) {
      this.add(j, row);
    }
    return j;
  }

  /**
   * rustc and clippy: "error[E0308]: mismatched types" then "  --> src/main.rs:4:18". The
   * arrow comes right after its header; a header followed by a blank line or by another header
   * ("warning: `x` generated 1 warning") is a summary, not a problem.
   */
  private rust(i: number): number | undefined {
    const header = RUST_HEADER.exec(this.lines[i]!);
    if (!header) return undefined;
    for (let j = i + 1; j < Math.min(this.lines.length, i + 4); j++) {
      const line = this.lines[j]!;
      if (line.trim() === "" || RUST_HEADER.test(line)) return undefined;
      const at = rustArrow(line);
      if (!at) continue;
      this.used[i] = 1;
      const [, severity, code, message] = header;
      this.add(j, problem(at, severityOf(severity!), message!, "rust", code));
      return j + 1;
    }
    return undefined;
  }

  /** Python: the deepest `File "x.py", line N` of a traceback, with the exception line after it. */
  private pythonTraceback(i: number): number | undefined {
    if (this.lines[i]!.trim() !== "Traceback (most recent call last):") return undefined;
    let frame: { file: string; line: number; index: number } | undefined;
    let j = i + 1;
    for (; j < this.lines.length; j++) {
      const f = PYTHON_FRAME.exec(this.lines[j]!);
      if (f) frame = { file: f[1]!, line: +f[2]!, index: j };
      else if (!/^\s/.test(this.lines[j]!)) break;
    }
    const exception = this.lines[j];
    if (frame && exception) {
      this.add(frame.index, problem(frame, "error", exception.trim(), "python"));
      this.used[j] = 1;
    }
    return j + 1;
  }

  /** Jest "● Suite › test" and Mocha "1) Suite test:" failures: the first stack frame outside node_modules. */
  private testFailure(i: number): number | undefined {
    const line = this.lines[i]!;
    const jest = JEST_TITLE.exec(line);
    const mocha = jest ? null : MOCHA_TITLE.exec(line);
    if (!jest && !(mocha && this.nextFrame[i + 1]! < i + 30)) return undefined;
    const title = (jest?.[1] ?? mocha![1]!).trim().replace(/:$/, "");
    let detail: string | undefined;
    for (let j = i + 1; j < Math.min(this.lines.length, i + 60); j++) {
      const l = this.lines[j]!;
      if (JEST_TITLE.test(l) || MOCHA_TITLE.test(l)) break;
      const frame = this.frames[j];
      if (frame && !/node_modules|node:internal|^internal\//.test(frame.file)) {
        this.add(j, problem(frame, "error", detail ? `${title}: ${detail}` : title, jest ? "jest" : "mocha"));
        break;
      }
      if (!detail && l.trim() && !frame) detail = l.trim();
    }
    return i + 1;
  }

  private oneLine(i: number): number {
    if (!this.used[i]) {
      const problem = oneLineProblem(this.lines[i]!);
      if (problem) this.add(i, problem);
    }
    return i + 1;
  }
}

function problem(
  at: Position,
  severity: Severity,
  message: string,
  tool: string,
  code?: string,
): BuildProblem {
  return { file: at.file, line: at.line, column: at.column, severity, message, code, tool };
}

function placeOf(problem: BuildProblem): string {
  return `${problem.line}:${problem.file}`;
}

function severityOf(word: string): Severity {
  return WARNING.test(word) ? "warning" : "error";
}

const WARNING = /^warn/i;

// ---- positions ------------------------------------------------------------------------

interface Position {
  readonly file: string;
  readonly line: number;
  readonly column?: number;
}

/**
 * A path: characters that paths in build logs are made of, and never `:` (so a run of them
 * stops at the `:` before the line number, and a failed match does not backtrack into it).
 * An optional drive letter comes first.
 */
const PATH = String.raw`(?:[A-Za-z]:)?[\p{L}\p{N}_.\/\\@+~\-]+`;

/** "path:line[:col]" at the start of a line (after indentation). Numbers beyond 9 digits are not positions. */
const LOCATION = new RegExp(String.raw`^\s*(${PATH}):(\d{1,9})(?::(\d{1,9}))?`, "u");

interface Location extends Position {
  /** The text after the position. */
  readonly rest: string;
}

function locationAt(text: string): Location | undefined {
  const m = LOCATION.exec(text);
  if (!m) return undefined;
  const { file, line, column } = position(m[1]!, m[2]!, m[3]);
  return { file, line, column, rest: text.slice(m[0].length) };
}

function position(file: string, line: string, column: string | undefined): Position {
  // Column 0 is how GCC says "no column".
  return { file, line: Math.max(1, +line), column: column && +column > 0 ? +column : undefined };
}

/** A file name ends in an extension: `.ts`, `.java`, `.targets`. */
const EXTENSION = /^\.[A-Za-z]\w{0,9}$/;

function hasExtension(file: string): boolean {
  const dot = file.lastIndexOf(".");
  return dot >= 0 && EXTENSION.test(file.slice(dot));
}

/** "at fn (file:12:5)" or "at file:12:5". */
function stackFrame(line: string): Position | undefined {
  const text = line.trimStart();
  if (!text.startsWith("at ")) return undefined;
  let where = text.slice(3);
  if (where.endsWith(")")) {
    const open = where.lastIndexOf("(");
    if (open < 0) return undefined;
    where = where.slice(open + 1, -1);
  }
  const position = trailingPosition(where.replace(/^file:\/\//, ""));
  return position && hasExtension(position.file) && !/\s/.test(position.file) ? position : undefined;
}

/** "file:line:col", read from the end (the file part may itself contain colons: `node:internal/x`). */
function trailingPosition(text: string): Position | undefined {
  const colon2 = text.lastIndexOf(":");
  const colon1 = colon2 > 0 ? text.lastIndexOf(":", colon2 - 1) : -1;
  if (colon1 <= 0) return undefined;
  const line = text.slice(colon1 + 1, colon2);
  const column = text.slice(colon2 + 1);
  if (!/^\d{1,9}$/.test(line) || !/^\d{1,9}$/.test(column)) return undefined;
  return position(text.slice(0, colon1), line, column);
}

// ---- multi-line formats ---------------------------------------------------------------------

const STYLISH_ROW = /^\s+(\d{1,9}):(\d{1,9})\s+(error|warning)\s+(.+)$/s;

function isStylishHeader(line: string): boolean {
  return line !== "" && !/^\s/.test(line) && !line.includes(": ") && hasExtension(line);
}

/** "  2:10  error    'x' is defined but never used   no-unused-vars" (the rule after two or more blanks). */
function stylishRow(line: string, file: string): BuildProblem | undefined {
  const m = STYLISH_ROW.exec(line);
  if (!m) return undefined;
  const text = m[4]!;
  const gap = text.lastIndexOf("  ");
  const rule = gap > 0 ? text.slice(gap + 2).trim() : "";
  const hasRule = rule !== "" && !/\s/.test(rule);
  const message = hasRule ? text.slice(0, gap).trimEnd() : text;
  return problem(
    position(file, m[1]!, m[2]),
    severityOf(m[3]!),
    message,
    "eslint",
    hasRule ? rule : undefined,
  );
}

const RUST_HEADER = /^\s*(error|warning)(?:\[(\w+)\])?: (.+)$/s;

/** "  --> src/main.rs:4:18" */
function rustArrow(line: string): Position | undefined {
  const text = line.trimStart();
  if (!text.startsWith("--> ")) return undefined;
  const at = locationAt(text.slice(4));
  return at && at.column !== undefined && at.rest === "" ? at : undefined;
}

const PYTHON_FRAME = /^\s+File "([^"]+)", line (\d{1,9})/;
const JEST_TITLE = /^\s*● (.+)$/s;
const MOCHA_TITLE = /^\s*\d{1,4}\) (.+)$/s;

// ---- one-line formats -----------------------------------------------------------------------

/** Maven prefixes each line with its level; the javac or tsc line after it is what counts. */
const MAVEN_LEVEL = /^\[(?:ERROR|WARNING|WARN|INFO)\] /;

function oneLineProblem(line: string): BuildProblem | undefined {
  const maven = mavenCompilerProblem(line);
  if (maven) return maven;
  const text = line.replace(MAVEN_LEVEL, "");
  const paren = parenProblem(text);
  if (paren) return paren;
  const at = locationAt(text);
  if (!at || !hasExtension(at.file)) return undefined;
  return prettyTscProblem(at) ?? compilerProblem(at) ?? eslintUnixProblem(at) ?? goProblem(at);
}

/** [ERROR] /path/App.java:[12,5] cannot find symbol   (the Maven compiler plugin) */
const MAVEN_COMPILER = /^\[(ERROR|WARNING)\] ((?:[A-Za-z]:)?[^:[\]]+):\[(\d{1,9}),(\d{1,9})\] (.*)$/s;

function mavenCompilerProblem(line: string): BuildProblem | undefined {
  const m = MAVEN_COMPILER.exec(line);
  if (!m || !hasExtension(m[2]!)) return undefined;
  return problem(position(m[2]!, m[3]!, m[4]), severityOf(m[1]!), m[5]!, "java");
}

/**
 * MSBuild and tsc: "File.cs(229,30): warning CS0618: message [project]". MSBuild paths may
 * hold blanks and parentheses (C:\Program Files (x86)\…), so the position is found by what
 * follows it and the path is everything before.
 */
const PAREN_POSITION = /\((\d{1,9})(?:,(\d{1,9}))?(?:,\d{1,9},\d{1,9})?\): (error|warning) ([A-Za-z]+\d+): /;

function parenProblem(text: string): BuildProblem | undefined {
  const m = PAREN_POSITION.exec(text);
  if (!m) return undefined;
  // "  1>" is MSBuild's node prefix in parallel builds.
  const file = text.slice(0, m.index).replace(/^\s*(?:\d{1,4}>)?/, "");
  const windowsPath = /^[A-Za-z]:[\\/]/.test(file);
  if (!hasExtension(file) || file.includes(": ") || (/\s/.test(file) && !windowsPath)) return undefined;
  const code = m[4]!;
  const message = withoutProjectSuffix(text.slice(m.index + m[0].length));
  const tool = code.startsWith("TS") ? "typescript" : "msbuild";
  return problem(position(file, m[1]!, m[2]), severityOf(m[3]!), message, tool, code);
}

/** MSBuild ends each message with the project it belongs to: " [C:\src\App.csproj]". */
function withoutProjectSuffix(message: string): string {
  if (!message.endsWith("proj]")) return message;
  const open = message.lastIndexOf(" [");
  return open > 0 ? message.slice(0, open) : message;
}

/** src/app.ts:12:5 - error TS2322: …   (tsc --pretty) */
const PRETTY_TSC = /^ - (error|warning) (TS\d+): (.*)$/s;

function prettyTscProblem(at: Location): BuildProblem | undefined {
  const m = PRETTY_TSC.exec(at.rest);
  if (!m || at.column === undefined) return undefined;
  return problem(at, severityOf(m[1]!), m[3]!, "typescript", m[2]);
}

/** file:line[:col]: error|warning: message — GCC and Clang, javac, mypy, rustc --short. */
const COMPILER = /^: (fatal error|error|warning): (.*)$/s;

function compilerProblem(at: Location): BuildProblem | undefined {
  const m = COMPILER.exec(at.rest);
  if (!m) return undefined;
  return problem(at, severityOf(m[1]!), m[2]!, toolByExtension(at.file));
}

const TOOL_BY_EXTENSION = new Map([
  ["java", "java"],
  ["py", "mypy"],
  ["rs", "rust"],
  ["go", "go"],
]);

function toolByExtension(file: string): string {
  return TOOL_BY_EXTENSION.get(file.slice(file.lastIndexOf(".") + 1).toLowerCase()) ?? "gcc";
}

/** /src/app.js:12:5: 'x' is not defined. [Error/no-undef]   (ESLint unix) */
const ESLINT_UNIX_SEVERITY = /^ \[(Error|Warning)(?:\/([^\]]+))?\]$/;

function eslintUnixProblem(at: Location): BuildProblem | undefined {
  if (at.column === undefined || !at.rest.startsWith(": ") || !at.rest.endsWith("]")) return undefined;
  const open = at.rest.lastIndexOf(" [");
  const m = open < 0 ? null : ESLINT_UNIX_SEVERITY.exec(at.rest.slice(open));
  if (!m) return undefined;
  return problem(at, severityOf(m[1]!), at.rest.slice(2, open), "eslint", m[2]);
}

/**
 * golint's suggestions are style advice: warnings. They are told from compiler and vet errors
 * by golint's fixed phrasings (lint.go in golang/lint).
 */
const GOLINT =
  /^(?:exported |comment on exported |package comment |should |don't use |a blank import should |error strings should |error var |receiver name |if block ends with a return statement|context\.Context should |error should be the last |errors\.New\(fmt\.Sprintf\(\.\.\.\)\) should |(?:type|func) name will be used as |(?:var|const|func|type|method|struct field|interface method|range var|parameter|func parameter|func result) \S+ should be )/;

/** ./main.go:12:5: undefined: foo   (go build, go vet, golint) */
function goProblem(at: Location): BuildProblem | undefined {
  if (!at.file.endsWith(".go") || !at.rest.startsWith(": ")) return undefined;
  const message = at.rest.slice(2);
  const lint = GOLINT.test(message);
  return lint ? problem(at, "warning", message, "golint") : problem(at, "error", message, "go");
}

/**
 * file:line[:col][:] message — the fallback, for a path with an extension and a message after
 * it (pytest's "test_x.py:6: AssertionError", standard's indented lines). Notes are not problems.
 */
const GENERIC_MESSAGE = /^:?\s+(\S.*)$/s;
const NOTE = /^(?:note|info|help|remark):/i;
const WARN_WORD = /\bwarn/i;

function genericProblem(line: string): BuildProblem | undefined {
  const at = locationAt(line.replace(MAVEN_LEVEL, ""));
  if (!at || !hasExtension(at.file)) return undefined;
  const m = GENERIC_MESSAGE.exec(at.rest);
  if (!m || NOTE.test(m[1]!)) return undefined;
  const message = m[1]!;
  return problem(at, WARN_WORD.test(message) ? "warning" : "error", message, "generic");
}

// ---- paths ----------------------------------------------------------------------------------

/**
 * Paths to try, relative to the workspace, for a path from the build container: the part after
 * CODEBUILD_SRC_DIR (or /codebuild/output/srcN/src), then with leading folders dropped one at a
 * time (a GitHub source sits under src/github.com/org/repo/). Absolute paths outside the
 * source directory and paths that climb out (..) give nothing.
 */
export function candidatePaths(file: string, sourceDirs: readonly string[] = []): string[] {
  let path = file.replace(/\\/g, "/");
  for (const dir of sourceDirs) {
    const d = withoutTrailingSlashes(dir);
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

/** Not /\/+$/: that pattern retries at every slash of a long run of slashes. */
function withoutTrailingSlashes(dir: string): string {
  let end = dir.length;
  while (end > 0 && dir[end - 1] === "/") end--;
  return dir.slice(0, end);
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
