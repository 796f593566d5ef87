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
