/** The buildspec reference (version 0.2), as data: keys, their shape and a line of documentation. */

export type Shape = "scalar" | "map" | "list" | "stringList" | "stringMap" | "namedMaps";

export interface KeySpec {
  readonly doc: string;
  readonly shape: Shape;
  readonly children?: Readonly<Record<string, KeySpec>>;
  /** For namedMaps: the spec of each entry (e.g. report groups). */
  readonly entry?: KeySpec;
  readonly values?: readonly string[];
}

const commands: KeySpec = {
  shape: "stringList",
  doc: "Commands to run, in order, each a string (quote one that contains `: `).",
};

function phase(doc: string, install = false): KeySpec {
  return {
    shape: "map",
    doc,
    children: {
      "run-as": { shape: "scalar", doc: "Linux only: the user that runs this phase's commands." },
      "on-failure": {
        shape: "scalar",
        doc: "What to do when the phase fails: ABORT (default) or CONTINUE.",
        values: ["ABORT", "CONTINUE"],
      },
      ...(install
        ? {
            "runtime-versions": {
              shape: "stringMap",
              doc: "Runtimes to install, e.g. `nodejs: 20`, `python: 3.12`.",
            },
          }
        : {}),
      commands,
      finally: {
        shape: "stringList",
        doc: "Commands that run after `commands`, even when one of them failed.",
      },
    },
  };
}

export const PHASES = ["install", "pre_build", "build", "post_build"] as const;

export const BUILDSPEC: KeySpec = {
  shape: "map",
  doc: "A CodeBuild buildspec.",
  children: {
    version: { shape: "scalar", doc: "Required. The buildspec version; use `0.2`.", values: ["0.2"] },
    "run-as": { shape: "scalar", doc: "Linux only: the user that runs all commands." },
    env: {
      shape: "map",
      doc: "Environment variables for the build.",
      children: {
        shell: {
          shape: "scalar",
          doc: "The shell for commands: `bash` or `/bin/sh` on Linux.",
          values: ["bash", "/bin/sh"],
        },
        variables: { shape: "stringMap", doc: "Plain-text variables: `NAME: value`." },
        "parameter-store": {
          shape: "stringMap",
          doc: "Variables read from Systems Manager Parameter Store: `NAME: /parameter/name`.",
        },
        "secrets-manager": {
          shape: "stringMap",
          doc: "Variables read from Secrets Manager: `NAME: secret-id:json-key:version-stage:version-id`.",
        },
        "exported-variables": { shape: "stringList", doc: "Variables exported to later pipeline actions." },
        "git-credential-helper": {
          shape: "scalar",
          doc: "`yes` to use CodeBuild's git credential helper.",
          values: ["yes", "no"],
        },
      },
    },
    proxy: {
      shape: "map",
      doc: "Settings for running in an explicit proxy server.",
      children: {
        "upload-artifacts": {
          shape: "scalar",
          doc: "`yes` to upload artifacts through the proxy.",
          values: ["yes", "no"],
        },
        logs: {
          shape: "scalar",
          doc: "`yes` to send CloudWatch logs through the proxy.",
          values: ["yes", "no"],
        },
      },
    },
    batch: {
      shape: "map",
      doc: "Batch build configuration.",
      children: {
        "fast-fail": {
          shape: "scalar",
          doc: "Stop the batch when a build fails.",
          values: ["true", "false"],
        },
        "build-list": { shape: "list", doc: "Builds to run in parallel." },
        "build-matrix": { shape: "map", doc: "A matrix of builds." },
        "build-graph": { shape: "list", doc: "Builds with dependencies." },
      },
    },
    phases: {
      shape: "map",
      doc: "The commands CodeBuild runs in each phase: install, pre_build, build, post_build.",
      children: {
        install: phase("Install dependencies and runtimes (`runtime-versions`).", true),
        pre_build: phase("Commands before the build: log in, install tools, lint."),
        build: phase("The build itself: compile, test."),
        post_build: phase("Commands after the build: package, push images, notify."),
      },
    },
    reports: {
      shape: "namedMaps",
      doc: "Test and coverage report groups: `group-name: { files, base-directory, file-format }`.",
      entry: {
        shape: "map",
        doc: "A report group.",
        children: {
          files: { shape: "stringList", doc: "Report files (globs)." },
          "base-directory": { shape: "scalar", doc: "Where the report files are." },
          "discard-paths": { shape: "scalar", doc: "`yes` to flatten paths.", values: ["yes", "no"] },
          "file-format": {
            shape: "scalar",
            doc: "The report format.",
            values: [
              "JUNITXML",
              "CUCUMBERJSON",
              "NUNITXML",
              "NUNIT3XML",
              "TESTNGXML",
              "VISUALSTUDIOTRX",
              "CLOVERXML",
              "COBERTURAXML",
              "JACOCOXML",
              "SIMPLECOV",
            ],
          },
        },
      },
    },
    artifacts: {
      shape: "map",
      doc: "The build's output: `files` (required), `base-directory`, `name`…",
      children: {
        files: { shape: "stringList", doc: "Required. Files to upload (globs, e.g. `dist/**/*`)." },
        name: { shape: "scalar", doc: "The artifact's name." },
        "discard-paths": { shape: "scalar", doc: "`yes` to flatten paths.", values: ["yes", "no"] },
        "base-directory": { shape: "scalar", doc: "The folder `files` are relative to." },
        "exclude-paths": { shape: "stringList", doc: "Files not to upload." },
        "enable-symlinks": { shape: "scalar", doc: "`yes` to keep symbolic links.", values: ["yes", "no"] },
        "s3-prefix": { shape: "scalar", doc: "A prefix for the artifact's S3 key." },
        "secondary-artifacts": { shape: "map", doc: "Further artifacts, by identifier." },
      },
    },
    cache: {
      shape: "map",
      doc: "Files to cache between builds.",
      children: {
        paths: { shape: "stringList", doc: "Paths to cache (globs, e.g. `node_modules/**/*`)." },
        key: { shape: "scalar", doc: "A cache key." },
        "fallback-keys": { shape: "stringList", doc: "Keys to try when `key` misses." },
        action: { shape: "scalar", doc: "`restore` or `save` only.", values: ["restore", "save"] },
      },
    },
  },
};

/** The spec at a key path (e.g. ["phases", "build"]), following report-group entries. */
export function specAt(path: readonly string[]): KeySpec | undefined {
  let spec: KeySpec | undefined = BUILDSPEC;
  for (const key of path) {
    if (!spec) return undefined;
    spec = spec.shape === "namedMaps" ? spec.entry : spec.children?.[key];
  }
  return spec;
}
