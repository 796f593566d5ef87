/**
 * The buildspec reference (version 0.2, and the keys 0.1 named differently), as data: keys,
 * their shape and a line of documentation. Source: "Build specification reference for
 * CodeBuild" and "Batch build buildspec reference" in the CodeBuild User Guide.
 */

export type Shape = "scalar" | "map" | "list" | "stringList" | "stringOrList" | "stringMap" | "namedMaps";

export interface KeySpec {
  readonly doc: string;
  readonly shape: Shape;
  readonly children?: Readonly<Record<string, KeySpec>>;
  /** For namedMaps: the spec of each entry (e.g. report groups). */
  readonly entry?: KeySpec;
  /** The values the reference lists (others get a warning, not an error). */
  readonly values?: readonly string[];
  /** Further valid values the reference describes by a pattern (`RETRY-3`). */
  readonly valuePattern?: RegExp;
  /** The reference says the value is not case sensitive. */
  readonly ignoreCase?: boolean;
  /** Keys this mapping must have when it is present, each with what to put there. */
  readonly required?: Readonly<Record<string, string>>;
  /** The only buildspec version with this key (version 0.2 renamed some of 0.1's keys). */
  readonly onlyInVersion?: string;
}

/** The versions CodeBuild reads. */
export const VERSIONS = ["0.2", "0.1"] as const;

/** `yes`/`no` flags; YAML 1.1 readers (and the reference's own examples) also take booleans. */
const yesNo = ["yes", "no", "true", "false"];

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
        doc: "What to do when the phase fails: ABORT (default), CONTINUE, RETRY, RETRY-<count>, RETRY-<regex> or RETRY-<count>-<regex>.",
        values: ["ABORT", "CONTINUE", "RETRY"],
        valuePattern: /^RETRY-./i,
        ignoreCase: true,
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

/** Every phase but install must have commands ("Required if build is specified"). */
function phaseWithCommands(doc: string): KeySpec {
  return {
    ...phase(doc),
    required: { commands: "the commands this phase runs (only `install` may go without)" },
  };
}

export const PHASES = ["install", "pre_build", "build", "post_build"] as const;

const artifactChildren: Record<string, KeySpec> = {
  files: { shape: "stringList", doc: "Required. Files to upload (globs, e.g. `dist/**/*`)." },
  name: { shape: "scalar", doc: "The artifact's name." },
  "discard-paths": { shape: "scalar", doc: "`yes` to flatten paths.", values: yesNo },
  "base-directory": { shape: "scalar", doc: "The folder `files` are relative to." },
  "exclude-paths": { shape: "stringOrList", doc: "Files not to upload (globs)." },
  "enable-symlinks": { shape: "scalar", doc: "`yes` to keep symbolic links.", values: yesNo },
  "s3-prefix": { shape: "scalar", doc: "A prefix for the artifact's S3 key." },
};

const artifactsNeedFiles = { files: "the files to upload (e.g. `- dist/**/*`)" };

export const BUILDSPEC: KeySpec = {
  shape: "map",
  doc: "A CodeBuild buildspec.",
  children: {
    version: {
      shape: "scalar",
      doc: "Required. The buildspec version; use `0.2` (`0.1` is the older format).",
      values: VERSIONS,
    },
    "run-as": { shape: "scalar", doc: "Linux only: the user that runs all commands." },
    env: {
      shape: "map",
      doc: "Environment variables for the build.",
      children: {
        shell: {
          shape: "scalar",
          doc: "The shell for commands: `bash` or `/bin/sh` on Linux, `powershell.exe` or `cmd.exe` on Windows.",
          values: ["bash", "/bin/sh", "powershell.exe", "cmd.exe"],
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
          values: yesNo,
        },
      },
    },
    environment_variables: {
      shape: "map",
      doc: "Version 0.1 only: environment variables (version 0.2 calls them `env`).",
      onlyInVersion: "0.1",
      children: {
        plaintext: {
          shape: "stringMap",
          doc: "Plain-text variables (version 0.2 calls them `env.variables`).",
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
          values: yesNo,
        },
        logs: {
          shape: "scalar",
          doc: "`yes` to send CloudWatch logs through the proxy.",
          values: yesNo,
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
        "build-fanout": { shape: "map", doc: "One build fanned out into parallel builds (test splitting)." },
      },
    },
    phases: {
      shape: "map",
      doc: "The commands CodeBuild runs in each phase: install, pre_build, build, post_build.",
      children: {
        install: phase("Install dependencies and runtimes (`runtime-versions`).", true),
        pre_build: phaseWithCommands("Commands before the build: log in, install tools, lint."),
        build: phaseWithCommands("The build itself: compile, test."),
        post_build: phaseWithCommands("Commands after the build: package, push images, notify."),
      },
    },
    reports: {
      shape: "namedMaps",
      doc: "Test and coverage report groups: `group-name: { files, base-directory, file-format }`.",
      entry: {
        shape: "map",
        doc: "A report group.",
        required: { files: "the report files (e.g. `- junit.xml`)" },
        children: {
          files: { shape: "stringList", doc: "Report files (globs)." },
          "base-directory": { shape: "scalar", doc: "Where the report files are." },
          "discard-paths": { shape: "scalar", doc: "`yes` to flatten paths.", values: yesNo },
          "file-format": {
            shape: "scalar",
            doc: "The report format (not case sensitive; JUNITXML when absent).",
            ignoreCase: true,
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
      required: artifactsNeedFiles,
      children: {
        ...artifactChildren,
        type: {
          shape: "scalar",
          doc: "Version 0.1 only: the artifact type (deprecated in version 0.2).",
          onlyInVersion: "0.1",
        },
        "secondary-artifacts": {
          shape: "namedMaps",
          doc: "Further artifacts, by artifact identifier, each like `artifacts`.",
          entry: {
            shape: "map",
            doc: "A secondary artifact.",
            required: artifactsNeedFiles,
            children: artifactChildren,
          },
        },
      },
    },
    cache: {
      shape: "map",
      doc: "Files to cache between builds.",
      children: {
        paths: { shape: "stringList", doc: "Paths to cache (globs, e.g. `node_modules/**/*`)." },
        key: { shape: "scalar", doc: "A cache key." },
        "fallback-keys": { shape: "stringList", doc: "Keys to try when `key` misses." },
        action: {
          shape: "scalar",
          doc: "`restore` or `save` only (both when absent).",
          values: ["restore", "save"],
        },
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
