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
      "9:1 error `artifacts` needs `files`: the files to upload (e.g. `- dist/**/*`).",
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
      projectsForBuildspec(projects, "buildspec.yml", undefined).map((p) => p.name),
      ["web-app", "api-service"],
    );
    assert.deepEqual(
      projectsForBuildspec(projects, "ci/buildspec-e2e.yml", undefined).map((p) => p.name),
      ["web-app-e2e"],
    );
    assert.deepEqual(projectsForBuildspec(projects, "other/buildspec.yml", undefined), []);
  });

  it("prefers the projects whose source is this repository", () => {
    const remote = "codecommit::us-east-1://web-app";
    assert.deepEqual(
      projectsForBuildspec(projects, "buildspec.yml", remote).map((p) => p.name),
      ["web-app"],
    );
  });
});
