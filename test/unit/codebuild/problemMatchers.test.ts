import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  candidatePaths,
  matchProblems,
  sourceDirsIn,
  type BuildProblem,
} from "../../../src/codebuild/model/problemMatchers";

type Expected = Pick<BuildProblem, "file" | "line" | "severity" | "tool"> & Partial<BuildProblem>;

/** Each case: a log excerpt as the tool prints it, and the problems a user should see. */
const cases: { name: string; log: string; expected: Expected[] }[] = [
  {
    name: "TypeScript (tsc)",
    log: `
> api-service@1.4.0 build
> tsc -p tsconfig.json

src/orders/handler.ts(42,7): error TS2322: Type 'string' is not assignable to type 'number'.
src/users/repo.ts(17,21): error TS2339: Property 'emial' does not exist on type 'User'.
Found 2 errors in 2 files.`,
    expected: [
      {
        file: "src/orders/handler.ts",
        line: 42,
        column: 7,
        severity: "error",
        code: "TS2322",
        tool: "typescript",
        message: "Type 'string' is not assignable to type 'number'.",
      },
      {
        file: "src/users/repo.ts",
        line: 17,
        column: 21,
        severity: "error",
        code: "TS2339",
        tool: "typescript",
      },
    ],
  },
  {
    name: "TypeScript (tsc --pretty)",
    log: `src/app.ts:3:14 - error TS2304: Cannot find name 'proces'.

3 const port = proces.env.PORT;
               ~~~~~~`,
    expected: [
      { file: "src/app.ts", line: 3, column: 14, severity: "error", code: "TS2304", tool: "typescript" },
    ],
  },
  {
    name: "ESLint stylish",
    log: `
/codebuild/output/src123456789/src/src/index.js
   4:7   error    'unused' is assigned a value but never used  no-unused-vars
  12:1   warning  Unexpected console statement                 no-console

✖ 2 problems (1 error, 1 warning)`,
    expected: [
      {
        file: "/codebuild/output/src123456789/src/src/index.js",
        line: 4,
        column: 7,
        severity: "error",
        code: "no-unused-vars",
        tool: "eslint",
        message: "'unused' is assigned a value but never used",
      },
      {
        file: "/codebuild/output/src123456789/src/src/index.js",
        line: 12,
        column: 1,
        severity: "warning",
        code: "no-console",
        tool: "eslint",
      },
    ],
  },
  {
    name: "ESLint unix",
    log: `src/lib/math.js:10:3: Unexpected var, use let or const instead. [Error/no-var]
src/lib/math.js:22:9: 'x' is never reassigned. [Warning/prefer-const]

2 problems`,
    expected: [
      { file: "src/lib/math.js", line: 10, column: 3, severity: "error", code: "no-var", tool: "eslint" },
      {
        file: "src/lib/math.js",
        line: 22,
        column: 9,
        severity: "warning",
        code: "prefer-const",
        tool: "eslint",
      },
    ],
  },
  {
    name: "GCC / Clang",
    log: `gcc -Wall -c src/parse.c -o build/parse.o
src/parse.c: In function 'parse_line':
src/parse.c:57:12: error: 'buf' undeclared (first use in this function)
src/parse.c:61:5: warning: implicit declaration of function 'strlcpy' [-Wimplicit-function-declaration]
make: *** [Makefile:12: build/parse.o] Error 1`,
    expected: [
      { file: "src/parse.c", line: 57, column: 12, severity: "error", tool: "gcc" },
      { file: "src/parse.c", line: 61, column: 5, severity: "warning", tool: "gcc" },
    ],
  },
  {
    name: "Go",
    log: `# example.com/svc/internal/store
internal/store/db.go:88:2: undefined: sqlOpen
./main.go:14:10: cannot use "8080" (untyped string constant) as int value in assignment`,
    expected: [
      {
        file: "internal/store/db.go",
        line: 88,
        column: 2,
        severity: "error",
        tool: "go",
        message: "undefined: sqlOpen",
      },
      { file: "./main.go", line: 14, column: 10, severity: "error", tool: "go" },
    ],
  },
  {
    name: "Python traceback",
    log: `Traceback (most recent call last):
  File "/codebuild/output/src998/src/app/main.py", line 10, in <module>
    run()
  File "/codebuild/output/src998/src/app/jobs.py", line 33, in run
    total = sum(values) / len(values)
ZeroDivisionError: division by zero`,
    expected: [
      {
        file: "/codebuild/output/src998/src/app/jobs.py",
        line: 33,
        severity: "error",
        tool: "python",
        message: "ZeroDivisionError: division by zero",
      },
    ],
  },
  {
    name: "Maven / javac",
    log: `[INFO] Compiling 12 source files to /codebuild/output/src1/src/target/classes
[ERROR] /codebuild/output/src1/src/src/main/java/com/acme/App.java:[23,17] cannot find symbol
[ERROR] COMPILATION ERROR :
src/main/java/com/acme/Util.java:8: error: ';' expected`,
    expected: [
      {
        file: "/codebuild/output/src1/src/src/main/java/com/acme/App.java",
        line: 23,
        column: 17,
        severity: "error",
        tool: "java",
        message: "cannot find symbol",
      },
      {
        file: "src/main/java/com/acme/Util.java",
        line: 8,
        severity: "error",
        tool: "java",
        message: "';' expected",
      },
    ],
  },
  {
    name: "Jest",
    log: `FAIL src/cart.test.ts
  ● Cart › applies the discount

    expect(received).toBe(expected) // Object.is equality

    Expected: 90
    Received: 100

      12 |     cart.add(item(100));
    > 13 |     expect(cart.total()).toBe(90);
         |                          ^

      at Object.<anonymous> (src/cart.test.ts:13:26)
      at Promise.then.completed (node_modules/jest-circus/build/utils.js:298:28)`,
    expected: [
      {
        file: "src/cart.test.ts",
        line: 13,
        column: 26,
        severity: "error",
        tool: "jest",
        message: "Cart › applies the discount: expect(received).toBe(expected) // Object.is equality",
      },
    ],
  },
  {
    name: "Mocha",
    log: `  2 passing (31ms)
  1 failing

  1) parser
       reads an empty file:
     AssertionError [ERR_ASSERTION]: Expected values to be strictly equal:
      at Context.<anonymous> (test/parser.test.js:21:12)
      at process.processImmediate (node:internal/timers:476:21)`,
    expected: [{ file: "test/parser.test.js", line: 21, column: 12, severity: "error", tool: "mocha" }],
  },
  {
    name: "Rust",
    log: `   Compiling svc v0.1.0 (/codebuild/output/src5/src)
error[E0308]: mismatched types
  --> src/main.rs:4:18
   |
4  |     let n: u32 = "five";
   |            ---   ^^^^^^ expected \`u32\`, found \`&str\``,
    expected: [
      {
        file: "src/main.rs",
        line: 4,
        column: 18,
        severity: "error",
        code: "E0308",
        tool: "rust",
        message: "mismatched types",
      },
    ],
  },
  {
    name: "MSBuild (C#), with blanks and parentheses in the path and the project after the message",
    log: `C:\\src\\App\\Device.cs(229,30): warning CS0618: 'SendQueue' is obsolete [C:\\src\\App\\App.csproj]
C:\\Program Files (x86)\\MSBuild\\Microsoft.CSharp.targets(135,9): error MSB3884: Could not find rule set file. [C:\\src\\App\\App.csproj]`,
    expected: [
      {
        file: "C:\\src\\App\\Device.cs",
        line: 229,
        column: 30,
        severity: "warning",
        code: "CS0618",
        tool: "msbuild",
        message: "'SendQueue' is obsolete",
      },
      {
        file: "C:\\Program Files (x86)\\MSBuild\\Microsoft.CSharp.targets",
        line: 135,
        column: 9,
        severity: "error",
        code: "MSB3884",
        tool: "msbuild",
      },
    ],
  },
  {
    name: "golint's suggestions are warnings, go vet's findings errors",
    log: `conn.go:104:3: should replace pos += 1 with pos++
conn.go:64:2: exported var ErrCloseSent should have comment or be unexported
assign.go:15: self-assignment of x to x`,
    expected: [
      { file: "conn.go", line: 104, column: 3, severity: "warning", tool: "golint" },
      { file: "conn.go", line: 64, column: 2, severity: "warning", tool: "golint" },
      { file: "assign.go", line: 15, column: undefined, severity: "error", tool: "go" },
    ],
  },
  {
    name: "Rust: a summary line is not a problem, an indented header is",
    log: `warning: \`checks\` (build script) generated 1 warning
warning: constants have by default a \`'static\` lifetime
  --> src/main.rs:15:18
   |

 error: using \`clone\` on a double-reference
   --> src/fs.rs:11:31`,
    expected: [
      { file: "src/main.rs", line: 15, column: 18, severity: "warning", tool: "rust" },
      { file: "src/fs.rs", line: 11, column: 31, severity: "error", tool: "rust" },
    ],
  },
  {
    name: "mypy: errors, not notes",
    log: `app/log.py: note: In member "filter" of class "LogFilter":
app/log.py:16: error: "LogRecord" has no attribute "user_uuid"
app/log.py:20: note: Revealed type is "builtins.str"`,
    expected: [{ file: "app/log.py", line: 16, severity: "error", tool: "mypy" }],
  },
  {
    name: "standard: indented file:line:col lines",
    log: `standard: Use JavaScript Standard Style (https://standardjs.com)
  /project/app/controllers/notify.js:4:12: Missing space before function parentheses.`,
    expected: [
      { file: "/project/app/controllers/notify.js", line: 4, column: 12, severity: "error", tool: "generic" },
    ],
  },
  {
    name: "javac behind Maven's [WARNING] prefix",
    log: `[WARNING] /src/main/java/acme/Ensure.java:57: warning: @param "value" has already been specified
[WARNING] * @param value
[WARNING] 1 warning`,
    expected: [{ file: "/src/main/java/acme/Ensure.java", line: 57, severity: "warning", tool: "java" }],
  },
  {
    name: "a problem at the start of a very long line (the rest of the line is not read)",
    log: `src/a.ts(1,2): error TS2322: ${"Type '{ a: string; }' is not assignable. ".repeat(2_000)}`,
    expected: [
      { file: "src/a.ts", line: 1, column: 2, severity: "error", code: "TS2322", tool: "typescript" },
    ],
  },
  {
    name: "CodeBuild's own lines are not problems",
    log: `[Container] 2026/11/29 10:00:01.123456 Entering phase BUILD
[Container] 2026/11/29 10:00:01.223456 Running command npm run build
[Container] 2026/11/29 10:00:09.000001 Command did not exit successfully npm run build exit status 2
[Container] 2026/11/29 10:00:09.000002 Phase complete: BUILD State: FAILED
See https://docs.aws.amazon.com/codebuild/latest/userguide/troubleshooting.html:12 for help`,
    expected: [],
  },
];

describe("problem matchers turn a failed build's log into problems", () => {
  for (const c of cases) {
    it(c.name, () => {
      const problems = matchProblems(c.log.split("\n"));
      assert.equal(problems.length, c.expected.length, JSON.stringify(problems, null, 1));
      c.expected.forEach((expected, i) => {
        const actual = problems[i]!;
        for (const [key, value] of Object.entries(expected)) {
          assert.equal(actual[key as keyof BuildProblem], value, `${c.name} #${i} ${key}`);
        }
      });
    });
  }

  it("reads lines with CodeBuild's [Container] prefix", () => {
    const [p] = matchProblems([
      "[Container] 2026/11/29 10:00:01.123456 src/a.ts(1,2): error TS1005: ';' expected.",
    ]);
    assert.equal(p?.file, "src/a.ts");
  });
});

describe("mapping container paths back to the workspace", () => {
  it("strips CODEBUILD_SRC_DIR, or /codebuild/output/srcN/src, and offers shorter suffixes", () => {
    assert.deepEqual(candidatePaths("/codebuild/output/src123/src/src/index.js"), [
      "src/index.js",
      "index.js",
    ]);
    assert.deepEqual(
      candidatePaths("/codebuild/output/src1/src/github.com/acme/web/src/a.ts", [
        "/codebuild/output/src1/src/github.com/acme/web",
      ]),
      ["src/a.ts", "a.ts"],
    );
    assert.deepEqual(candidatePaths("./main.go"), ["main.go"]);
  });

  it("never points outside the workspace", () => {
    assert.deepEqual(candidatePaths("/usr/lib/node_modules/npm/index.js"), []);
    assert.deepEqual(candidatePaths("../../etc/passwd"), []);
  });

  it("finds CODEBUILD_SRC_DIR in the log", () => {
    assert.deepEqual(
      sourceDirsIn(["[Container] 2026/11/29 10:00:00 CODEBUILD_SRC_DIR=/codebuild/output/src42/src"]),
      ["/codebuild/output/src42/src"],
    );
  });
});
