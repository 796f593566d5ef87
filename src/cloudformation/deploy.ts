import * as path from "node:path";
import * as vscode from "vscode";
import { isAbort } from "../core/abort";
import { sleep } from "../core/sleep";
import { UserError, type CommandContext } from "../workbench/commands";
import { log } from "../workbench/logger";
import { requireTrustedWorkspace } from "../workbench/trust";
import type { ChangeSetPanels } from "./changeSetPanel";
import { capabilitiesInError, capabilitiesNeeded, type CapabilityNeed } from "./model/capabilities";
import { isBeingCreated, isNoChange } from "./model/changeSetView";
import { errorMessage, isValidationError } from "./model/errors";
import {
  formatTags,
  ParameterFileError,
  parameterFileNames,
  parameterValues,
  parseParameterFile,
  parseTags,
  planParameters,
  shownValue,
  type ParameterFile,
  type PlannedParameter,
} from "./model/parameters";
import { stackStatusLook, whyNotUpdatable } from "./model/status";
import type { TemplateInfo } from "./model/template/info";
import type { ChangeSet, StackDetail, Tag, TemplateSource, TemplateValidation } from "./model/types";
import { templateBucket } from "./settings";
import type { StackStore } from "./store";
import type { TemplateAssociations } from "./templates/associations";
import type { TemplateCodeLens } from "./templates/codeLens";
import { MAX_TEMPLATE_BODY, type TemplateDiagnostics } from "./templates/diagnostics";
import { isTemplate, shownPath } from "./templates/documents";

export interface DeployDeps {
  readonly store: StackStore;
  readonly associations: TemplateAssociations;
  readonly diagnostics: TemplateDiagnostics;
  readonly panels: ChangeSetPanels;
  readonly codeLens: TemplateCodeLens;
  readonly workspaceState: vscode.Memento;
}

const STACK_NAME = /^[a-zA-Z][-a-zA-Z0-9]{0,127}$/;
const BUCKET_KEY = "awsCicd.cloudformation.templateBucket";
/** How long a change set may take to be created before the deploy stops waiting. */
const CHANGE_SET_WAIT_MS = 5 * 60_000;

interface Target {
  readonly name: string;
  readonly type: "CREATE" | "UPDATE";
  readonly detail?: StackDetail;
}

/** The template a command is about: its argument (a URI from the CodeLens or the explorer), else the active editor. */
function templateUriFrom(arg: unknown): vscode.Uri {
  if (arg instanceof vscode.Uri) return arg;
  const editor = vscode.window.activeTextEditor;
  if (editor) return editor.document.uri;
  throw new UserError("Open a CloudFormation template (YAML or JSON) to deploy or validate it.");
}

export async function openTemplate(arg: unknown): Promise<vscode.TextDocument> {
  const document = await vscode.workspace.openTextDocument(templateUriFrom(arg));
  if (!isTemplate(document))
    throw new UserError(
      `${shownPath(document.uri)} does not look like a CloudFormation template (no AWSTemplateFormatVersion, no Resources with AWS types).`,
    );
  return document;
}

/** A stack name for a template nobody deployed yet: its file's name, or its folder's for a generic one. */
function suggestedName(uri: vscode.Uri): string {
  const base = path.basename(uri.fsPath).replace(/\.(ya?ml|json|template)$/i, "");
  const generic = /^(template|cfn|stack|main|infra|cloudformation)$/i.test(base);
  const folder = vscode.workspace.getWorkspaceFolder(uri)?.name ?? path.basename(path.dirname(uri.fsPath));
  const name = (generic ? `${folder}-${base}` : base)
    .replace(/[^a-zA-Z0-9-]/g, "-")
    .replace(/^[^a-zA-Z]+/, "");
  return name || "my-stack";
}

async function pickStack(
  deps: DeployDeps,
  uri: vscode.Uri,
  context: CommandContext,
): Promise<Target | undefined> {
  const { store } = deps;
  const stacks = await context.withProgress("Listing stacks…", () => store.loadStacks());
  const associated = deps.associations.stackOf(uri);
  const live = stacks
    .filter((s) => s.status !== "DELETE_COMPLETE" && !s.parentId)
    .sort((a, b) => (a.name === associated ? -1 : b.name === associated ? 1 : a.name.localeCompare(b.name)));
  type Item = vscode.QuickPickItem & { readonly stack?: string; readonly create?: boolean };
  const items: Item[] = [
    { label: "$(add) New stack…", description: "create a stack from this template", create: true },
    ...(live.length ? [{ label: "Stacks", kind: vscode.QuickPickItemKind.Separator } as Item] : []),
    ...live.map((s) => ({
      label: s.name,
      description: [
        stackStatusLook(s.status).word,
        s.name === associated ? "deployed from this template" : undefined,
      ]
        .filter(Boolean)
        .join(" · "),
      stack: s.name,
    })),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: `Deploy ${shownPath(uri)}`,
    placeHolder: "The stack to create or update",
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  if (picked.create) {
    const taken = new Set(live.filter((s) => s.status !== "REVIEW_IN_PROGRESS").map((s) => s.name));
    const name = await vscode.window.showInputBox({
      title: `Deploy ${shownPath(uri)}: new stack`,
      prompt: "Stack name (letters, digits and hyphens, starting with a letter)",
      value: suggestedName(uri),
      validateInput: (v) =>
        !STACK_NAME.test(v)
          ? "A stack name starts with a letter and has only letters, digits and hyphens (at most 128)."
          : taken.has(v)
            ? `Stack ${v} exists already: choose it in the list to update it.`
            : undefined,
    });
    if (!name) return undefined;
    return { name, type: "CREATE" };
  }
  const name = picked.stack!;
  await context.withProgress(`Reading stack ${name}…`, () => store.loadDetail(name));
  const detail = store.detail(name);
  const status = detail?.status ?? store.stack(name)?.status ?? "";
  if (status === "REVIEW_IN_PROGRESS") return { name, type: "CREATE", ...(detail ? { detail } : {}) };
  const refusal = whyNotUpdatable(name, status);
  if (refusal) throw new UserError(`${refusal} Nothing was created.`);
  return { name, type: "UPDATE", ...(detail ? { detail } : {}) };
}

/** The parameters file next to the template, if there is one. */
async function parameterFile(uri: vscode.Uri): Promise<{ name: string; data: ParameterFile } | undefined> {
  const folder = vscode.Uri.joinPath(uri, "..");
  for (const candidate of parameterFileNames(path.basename(uri.fsPath))) {
    const file = vscode.Uri.joinPath(folder, candidate);
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(file);
    } catch {
      continue;
    }
    const name = shownPath(file);
    try {
      return { name, data: parseParameterFile(Buffer.from(bytes).toString("utf8"), name) };
    } catch (error) {
      if (error instanceof ParameterFileError)
        throw new UserError(`${error.message} Fix it or remove it, then deploy again. Nothing was created.`);
      throw error;
    }
  }
  return undefined;
}

async function askValue(p: PlannedParameter, stack: string): Promise<string | undefined> {
  if (p.allowedValues?.length) {
    const picked = await vscode.window.showQuickPick(
      p.allowedValues.map((v) => ({ label: v, picked: v === p.value })),
      { title: `${stack}: parameter ${p.key}`, placeHolder: p.description ?? `A value for ${p.key}` },
    );
    return picked?.label;
  }
  return vscode.window.showInputBox({
    title: `${stack}: parameter ${p.key}`,
    prompt: p.description ?? `A value for ${p.key}`,
    value: p.noEcho ? "" : (p.value ?? ""),
    password: p.noEcho,
    ignoreFocusOut: true,
  });
}

/**
 * The parameter values: planned from the parameters file, the stack and the defaults; the user
 * is asked for the missing ones, then reviews them all (NoEcho values masked) and may change any.
 */
async function askParameters(
  declared: readonly {
    key: string;
    defaultValue?: string;
    noEcho: boolean;
    description?: string;
    allowedValues?: readonly string[];
  }[],
  file: { name: string; data: ParameterFile } | undefined,
  target: Target,
): Promise<PlannedParameter[] | undefined> {
  let planned = planParameters(declared, file, target.detail?.parameters);
  if (planned.length === 0) return planned;
  const replace = (key: string, value: string) =>
    (planned = planned.map((p) => (p.key === key ? { ...p, value, usePrevious: false, source: "you" } : p)));
  for (const p of planned.filter((x) => x.value === undefined && !x.usePrevious)) {
    const value = await askValue(p, target.name);
    if (value === undefined) return undefined;
    replace(p.key, value);
  }
  type Item = vscode.QuickPickItem & { readonly key?: string };
  for (;;) {
    const items: Item[] = [
      { label: "$(rocket) Create the change set with these values", alwaysShow: true },
      { label: "Parameters", kind: vscode.QuickPickItemKind.Separator },
      ...planned.map((p) => ({
        label: p.key,
        description: shownValue(p),
        detail: [p.source ? `from ${p.source}` : undefined, p.description].filter(Boolean).join(" — "),
        key: p.key,
      })),
    ];
    const picked = await vscode.window.showQuickPick(items, {
      title: `Parameters of ${target.name}${file ? ` (values from ${file.name})` : ""}`,
      placeHolder: "Choose a parameter to change its value, or go on",
      matchOnDescription: true,
      ignoreFocusOut: true,
    });
    if (!picked) return undefined;
    if (!picked.key) return planned;
    const p = planned.find((x) => x.key === picked.key)!;
    const value = await askValue(p, target.name);
    if (value !== undefined) replace(p.key, value);
  }
}

async function askCapabilities(
  needs: readonly CapabilityNeed[],
  stack: string,
): Promise<string[] | undefined> {
  if (needs.length === 0) return [];
  const picked = await vscode.window.showQuickPick(
    needs.map((n) => ({ label: n.capability, detail: n.reason, picked: true })),
    {
      title: `${stack}: acknowledge what the template does`,
      placeHolder: "CloudFormation creates these only when you acknowledge them",
      canPickMany: true,
      ignoreFocusOut: true,
    },
  );
  if (!picked) return undefined;
  const refused = needs.filter((n) => !picked.some((p) => p.label === n.capability));
  if (refused.length > 0)
    throw new UserError(
      `Not deployed: the template needs ${refused.map((r) => r.capability).join(", ")} (${refused.map((r) => r.reason).join("; ")}), and CloudFormation refuses it unacknowledged. Nothing was created.`,
    );
  return picked.map((p) => p.label);
}

async function askTags(defaults: readonly Tag[], stack: string): Promise<Tag[] | undefined> {
  const input = await vscode.window.showInputBox({
    title: `${stack}: tags`,
    prompt: "Tags for the stack and its resources: key=value, comma separated (empty: none)",
    value: formatTags(defaults),
    ignoreFocusOut: true,
    validateInput: (v) => {
      try {
        parseTags(v);
        return undefined;
      } catch (error) {
        return errorMessage(error);
      }
    },
  });
  return input === undefined ? undefined : parseTags(input);
}

/** The S3 bucket a large template goes through: the setting, else one the user picks (remembered). */
async function pickBucket(
  deps: DeployDeps,
  size: number,
  shown: string,
  context: CommandContext,
): Promise<string | undefined> {
  const configured = templateBucket();
  if (configured) return configured;
  const remembered = deps.workspaceState.get<string>(BUCKET_KEY);
  const buckets = await context.withProgress("Listing S3 buckets…", (signal) =>
    deps.store.listBuckets(signal),
  );
  type Item = vscode.QuickPickItem & { readonly bucket?: string };
  const sorted = [...buckets].sort((a, b) =>
    a === remembered ? -1 : b === remembered ? 1 : a.localeCompare(b),
  );
  const items: Item[] = [
    ...sorted.map((b) => ({
      label: b,
      bucket: b,
      description: b === remembered ? "used last time" : undefined,
    })),
    { label: "$(edit) Enter a bucket name…" },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: `${shown} is ${size.toLocaleString("en-US")} bytes: over the 51,200 bytes CloudFormation takes in a request`,
    placeHolder: "The S3 bucket to upload the template to",
    ignoreFocusOut: true,
  });
  if (!picked) return undefined;
  const bucket =
    picked.bucket ??
    (await vscode.window.showInputBox({
      title: "S3 bucket for the template",
      prompt: "A bucket in this account and region",
      validateInput: (v) =>
        /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v) ? undefined : "Not a valid bucket name.",
    }));
  if (bucket) await deps.workspaceState.update(BUCKET_KEY, bucket);
  return bucket;
}

async function hexDigest(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Buffer.from(digest).toString("hex").slice(0, 16);
}

/** Waits until CloudFormation has computed the change set (polling it every second), up to a limit. */
async function changeSetReady(store: StackStore, id: string, signal: AbortSignal): Promise<ChangeSet> {
  const deadline = Date.now() + CHANGE_SET_WAIT_MS;
  for (;;) {
    await store.loadChangeSet(id);
    const cs = store.changeSet(id);
    if (cs && !isBeingCreated(cs)) return cs;
    if (Date.now() > deadline)
      throw new UserError(
        "CloudFormation took more than 5 minutes to compute the change set: it stays under the stack's Change Sets.",
      );
    if (!(await sleep(1000, signal))) {
      const error = new Error("The request was aborted");
      error.name = "AbortError";
      throw error;
    }
  }
}

/**
 * Removes what a deploy that did not go through created: the change set, and the empty stack
 * (REVIEW_IN_PROGRESS) CloudFormation made for a new stack's change set.
 */
async function cleanUp(
  store: StackStore,
  cs: { id: string; stackName: string },
  createdStack: boolean,
): Promise<string> {
  const signal = AbortSignal.timeout(30_000);
  const removed: string[] = [];
  try {
    await store.deleteChangeSet(
      { id: cs.id, name: "", stackId: "", stackName: cs.stackName, status: "", executionStatus: "" },
      signal,
    );
    removed.push("the change set");
    if (createdStack) {
      await store.deleteStack(cs.stackName, signal);
      removed.push(`the empty stack ${cs.stackName}`);
    }
  } catch (error) {
    log.warn("cloudformation", `cleaning up after a deploy: ${errorMessage(error)}`);
  }
  return removed.length
    ? `${removed.join(" and ")} ${removed.length > 1 ? "were" : "was"} deleted`
    : "nothing was left to delete";
}

/**
 * Deploy…: checks the template here, picks the stack, uploads a large template to S3, asks
 * CloudFormation to validate it, plans the parameters (the parameters file next to the template,
 * the stack's values, defaults; missing ones asked for), asks for the capabilities and tags, and
 * creates a change set — shown in the change-set view before anything happens. A change set with
 * no changes is said so and deleted; one that fails is deleted with what CloudFormation made for
 * it: nothing half-created stays behind.
 */
export async function deployTemplate(deps: DeployDeps, context: CommandContext, arg: unknown): Promise<void> {
  requireTrustedWorkspace("Deploying a template");
  const { store } = deps;
  const document = await openTemplate(arg);
  if (document.isDirty) await document.save();
  const uri = document.uri;
  const shown = shownPath(uri);
  const text = document.getText();

  const outcome = await deps.diagnostics.validate(document, false);
  if (outcome.local > 0) {
    const first = deps.diagnostics.errorsOf(uri)[0];
    throw new UserError(
      `${shown} has ${outcome.local} problem${outcome.local > 1 ? "s" : ""} CloudFormation would refuse${first ? ` (line ${first.range.start.line + 1}: ${first.message})` : ""}. Fix ${outcome.local > 1 ? "them" : "it"} (see the Problems panel) and deploy again. Nothing was sent.`,
    );
  }
  const lazy = await import("./templates.lazy.js");
  const parsed = lazy.parseTemplate(text);
  const info: TemplateInfo = lazy.templateInfo(parsed.root);

  const target = await pickStack(deps, uri, context);
  if (!target) return;

  const size = Buffer.byteLength(text);
  let source: TemplateSource = { body: text };
  if (size > MAX_TEMPLATE_BODY) {
    const bucket = await pickBucket(deps, size, shown, context);
    if (!bucket)
      throw new UserError(
        `${shown} is ${size.toLocaleString("en-US")} bytes, over the 51,200 bytes CloudFormation takes in a request: it has to go through an S3 bucket, and none was chosen. Nothing was created.`,
      );
    const key = `aws-cicd/templates/${target.name}/${await hexDigest(text)}-${path.basename(uri.fsPath)}`;
    const url = await context.withProgress(`Uploading ${shown} to s3://${bucket}…`, (signal) =>
      store.uploadTemplate(bucket, key, text, signal),
    );
    source = { url };
  }

  let validation: TemplateValidation;
  try {
    validation = await context.withProgress(`Validating ${shown} with CloudFormation…`, (signal) =>
      store.validateTemplate(source, signal),
    );
  } catch (error) {
    if (!isValidationError(error)) throw error;
    await deps.diagnostics.validate(document, true).catch(() => undefined);
    throw new UserError(`CloudFormation refused ${shown}: ${errorMessage(error)} Nothing was created.`);
  }

  const declared = validation.parameters.map((p) => {
    const local = info.parameters.find((x) => x.key === p.key);
    return { ...p, ...(local?.allowedValues ? { allowedValues: local.allowedValues } : {}) };
  });
  const file = await parameterFile(uri);
  const parameters = await askParameters(declared, file, target);
  if (!parameters) return;
  const acknowledged = await askCapabilities(capabilitiesNeeded(info, validation), target.name);
  if (!acknowledged) return;
  let capabilities: string[] = acknowledged;
  const tags = await askTags(
    file?.data.tags.length ? file.data.tags : (target.detail?.tags ?? []),
    target.name,
  );
  if (!tags) return;

  const changeSetName = `aws-cicd-${new Date()
    .toISOString()
    .replace(/[-:.TZ]/g, "")
    .slice(0, 14)}`;
  const request = () => ({
    stackName: target.name,
    changeSetName,
    type: target.type,
    template: source,
    parameters: parameterValues(parameters),
    capabilities,
    tags,
    description: `AWS CI/CD for VS Code: ${shown}`,
  });
  const creating = `Creating a change set for ${target.name}…`;
  let created: { id: string; stackId: string };
  try {
    created = await context.withProgress(creating, (signal) => store.createChangeSet(request(), signal));
  } catch (error) {
    const missing =
      (error as { name?: unknown }).name === "InsufficientCapabilitiesException"
        ? capabilitiesInError(errorMessage(error))
        : [];
    if (missing.length === 0) throw error;
    const more = await askCapabilities(
      missing.map((c) => ({ capability: c, reason: "CloudFormation says the template needs it" })),
      target.name,
    );
    if (!more) return;
    capabilities = [...new Set([...capabilities, ...more])];
    created = await context.withProgress(creating, (signal) => store.createChangeSet(request(), signal));
  }
  await deps.associations.associate(uri, target.name);
  deps.codeLens.refresh();

  const createdStack = target.type === "CREATE" && target.detail === undefined;
  let cs: ChangeSet;
  try {
    cs = await context.withProgress(`CloudFormation is computing the changes to ${target.name}…`, (signal) =>
      changeSetReady(store, created.id, signal),
    );
  } catch (error) {
    if (!isAbort(error)) throw error;
    const what = await cleanUp(store, { id: created.id, stackName: target.name }, createdStack);
    void vscode.window.showInformationMessage(`Deploy cancelled: ${what}.`);
    return;
  }
  if (isNoChange(cs)) {
    const what = await cleanUp(store, { id: created.id, stackName: target.name }, false);
    void vscode.window.showInformationMessage(
      `No changes: stack ${target.name} already matches ${shown} and these parameters (${what === "the change set was deleted" ? "the empty change set was deleted" : what}).`,
    );
    return;
  }
  if (cs.status === "FAILED") {
    const what = await cleanUp(store, { id: created.id, stackName: target.name }, createdStack);
    throw new UserError(
      `The change set for ${target.name} failed: ${cs.statusReason ?? cs.status}. ${what.charAt(0).toUpperCase()}${what.slice(1)}; nothing changed.`,
    );
  }
  const secretValues = parameters.flatMap((p) => (p.noEcho && !p.usePrevious && p.value ? [p.value] : []));
  await deps.panels.show(created.id, target.name, { templateUri: uri, secretValues });
}
