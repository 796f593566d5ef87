import * as path from "node:path";
import * as vscode from "vscode";
import { UserError, type CommandContext } from "../workbench/commands";
import type { GitHeadWatcher } from "../workbench/gitHeadWatcher";
import type { GitHead } from "../git/repository";
import { log } from "../workbench/logger";
import { requireTrustedWorkspace } from "../workbench/trust";
import {
  bucketNameProblem,
  defaultBundleKey,
  deploymentDescription,
  githubRepository,
  keyProblem,
  nextBundleKey,
  s3Problem,
  type BundleType,
} from "./model/push";
import { revisionLabel } from "./model/status";
import type {
  CodeDeployApi,
  CreateDeploymentRequest,
  Deployment,
  DeploymentGroup,
  Revision,
} from "./model/types";
import type { DeployArg } from "./pickers";
import type { DeployStore } from "./store";

/** What is remembered per deployment group (and connection): where its bundles go. */
interface PushTarget {
  readonly bucket: string;
  readonly key: string;
  readonly bundleType: BundleType;
}

const APPSPEC_GLOB = "**/appspec.{yml,yaml,json}";

/** The S3 bucket, key and bundle type last used for each deployment group, in the workspace's state. */
export class PushMemory {
  constructor(
    private readonly state: vscode.Memento,
    private readonly scope: () => string,
  ) {}

  private key(group: DeploymentGroup): string {
    return `awsCicd.deploy.push:${this.scope()}:${group.application}/${group.name}`;
  }

  get(group: DeploymentGroup): PushTarget | undefined {
    return this.state.get<PushTarget>(this.key(group));
  }

  async set(group: DeploymentGroup, target: PushTarget): Promise<void> {
    await this.state.update(this.key(group), target);
  }
}

export interface DeployFlowDeps {
  readonly store: DeployStore;
  readonly api: CodeDeployApi;
  readonly git: GitHeadWatcher;
  readonly memory: PushMemory;
  readonly region: () => string;
}

type RevisionChoice = "bundle" | "s3" | "github" | "appspec";

/**
 * Deploy…: the revision (the workspace folder bundled and pushed to S3, an existing S3 revision,
 * the GitHub repository at HEAD, or — for ECS and Lambda — the AppSpec file as content), the
 * options, a confirmation, then bundle → upload → register → deploy under one progress.
 */
export async function runDeploy(
  deps: DeployFlowDeps,
  context: CommandContext,
  group: DeploymentGroup,
  arg: DeployArg,
): Promise<Deployment | undefined> {
  const title = `Deploy to ${group.application}/${group.name}`;
  const choice = await pickRevisionKind(group, title, !!arg.appspec);
  if (!choice) return undefined;
  let plan: Plan | undefined;
  if (choice === "bundle") plan = await planBundle(deps, group, title, arg);
  else if (choice === "s3") plan = await planExistingS3(deps, context, group, title);
  else if (choice === "github")
    plan = await planGitHub(
      await deps.git.readFor(arg.appspec ? vscode.Uri.parse(arg.appspec) : undefined),
      title,
    );
  else plan = await planAppSpecContent(deps, group, title, arg);
  if (!plan) return undefined;
  // The repository of the appspec deployed from (else of the current folder).
  const head = plan.head ?? (await deps.git.readFor());
  const branch = head.kind === "repository" ? head.branch : undefined;
  const commit = head.kind === "repository" ? head.commit : undefined;

  const options = await pickOptions(deps, group, title);
  if (!options) return undefined;
  const description = await vscode.window.showInputBox({
    title: `${title} — description`,
    prompt: "Shown with the deployment in CodeDeploy (at most 100 characters).",
    value: deploymentDescription(branch, commit, undefined),
    validateInput: (v) => (v.length > 100 ? "At most 100 characters." : undefined),
  });
  if (description === undefined) return undefined;

  const confirmed = await context.confirm({
    verb: "Deploy",
    subject: `${plan.label} to ${group.application}/${group.name}`,
    action: "Deploy",
    destructive: true,
    detail: [plan.detail, options.summary].filter(Boolean).join("\n"),
  });
  if (!confirmed) return undefined;

  return context.withProgress(`${title}…`, async (signal) => {
    const revision = await plan.prepare(signal);
    const request: CreateDeploymentRequest = {
      application: group.application,
      group: group.name,
      revision,
      description,
      ...options.request,
    };
    try {
      if (plan.register) await deps.api.registerRevision(group.application, revision, description, signal);
      const created = await deps.store.create(request, signal);
      log.info(
        "deploy",
        `created ${created.id} (${revisionLabel(revision)}) in ${group.application}/${group.name}`,
      );
      return created;
    } catch (error) {
      if (plan.uploaded) {
        // The bundle is in S3 but no deployment uses it: say so, so nothing is left behind silently.
        const reason = error instanceof Error ? error.message : String(error);
        log.error("deploy", `uploaded ${plan.uploaded} but the deployment was not created`, error);
        throw Object.assign(error instanceof Error ? error : new Error(reason), {
          message: `${reason} — the bundle was uploaded to ${plan.uploaded} and stays there (deploy it with Deploy… → "An existing revision in S3", or delete it).`,
        });
      }
      throw error;
    }
  });
}

interface Plan {
  readonly label: string;
  readonly detail?: string;
  /** Whether the revision is registered with the application before the deployment (a push does). */
  readonly register: boolean;
  /** Set once the bundle is in S3 (`s3://bucket/key`). */
  uploaded?: string;
  /** The git state of the folder the revision comes from (its appspec's), for the description. */
  readonly head?: GitHead;
  prepare(signal: AbortSignal): Promise<Revision>;
}

async function pickRevisionKind(
  group: DeploymentGroup,
  title: string,
  fromAppSpec: boolean,
): Promise<RevisionChoice | undefined> {
  const items: (vscode.QuickPickItem & { choice: RevisionChoice })[] =
    group.computePlatform === "Server"
      ? [
          {
            label: "$(package) Bundle the workspace folder and push it to S3",
            description: "the folder holding appspec.yml, as zip, tar or tgz",
            choice: "bundle",
          },
          {
            label: "$(cloud) An existing revision in S3",
            description: "bucket, key, bundle type",
            choice: "s3",
          },
          {
            label: "$(github) The GitHub repository at HEAD",
            description: "owner/repo and the HEAD commit",
            choice: "github",
          },
        ]
      : [
          {
            label: "$(file-code) The AppSpec file from the workspace",
            description: `sent as AppSpec content (${group.computePlatform})`,
            choice: "appspec",
          },
          { label: "$(cloud) An AppSpec file in S3", description: "YAML or JSON", choice: "s3" },
        ];
  if (fromAppSpec && items[0]) items[0].picked = true;
  const picked = await vscode.window.showQuickPick(items, {
    title: `${title} — revision`,
    placeHolder: "What to deploy",
  });
  return picked?.choice;
}

/** The appspec to deploy from: the CodeLens's, or one in the workspace. */
async function appSpecUri(arg: DeployArg, title: string): Promise<vscode.Uri | undefined> {
  if (arg.appspec) return vscode.Uri.parse(arg.appspec, true);
  const files = await vscode.workspace.findFiles(APPSPEC_GLOB, "**/node_modules/**", 50);
  if (files.length === 0)
    throw new UserError(
      "There is no appspec.yml (or appspec.yaml, appspec.json) in this workspace: add one at the root of what you deploy.",
    );
  if (files.length === 1) return files[0];
  const picked = await vscode.window.showQuickPick(
    files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
    { title: `${title} — appspec`, placeHolder: "The folder holding this appspec is bundled" },
  );
  return picked?.uri;
}

async function readAppSpec(uri: vscode.Uri): Promise<string> {
  const bytes = await vscode.workspace.fs.readFile(uri);
  return new TextDecoder().decode(bytes);
}

/** Refuses an appspec CodeDeploy would refuse, naming the line and what to fix. */
async function checkAppSpecFile(uri: vscode.Uri, text: string, group: DeploymentGroup): Promise<string[]> {
  const { validateAppSpec } = await import("./appspec/validator.lazy.js");
  const check = validateAppSpec(text);
  const name = vscode.workspace.asRelativePath(uri);
  const first = check.problems.find((p) => p.severity === "error");
  if (first)
    throw new UserError(
      `${name} line ${first.start.line + 1}: ${first.message} Fix it and deploy again; nothing was uploaded.`,
    );
  if (check.platform && check.platform !== group.computePlatform)
    throw new UserError(
      `${name} is an ${check.platform === "Server" ? "EC2/on-premises" : check.platform} appspec, but ${group.application}/${group.name} deploys to ${group.computePlatform === "Server" ? "EC2/on-premises" : group.computePlatform}: pick another group or appspec. Nothing was uploaded.`,
    );
  return check.scripts.map((s) => s.path);
}

async function planBundle(
  deps: DeployFlowDeps,
  group: DeploymentGroup,
  title: string,
  arg: DeployArg,
): Promise<Plan | undefined> {
  requireTrustedWorkspace("Deploying the workspace folder");
  const uri = await appSpecUri(arg, title);
  if (!uri) return undefined;
  const head = await deps.git.readFor(uri);
  const commit = head.kind === "repository" ? head.commit : undefined;
  const folder = path.dirname(uri.fsPath);
  const scripts = await checkAppSpecFile(uri, await readAppSpec(uri), group);
  const missing: string[] = [];
  for (const script of scripts) {
    try {
      await vscode.workspace.fs.stat(vscode.Uri.file(path.join(folder, ...script.split("/"))));
    } catch {
      missing.push(script);
    }
  }
  if (missing.length > 0) {
    const go = await vscode.window.showWarningMessage(
      `The hooks of ${vscode.workspace.asRelativePath(uri)} name ${missing.length === 1 ? "a script" : "scripts"} the folder does not have: ${missing.join(", ")}. The deployment will fail there (ScriptMissing).`,
      { modal: true },
      "Deploy Anyway",
    );
    if (go !== "Deploy Anyway") return undefined;
  }
  const remembered = deps.memory.get(group);
  const types: { label: BundleType; description: string }[] = [
    { label: "zip", description: "a .zip archive" },
    { label: "tgz", description: "a gzipped tar archive (.tar.gz)" },
    { label: "tar", description: "a tar archive (.tar)" },
  ];
  const ordered = remembered ? [...types].sort((a) => (a.label === remembered.bundleType ? -1 : 0)) : types;
  const type = await vscode.window.showQuickPick(ordered, {
    title: `${title} — bundle type`,
    placeHolder: `Bundle ${vscode.workspace.asRelativePath(folder)} as`,
  });
  if (!type) return undefined;
  const bundleType = type.label;
  // The group's last S3 revision suggests the bucket (and folder) when nothing is remembered yet.
  if (!remembered && !deps.store.deploymentsOf(group.application, group.name))
    await deps.store.loadDeployments(group.application, group.name).catch(() => undefined);
  const lastS3 = deps.store
    .deploymentsOf(group.application, group.name)
    ?.map((d) => d.revision)
    .find((r): r is Extract<Revision, { kind: "S3" }> => r.kind === "S3");
  const bucket = await vscode.window.showInputBox({
    title: `${title} — S3 bucket (in ${deps.region()})`,
    prompt:
      "The bundle is uploaded here; CodeDeploy reads it from there. The bucket must be in the deployment's region.",
    value: remembered?.bucket ?? lastS3?.bucket ?? "",
    placeHolder: "my-deploy-bucket",
    validateInput: (v) => bucketNameProblem(v.trim()),
  });
  if (bucket === undefined) return undefined;
  const now = new Date();
  const suggested = remembered
    ? nextBundleKey(remembered.key, group.application, bundleType, commit, now)
    : lastS3
      ? nextBundleKey(lastS3.key, group.application, bundleType, commit, now)
      : defaultBundleKey(group.application, bundleType, commit, now);
  const key = await vscode.window.showInputBox({
    title: `${title} — S3 key`,
    prompt: `The object key in ${bucket.trim()}.`,
    value: suggested,
    validateInput: (v) => keyProblem(v.trim()),
  });
  if (key === undefined) return undefined;
  const target: PushTarget = { bucket: bucket.trim(), key: key.trim(), bundleType };
  const plan: Plan = {
    head,
    label: `${folderName(folder)} (${bundleType} → s3://${target.bucket}/${target.key})`,
    detail: `The folder ${folder} is bundled as ${bundleType}, uploaded to s3://${target.bucket}/${target.key}, registered with ${group.application} and deployed.`,
    register: true,
    async prepare(signal) {
      const { bundleFolder } = await import("./bundle.lazy.js");
      const bundle = await bundleFolder(folder, bundleType, signal);
      try {
        log.info("deploy", `bundled ${bundle.entries.length} files of ${folder} (${bundle.size} bytes)`);
        let uploaded;
        try {
          uploaded = await deps.api.upload(target.bucket, target.key, bundle.file, bundle.size, signal);
        } catch (error) {
          const problem = s3Problem(error, target.bucket, target.key, deps.region());
          if (problem) throw new UserError(problem);
          throw error;
        }
        plan.uploaded = `s3://${target.bucket}/${target.key}`;
        await deps.memory.set(group, target);
        return {
          kind: "S3",
          bucket: target.bucket,
          key: target.key,
          bundleType,
          ...(uploaded.eTag ? { eTag: uploaded.eTag.replace(/"/g, "") } : {}),
          ...(uploaded.versionId ? { version: uploaded.versionId } : {}),
        };
      } finally {
        await bundle.dispose();
      }
    },
  };
  return plan;
}

async function planExistingS3(
  deps: DeployFlowDeps,
  context: CommandContext,
  group: DeploymentGroup,
  title: string,
): Promise<Plan | undefined> {
  const remembered = deps.memory.get(group);
  const lastS3 = deps.store
    .deploymentsOf(group.application, group.name)
    ?.map((d) => d.revision)
    .find((r): r is Extract<Revision, { kind: "S3" }> => r.kind === "S3");
  const bucket = await vscode.window.showInputBox({
    title: `${title} — S3 bucket (in ${deps.region()})`,
    value: remembered?.bucket ?? lastS3?.bucket ?? "",
    validateInput: (v) => bucketNameProblem(v.trim()),
  });
  if (bucket === undefined) return undefined;
  const key = await vscode.window.showInputBox({
    title: `${title} — S3 key of the revision`,
    value: remembered?.key ?? lastS3?.key ?? "",
    validateInput: (v) => keyProblem(v.trim()),
  });
  if (key === undefined) return undefined;
  const b = bucket.trim();
  const k = key.trim();
  const inferred = /\.ya?ml$/i.test(k)
    ? "YAML"
    : /\.json$/i.test(k)
      ? "JSON"
      : /\.(tgz|tar\.gz)$/i.test(k)
        ? "tgz"
        : /\.tar$/i.test(k)
          ? "tar"
          : "zip";
  const kinds = group.computePlatform === "Server" ? ["zip", "tgz", "tar"] : ["YAML", "JSON"];
  const type = await vscode.window.showQuickPick(
    [...kinds].sort((a) => (a === inferred ? -1 : 0)).map((label) => ({ label })),
    { title: `${title} — bundle type of s3://${b}/${k}` },
  );
  if (!type) return undefined;
  // The object must be there: its ETag (and version) pin the deployment to it.
  const head = await context
    .withProgress(`Looking for s3://${b}/${k}…`, (signal) => deps.api.headObject(b, k, signal))
    .catch((error: unknown) => {
      const problem = s3Problem(error, b, k, deps.region());
      if (problem) throw new UserError(problem.replace("nothing was uploaded", "nothing was deployed"));
      throw error;
    });
  if (!head)
    throw new UserError(
      `There is no object s3://${b}/${k} (or no bucket ${b} in ${deps.region()}): check the bucket and key. Nothing was deployed.`,
    );
  return {
    label: `s3://${b}/${k}`,
    register: false,
    prepare: () =>
      Promise.resolve({
        kind: "S3",
        bucket: b,
        key: k,
        bundleType: type.label,
        ...(head.eTag ? { eTag: head.eTag.replace(/"/g, "") } : {}),
        ...(head.versionId ? { version: head.versionId } : {}),
      }),
  };
}

async function planGitHub(head: GitHead, title: string): Promise<Plan | undefined> {
  if (head.kind !== "repository" || !head.commit)
    throw new UserError(
      "A GitHub revision is the HEAD commit of this workspace's git repository, and there is none here.",
    );
  const fromRemote = githubRepository(head.remoteUrl);
  const repository = await vscode.window.showInputBox({
    title: `${title} — GitHub repository`,
    prompt: `CodeDeploy fetches commit ${head.commit.slice(0, 7)} from this repository (push it first).`,
    value: fromRemote ?? "",
    placeHolder: "owner/repository",
    validateInput: (v) =>
      /^[^/\s]+\/[^/\s]+$/.test(v.trim()) ? undefined : "owner/repository, e.g. example-org/api-service",
  });
  if (repository === undefined) return undefined;
  const commitId = head.commit;
  return {
    head,
    label: `${repository.trim()}@${commitId.slice(0, 7)}`,
    detail: "CodeDeploy fetches the commit from GitHub through the application's GitHub connection.",
    register: true,
    prepare: () => Promise.resolve({ kind: "GitHub", repository: repository.trim(), commitId }),
  };
}

async function planAppSpecContent(
  deps: DeployFlowDeps,
  group: DeploymentGroup,
  title: string,
  arg: DeployArg,
): Promise<Plan | undefined> {
  requireTrustedWorkspace("Deploying an AppSpec file from the workspace");
  const uri = await appSpecUri(arg, title);
  if (!uri) return undefined;
  const text = await readAppSpec(uri);
  await checkAppSpecFile(uri, text, group);
  return {
    head: await deps.git.readFor(uri),
    label: vscode.workspace.asRelativePath(uri),
    detail: `The AppSpec file is sent as the revision's content (${group.computePlatform}).`,
    register: false,
    // Web Crypto, when it is needed (node:crypto at load would cost activation time).
    prepare: async () => ({ kind: "AppSpecContent", content: text, sha256: await sha256Hex(text) }),
  };
}

interface Options {
  readonly request: Partial<CreateDeploymentRequest>;
  readonly summary: string;
}

/** What CodeDeploy does with a file already where the revision puts one (fileExistsBehavior). */
const FILE_EXISTS_CHOICES: readonly (vscode.QuickPickItem & {
  behavior: "DISALLOW" | "OVERWRITE" | "RETAIN";
  word: string;
})[] = [
  { label: "Fail the deployment", description: "DISALLOW, the default", behavior: "DISALLOW", word: "fail" },
  { label: "Overwrite them", description: "OVERWRITE", behavior: "OVERWRITE", word: "overwritten" },
  {
    label: "Keep them",
    description: "RETAIN: the revision's copy is not installed",
    behavior: "RETAIN",
    word: "kept",
  },
];

async function pickOptions(
  deps: DeployFlowDeps,
  group: DeploymentGroup,
  title: string,
): Promise<Options | undefined> {
  type Item = vscode.QuickPickItem & { id: string };
  const rollbackOn = group.autoRollback.enabled && group.autoRollback.events.includes("DEPLOYMENT_FAILURE");
  const items: Item[] = [
    {
      id: "config",
      label: "Override the deployment configuration…",
      description: `the group's: ${group.configName ?? "default"}`,
    },
    {
      id: "rollback",
      label: rollbackOn ? "Do not roll back automatically on failure" : "Roll back automatically on failure",
      description: `the group's auto-rollback is ${rollbackOn ? "on" : "off"}`,
    },
  ];
  if (group.computePlatform === "Server") {
    items.push(
      {
        id: "ignoreStop",
        label: "Ignore ApplicationStop failures",
        description: "a failing stop script does not fail the deployment",
      },
      {
        id: "fileExists",
        label: "Files already at the destination…",
        description: "by default the deployment fails on them",
      },
    );
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: `${title} — options`,
    placeHolder: "Press Enter to deploy with the group's settings, or check options",
    canPickMany: true,
  });
  if (!picked) return undefined;
  const ids = new Set(picked.map((p) => p.id));
  const request: { -readonly [K in keyof CreateDeploymentRequest]?: CreateDeploymentRequest[K] } = {};
  const summary: string[] = [];
  if (ids.has("config")) {
    const prefix =
      group.computePlatform === "Server"
        ? /^CodeDeployDefault\.(One|Half|All)/
        : new RegExp(`^CodeDeployDefault\\.${group.computePlatform}`);
    const names = (await deps.store.loadConfigNames()).filter(
      (n) => !n.startsWith("CodeDeployDefault.") || prefix.test(n),
    );
    const config = await vscode.window.showQuickPick(names, { title: `${title} — deployment configuration` });
    if (!config) return undefined;
    request.configName = config;
    summary.push(`Configuration: ${config}`);
  }
  if (ids.has("rollback")) {
    request.autoRollback = rollbackOn
      ? { enabled: false, events: [] }
      : { enabled: true, events: ["DEPLOYMENT_FAILURE"] };
    summary.push(rollbackOn ? "No automatic rollback" : "Automatic rollback on failure");
  }
  if (ids.has("ignoreStop")) {
    request.ignoreApplicationStopFailures = true;
    summary.push("ApplicationStop failures ignored");
  }
  if (ids.has("fileExists")) {
    const choice = await vscode.window.showQuickPick(FILE_EXISTS_CHOICES, {
      title: `${title} — files already at the destination`,
    });
    if (!choice) return undefined;
    request.fileExistsBehavior = choice.behavior;
    summary.push(`Files already there: ${choice.word}`);
  }
  return { request, summary: summary.join(" · ") };
}

async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Buffer.from(digest).toString("hex");
}

/** A folder as the user knows it: relative to the workspace, or its name when it is a workspace folder. */
function folderName(folder: string): string {
  const relative = vscode.workspace.asRelativePath(folder, false);
  return relative && relative !== folder ? relative : path.basename(folder);
}
