import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { projectsForBuildspec } from "../../../src/codebuild/buildspec/projects";
import { buildspecJsonSchema } from "../../../src/codebuild/buildspec/schema";
import { aProject } from "./builders";
import { keyPathAt, validateBuildspec } from "../../../src/codebuild/buildspec/validate";

function problems(text: string) {
  return validateBuildspec(text).map(
    (p) => `${p.start.line + 1}:${p.start.column + 1} ${p.severity} ${p.message}`,
  );
}

const good = `version: 0.2
env:
  variables:
    NODE_ENV: production
  parameter-store:
    TOKEN: /ci/token
phases:
  install:
    runtime-versions:
      nodejs: 20
    commands:
      - npm ci
  build:
    commands:
      - npm run build
    finally:
      - echo done
reports:
  unit-tests:
    files:
      - junit.xml
    file-format: JUNITXML
artifacts:
  files:
    - dist/**/*
cache:
  paths:
    - node_modules/**/*
`;

describe("buildspec diagnostics", () => {
  it("accept a valid buildspec", () => {
    assert.deepEqual(problems(good), []);
  });

  it("report invalid YAML at its position", () => {
    const [first] = problems("version: 0.2\nphases:\n  build:\n    commands: [npm test\n");
    assert.match(first ?? "", /^\d+:\d+ error YAML: /);
  });

  it("report a missing or unknown version", () => {
    assert.deepEqual(problems("phases:\n  build:\n    commands:\n      - make\n"), [
      "1:1 error The buildspec has no `version`: add `version: 0.2`.",
    ]);
    assert.deepEqual(problems("version: 1.0\n"), ["1:10 error Unknown buildspec version 1: use 0.2."]);
  });

  it("report unknown top-level keys and phases that do not exist", () => {
    assert.deepEqual(
      problems("version: 0.2\nphase:\n  build: {}\nphases:\n  test:\n    commands:\n      - npm test\n"),
      [
        "2:1 warning Unknown key `phase`; expected one of: version, run-as, env, proxy, batch, phases, reports, artifacts, cache.",
        "5:3 error CodeBuild has no phase `test`: the phases are install, pre_build, build, post_build.",
      ],
    );
  });

  it("report commands that are not a list of strings, with the quoting hint", () => {
    assert.deepEqual(problems("version: 0.2\nphases:\n  build:\n    commands: npm test\n"), [
      "4:15 error `phases.build.commands` must be a list of strings (each line starting with `- `).",
    ]);
    assert.deepEqual(problems("version: 0.2\nphases:\n  build:\n    commands:\n      - echo Build: done\n"), [
      "5:9 error Each entry of `phases.build.commands` must be a string; this one reads as a mapping — quote it (it contains `: `).",
    ]);
  });

  it("report env sections, runtime-versions, artifacts and reports of the wrong shape", () => {
    const text = `version: 0.2
env:
  variables:
    - NODE_ENV=production
phases:
  build:
    runtime-versions:
      nodejs: 20
artifacts:
  name: site
reports:
  unit:
    files: junit.xml
`;
    assert.deepEqual(problems(text), [
      "4:5 error `env.variables` must be a mapping of names to values.",
      "7:5 error `runtime-versions` belongs in the install phase only.",
      "13:12 error `reports.unit.files` must be a list of strings (each line starting with `- `).",
      "6:3 error `phases.build` needs `commands`: the commands this phase runs (only `install` may go without).",
      "9:1 error `artifacts` needs `files`: the files to upload (e.g. `- dist/**/*`).",
    ]);
  });
});

describe("buildspec diagnostics follow the buildspec reference", () => {
  const phases = "phases:\n  build:\n    commands:\n      - make\n";

  it("accept the Windows shells and the reference's on-failure values, any case of a report format", () => {
    for (const shell of ["bash", "/bin/sh", "powershell.exe", "cmd.exe"]) {
      assert.deepEqual(problems(`version: 0.2\nenv:\n  shell: ${shell}\n${phases}`), [], shell);
    }
    for (const onFailure of [
      "ABORT",
      "CONTINUE",
      "RETRY",
      "RETRY-3",
      "Retry-.*timed out.*",
      "RETRY-8-invalid+",
    ]) {
      assert.deepEqual(
        problems(`version: 0.2\nphases:\n  build:\n    on-failure: ${onFailure}\n    commands: [make]\n`),
        [],
        onFailure,
      );
    }
    const report = "reports:\n  unit:\n    files: [a.trx]\n    file-format: VisualStudioTrx\n";
    assert.deepEqual(problems(`version: 0.2\n${phases}${report}`), []);
  });

  it("accept version 0.1's environment_variables and plaintext, and point at them in version 0.2", () => {
    const env = "environment_variables:\n  plaintext:\n    GOPATH: /go\n";
    assert.deepEqual(problems(`version: 0.1\n${env}${phases}`), []);
    assert.deepEqual(problems(`version: 0.2\n${env}${phases}`), [
      "2:1 warning `environment_variables` is not in version 0.2. Version 0.1 only: environment variables (version 0.2 calls them `env`).",
    ]);
  });

  it("report the pre-release version 0.0 and check nothing else", () => {
    assert.deepEqual(problems("version: 0.0\ncontainers:\n  app:\n    phases: {}\n"), [
      "1:10 error Version 0.0 is the pre-release buildspec format (`containers`, `during_build`); CodeBuild reads versions 0.1 and 0.2: use `version: 0.2` with `phases`.",
    ]);
  });

  it("report phases without commands (install may go without), and a pasted GitHub Actions steps block", () => {
    const text =
      "version: 0.2\nphases:\n  install:\n    runtime-versions:\n      nodejs: 20\n  post_build:\n    steps:\n      - uses: x\n";
    assert.deepEqual(problems(text), [
      "7:5 warning Unknown key `steps` in `phases.post_build`; `steps` is GitHub Actions syntax; CodeBuild runs a phase's `commands`. Expected one of: run-as, on-failure, commands, finally.",
      "6:3 error `phases.post_build` needs `commands`: the commands this phase runs (only `install` may go without).",
    ]);
  });

  it("report a buildspec without phases, unless it is a batch of builds with buildspecs of their own", () => {
    assert.deepEqual(problems("version: 0.2\nenv:\n  variables:\n    A: b\n"), [
      "1:1 error The buildspec has no `phases`: the commands CodeBuild runs.",
    ]);
    assert.deepEqual(
      problems("version: 0.2\nbatch:\n  build-list:\n    - identifier: a\n      buildspec: a.yml\n"),
      [],
    );
  });

  it("report report groups and secondary artifacts without files", () => {
    const text = `version: 0.2\n${phases}reports:\n  unit:\n    file-format: JUNITXML\nartifacts:\n  files: [a]\n  secondary-artifacts:\n    docs:\n      name: docs\n`;
    assert.deepEqual(problems(text), [
      "7:3 error `reports.unit` needs `files`: the report files (e.g. `- junit.xml`).",
      "12:5 error `artifacts.secondary-artifacts.docs` needs `files`: the files to upload (e.g. `- dist/**/*`).",
    ]);
  });

  it("read aliases as the nodes they name, and report one that names nothing", () => {
    const text =
      "version: 0.2\nphases:\n  build:\n    commands: &steps\n      - make\n  post_build:\n    commands: *steps\n    finally: *missing\n";
    assert.deepEqual(problems(text), [
      "8:14 error `*missing` names no anchor: there is no `&missing` before it.",
    ]);
  });

  it("report a key written twice, and a second YAML document", () => {
    assert.deepEqual(problems(`version: 0.2\n${phases}  build:\n    commands: [test]\n`), [
      "6:3 error `build` appears twice in `phases`.",
    ]);
    assert.deepEqual(problems(`version: 0.2\n${phases}---\nversion: 0.2\n`), [
      "6:1 error A buildspec is one YAML document: remove the `---` and what follows it.",
    ]);
  });

  it("warn, without checking, about YAML nested deeper than any buildspec", () => {
    assert.deepEqual(problems(`version: 0.2\nphases: ${"[".repeat(100)}`), [
      "2:72 warning The YAML nests more than 64 levels deep here; it was not checked.",
    ]);
  });
});

describe("where the cursor is in a buildspec", () => {
  const lines = ["version: 0.2", "phases:", "  build:", "    commands:", "      - make", "  "];
  it("knows the parent keys from indentation", () => {
    assert.deepEqual(keyPathAt(lines, 5, 2), ["phases"]);
    assert.deepEqual(keyPathAt(lines, 5, 4), ["phases", "build"]);
    assert.deepEqual(keyPathAt(lines, 5, 0), []);
    assert.deepEqual(keyPathAt(lines, 3, 4), ["phases", "build"]);
  });

  it("reads lines that kept the CR of a CRLF file", () => {
    const crlf = lines.map((l) => `${l}\r`);
    assert.deepEqual(keyPathAt(crlf, 5, 6), ["phases", "build", "commands"]);
  });
});

describe("the buildspec JSON schema for the YAML extension", () => {
  it("is the one generated from the buildspec reference (run scripts/buildspec-schema.ts)", () => {
    const committed = JSON.parse(
      readFileSync(join(__dirname, "../../../media/buildspec.schema.json"), "utf8"),
    ) as unknown;
    assert.deepEqual(committed, buildspecJsonSchema());
  });
});

describe("which projects a buildspec belongs to", () => {
  const project = (name: string, buildspec?: string, sourceLocation?: string) => ({
    ...aProject(name),
    buildspec,
    sourceLocation,
  });
  const projects = [
    project("web-app", undefined, "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/web-app"),
    project("api-service", "", "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/api-service"),
    project(
      "web-app-e2e",
      "ci/buildspec-e2e.yml",
      "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/web-app",
    ),
    project("inline", "version: 0.2\nphases: {}\n"),
  ];

  it("matches the default buildspec.yml and explicit paths", () => {
    assert.deepEqual(
      projectsForBuildspec(projects, "buildspec.yml", []).map((p) => p.name),
      ["web-app", "api-service"],
    );
    assert.deepEqual(
      projectsForBuildspec(projects, "ci/buildspec-e2e.yml", []).map((p) => p.name),
      ["web-app-e2e"],
    );
    assert.deepEqual(projectsForBuildspec(projects, "other/buildspec.yml", []), []);
  });

  it("prefers the projects whose source is this repository", () => {
    const remote = "codecommit::us-east-1://web-app";
    assert.deepEqual(
      projectsForBuildspec(projects, "buildspec.yml", [remote]).map((p) => p.name),
      ["web-app"],
    );
  });

  it("a fork's upstream remote counts: origin need not be what AWS builds", () => {
    const fork = "git@github.com:me/web-app.git";
    const upstream = "https://git-codecommit.us-east-1.amazonaws.com/v1/repos/web-app";
    assert.deepEqual(
      projectsForBuildspec(projects, "buildspec.yml", [fork, upstream]).map((p) => p.name),
      ["web-app"],
    );
  });
});
