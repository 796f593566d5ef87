import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { validateBuildspec } from "../../../src/codebuild/buildspec/validate";
import { corpusFiles, readCorpusFile } from "./corpus";

/**
 * What the validator must say about each real buildspec in the corpus, and why, by the
 * CodeBuild buildspec reference ("Build specification reference for CodeBuild" and "Batch
 * build buildspec reference"). Errors are what CodeBuild rejects; warnings are keys the
 * reference does not list. A file missing from this table must have neither.
 */
const expectations: Record<string, { why: string; errors?: string[]; warnings?: string[] }> = {
  "01-amplify-cli.yml": {
    why: "`shell: powershell.exe` is one of the reference's Windows shells; file-format is quoted.",
  },
  "02-amplify-cli.yml": {
    why: "A batch buildspec (build-graph) without phases, which batch builds allow. `env.compute-type` is not in the reference's top-level env (only in a batch build's env): a warning, not an error.",
    warnings: [
      "4:3 Unknown key `compute-type` in `env`; the reference has `compute-type` only in the `env` of a batch build (`batch.build-list`…). Expected one of: shell, variables, parameter-store, secrets-manager, exported-variables, git-credential-helper.",
    ],
  },
  "03-amazon-ecs-agent.yml": { why: "exported-variables, `on-failure: ABORT`, artifacts." },
  "04-s2n-tls.yml": { why: "A build-matrix batch with phases." },
  "05-s2n-tls.yml": { why: "A build-list batch, `on-failure: ABORT`." },
  "06-aws-deployment-framework.yml": { why: "runtime-versions in install, `discard-paths: yes`." },
  "07-aws-toolkit-vscode.yml": { why: "Phase-level run-as, finally, reports." },
  "08-aws-toolkit-vscode.yml": { why: "Windows PowerShell commands in block scalars, reports." },
  "09-aws-toolkit-jetbrains.yml": { why: "Reports, secondary-artifacts, cache paths." },
  "10-aws-toolkit-jetbrains.yml": { why: "Long PowerShell block scalars, reports." },
  "11-aws-for-fluent-bit.yml": { why: "PowerShell commands, artifacts with name and discard-paths." },
  "12-aws-for-fluent-bit.yml": { why: "`shell: bash`, finally." },
  "13-aws-lc.yml": { why: "Phase-level run-as." },
  "14-aws-lc.yml": { why: "A build-list batch without phases (each build names its own buildspec)." },
  "15-golang-codebuild.yml": {
    why: "Version 0.1 with `environment_variables: plaintext:`, the 0.1 names of env and variables.",
  },
  "16-aws-encryption-sdk-python.yml": { why: "A build-graph batch, secrets-manager." },
  "17-aws-encryption-sdk-python.yml": { why: "secrets-manager, `git-credential-helper: yes`." },
  "18-aws-crt-java.yml": { why: "cache paths." },
  "19-eks-anywhere.yml": { why: "reports with file-format, secrets-manager." },
  "20-aws-encryption-sdk-java.yml": { why: "parameter-store, secrets-manager, finally." },
  "21-aws-dotnet-deploy.yml": {
    why: "post_build holds a pasted GitHub Actions `steps:` block and no `commands`; the reference requires commands in pre_build, build and post_build. `file-format: VisualStudioTrx` is fine: the reference says the value is not case sensitive.",
    errors: [
      "22:3 `phases.post_build` needs `commands`: the commands this phase runs (only `install` may go without).",
    ],
    warnings: [
      "23:5 Unknown key `steps` in `phases.post_build`; `steps` is GitHub Actions syntax; CodeBuild runs a phase's `commands`. Expected one of: run-as, on-failure, commands, finally.",
    ],
  },
  "22-Convert.yml": { why: "Windows commands in quoted scalars, reports with discard-paths." },
  "23-PoshGram.yml": { why: "pwsh commands, runtime-versions, artifacts with a Windows base-directory." },
  "24-cypress-realworld-app.yml": { why: "A build-matrix batch with phases." },
  "25-aws-codebuild-samples.yml": { why: "parameter-store." },
  "26-aws-codebuild-samples.yml": { why: "cache paths, artifacts." },
  "27-aws-serverless-samfarm.yml": {
    why: "`version: 0.0` with `containers:` and `during_build`: the pre-release format; CodeBuild reads versions 0.1 and 0.2 (the reference's version table).",
    errors: [
      "1:10 Version 0.0 is the pre-release buildspec format (`containers`, `during_build`); CodeBuild reads versions 0.1 and 0.2: use `version: 0.2` with `phases`.",
    ],
  },
  "28-CodePipeline-Template.yml": { why: "secondary-artifacts with names." },
  "29-CodePipeline-Template.yml": {
    why: "A build-list batch whose env sets compute-type, image, privileged-mode, type.",
  },
  "30-codepipeline-nested-cfn.yml": {
    why: "Version 0.1. Its install `commands:` is a plain string, where the reference says commands 'contains a sequence of scalars'. (The corpus README does not list this file among the ones with mistakes.)",
    errors: ["22:7 `phases.install.commands` must be a list of strings (each line starting with `- `)."],
  },
};

function said(text: string, severity: "error" | "warning"): string[] {
  return validateBuildspec(text)
    .filter((p) => p.severity === severity)
    .map((p) => `${p.start.line + 1}:${p.start.column + 1} ${p.message}`);
}

describe("the buildspec validator on the real buildspecs of the corpus", () => {
  const files = corpusFiles("buildspecs", /\.ya?ml$/);

  it("finds the corpus", () => {
    assert.ok(files.length >= 30, `only ${files.length} buildspecs found`);
  });

  for (const { name, path } of files) {
    const expected = expectations[name];
    const errors = expected?.errors ?? [];
    const warnings = expected?.warnings ?? [];
    const what = errors.length ? `reports ${errors.length} error(s)` : "reports no error";
    it(`${name} ${what} and ${warnings.length || "no"} warning(s) — ${expected?.why ?? "keys and shapes from the reference"}`, () => {
      const text = readCorpusFile(path);
      assert.deepEqual(said(text, "error"), errors, `${name}: errors`);
      assert.deepEqual(said(text, "warning"), warnings, `${name}: warnings`);
    });

    it(`${name} reads the same with CRLF line ends`, () => {
      const text = readCorpusFile(path);
      const crlf = text.replace(/\r?\n/g, "\r\n");
      assert.deepEqual(said(crlf, "error"), said(text, "error"));
      assert.deepEqual(said(crlf, "warning"), said(text, "warning"));
    });
  }
});
