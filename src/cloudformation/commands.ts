import * as path from "node:path";
import * as vscode from "vscode";
import { sleep } from "../core/sleep";
import { registerCommand, UserError, type CommandContext } from "../workbench/commands";
import type { ConnectionManager } from "../workbench/connectionManager";
import { log } from "../workbench/logger";
import { nodeArg, str } from "../workbench/nodeArg";
import type { RootTree } from "../workbench/tree/rootTree";
import { requireTrustedWorkspace } from "../workbench/trust";
import type { ChangeSetPanels } from "./changeSetPanel";
import { deployTemplate, openTemplate, type DeployDeps } from "./deploy";
import { changeSetView } from "./model/changeSetView";
import { resourceConsoleUrl, stackConsoleUrl } from "./model/consoleLinks";
import { CLOUDFORMATION_ERROR_ADVICE } from "./model/errors";
import { isInProgress, stackStatusLook } from "./model/status";
import type { StackOperations } from "./operations";
import { changeSetFromArg, namedChangeSetFromArg, stackFromArg } from "./pickers";
import { CloudFormationSetting } from "./settings";
import type { TimelinePanels } from "./timelinePanel";
import type { CloudFormationSection } from "./treeSection";
import type { TemplateAssociations } from "./templates/associations";
import type { TemplateDiagnostics } from "./templates/diagnostics";
import { shownPath } from "./templates/documents";
import type { DeployedTemplates } from "./templates/templateDiff";

export interface CloudFormationCommandDeps extends DeployDeps {
  readonly connection: ConnectionManager;
  readonly operations: StackOperations;
  readonly timelines: TimelinePanels;
  readonly panels: ChangeSetPanels;
  readonly deployed: DeployedTemplates;
  readonly associations: TemplateAssociations;
  readonly diagnostics: TemplateDiagnostics;
  readonly section: CloudFormationSection;
  readonly tree: RootTree;
}

/** Drift detections take seconds; the command waits this long at most. */
const DRIFT_WAIT_MS = 5 * 60_000;

export function registerCloudFormationCommands(deps: CloudFormationCommandDeps): vscode.Disposable[] {
  const { store, connection, operations } = deps;
  const command = (id: string, handler: (context: CommandContext, ...args: unknown[]) => Promise<unknown>) =>
    registerCommand(id, connection, handler, CLOUDFORMATION_ERROR_ADVICE);
  const region = () => connection.current?.region ?? "us-east-1";

  return [
    command("awsCicd.stack.deploy", (context, arg) => deployTemplate(deps, context, arg)),

    command("awsCicd.stack.validate", async (context, arg) => {
      const document = await openTemplate(arg);
      const shown = shownPath(document.uri);
      const local = await deps.diagnostics.validate(document, false);
      if (local.local > 0)
        throw new UserError(
          `${shown} has ${local.local} problem${local.local > 1 ? "s" : ""}: see the Problems panel.`,
        );
      if (!vscode.workspace.isTrusted) {
        vscode.window.setStatusBarMessage(
          `$(check) ${shown}: no problem found here (Restricted Mode: CloudFormation was not asked)`,
          8000,
        );
        return;
      }
      const outcome = await context.withProgress(`Validating ${shown} with CloudFormation…`, (signal) =>
        deps.diagnostics.validate(document, true, signal),
      );
      if (!outcome.remote) {
        void vscode.window.showInformationMessage(
          `${shown}: no problem found here. It is over 51,200 bytes: CloudFormation validates it when you deploy it through S3.`,
        );
      } else if (outcome.remote.ok) {
        vscode.window.setStatusBarMessage(
          `$(check) ${shown} is a valid template (CloudFormation ValidateTemplate)`,
          8000,
        );
      } else {
        throw new UserError(`CloudFormation refused ${shown}: ${outcome.remote.message ?? ""}`);
      }
    }),

    command("awsCicd.stack.show", async (context, arg) => {
      const name = await stackFromArg(arg, store, context);
      if (!name) return;
      await revealStack(deps, name);
    }),

    command("awsCicd.stack.showEvents", async (context, arg) => {
      const name = await stackFromArg(arg, store, context);
      if (name) operations.follow(name);
    }),

    command("awsCicd.stack.showTimeline", async (context, arg) => {
      const name = await stackFromArg(arg, store, context);
      if (name) await deps.timelines.show(name);
    }),

    command("awsCicd.stack.showTemplate", async (context, arg) => {
      const name = await stackFromArg(arg, store, context);
      if (!name) return;
      const text = await context.withProgress(`Reading the template of ${name}…`, (signal) =>
        store.template(name, signal),
      );
      const uri = deps.deployed.set(name, text, text.trimStart().startsWith("{") ? ".json" : ".yaml");
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
    }),

    command("awsCicd.stack.delete", async (context, arg) => {
      const name = await stackFromArg(
        arg,
        store,
        context,
        (s) => s !== "DELETE_COMPLETE" && !s.endsWith("_IN_PROGRESS"),
        "to delete",
      );
      if (!name) return;
      await context.withProgress(`Reading stack ${name}…`, () => store.loadDetail(name));
      const detail = store.detail(name);
      if (detail?.terminationProtection)
        throw new UserError(
          `Stack ${name} has termination protection: turn it off (in the console) before deleting it.`,
        );
      if (detail && isInProgress(detail.status))
        throw new UserError(
          `Stack ${name} is busy (${stackStatusLook(detail.status).word}): wait until this operation ends.`,
        );
      const count = store.resources(name)?.length;
      const change = {
        verb: "Delete",
        subject: `stack ${name}`,
        action: "Delete Stack",
        destructive: true,
        detail: `CloudFormation deletes ${count !== undefined ? `its ${count} resources` : "its resources"} (those with DeletionPolicy Retain are kept). This cannot be undone.`,
      };
      if (!(await context.confirm(change))) return;
      await context.withProgress(`Deleting stack ${name}…`, (signal) => store.deleteStack(name, signal));
      operations.startedByUser(name);
    }),

    command("awsCicd.stack.cancelUpdate", async (context, arg) => {
      const name = await stackFromArg(
        arg,
        store,
        context,
        (s) => s === "UPDATE_IN_PROGRESS",
        "with an update in progress",
      );
      if (!name) return;
      const change = {
        verb: "Cancel the update of",
        subject: `stack ${name}`,
        action: "Cancel Update",
        destructive: true,
        detail: "CloudFormation stops the update and rolls the stack back to how it was.",
      };
      if (!(await context.confirm(change))) return;
      await context.withProgress(`Cancelling the update of ${name}…`, (signal) =>
        store.cancelUpdate(name, signal),
      );
      operations.startedByUser(name);
    }),

    command("awsCicd.stack.detectDrift", async (context, arg) => {
      const name = await stackFromArg(
        arg,
        store,
        context,
        (s) => s !== "DELETE_COMPLETE" && !s.endsWith("_IN_PROGRESS"),
        "to check",
      );
      if (!name) return;
      const drifts = await context.withProgress(`Detecting drift on ${name}…`, async (signal) => {
        const id = await store.detectDrift(name, signal);
        const deadline = Date.now() + DRIFT_WAIT_MS;
        for (;;) {
          const status = await store.driftDetection(id, signal);
          if (status.status === "DETECTION_FAILED")
            throw new UserError(`Drift detection on ${name} failed: ${status.reason ?? "no reason given"}.`);
          if (status.status === "DETECTION_COMPLETE") break;
          if (Date.now() > deadline)
            throw new UserError(`Drift detection on ${name} is taking more than 5 minutes; try again later.`);
          if (!(await sleep(2000, signal))) return undefined;
        }
        return store.loadResourceDrifts(name, signal);
      });
      if (!drifts) return;
      const drifted = drifts.filter((d) => d.status === "MODIFIED" || d.status === "DELETED");
      if (drifted.length === 0) {
        void vscode.window.showInformationMessage(
          `Stack ${name} is in sync with its template: no resource has drifted.`,
        );
        return;
      }
      const list = drifted
        .map((d) =>
          d.status === "DELETED"
            ? `${d.logicalId} (deleted)`
            : `${d.logicalId} (${d.differences.length} propert${d.differences.length === 1 ? "y" : "ies"})`,
        )
        .join(", ");
      const choice = await vscode.window.showWarningMessage(
        `Stack ${name} has drifted: ${list}.`,
        "Show in Tree",
      );
      if (choice) await revealStack(deps, name, true);
    }),

    command("awsCicd.stack.openInConsole", async (context, arg) => {
      const name = await stackFromArg(arg, store, context, () => true);
      if (!name) return;
      const id = store.stack(name)?.id ?? name;
      await vscode.env.openExternal(vscode.Uri.parse(stackConsoleUrl(id, region())));
    }),

    command("awsCicd.stack.openResourceInConsole", async (_context, arg) => {
      const node = nodeArg(arg) as { stack?: unknown; logicalId?: unknown };
      const stack = str(node.stack);
      const resource = stack
        ? store.resources(stack)?.find((r) => r.logicalId === str(node.logicalId))
        : undefined;
      if (!stack || !resource?.physicalId) throw new UserError("Choose a resource of a stack in the tree.");
      const url = resourceConsoleUrl(
        resource.type,
        resource.physicalId,
        store.stack(stack)?.id ?? stack,
        region(),
      );
      await vscode.env.openExternal(vscode.Uri.parse(url));
    }),

    command("awsCicd.stack.copyOutput", async (_context, arg) => {
      const node = nodeArg(arg) as { stack?: unknown; key?: unknown };
      const output = store.detail(str(node.stack) ?? "")?.outputs.find((o) => o.key === str(node.key));
      if (!output) throw new UserError("Choose an output of a stack in the tree.");
      await vscode.env.clipboard.writeText(output.value);
      vscode.window.setStatusBarMessage(`$(copy) Copied ${output.key}`, 4000);
    }),

    command("awsCicd.stack.copyPhysicalId", async (_context, arg) => {
      const node = nodeArg(arg) as { stack?: unknown; logicalId?: unknown };
      const resource = store
        .resources(str(node.stack) ?? "")
        ?.find((r) => r.logicalId === str(node.logicalId));
      if (!resource?.physicalId) throw new UserError("Choose a resource of a stack in the tree.");
      await vscode.env.clipboard.writeText(resource.physicalId);
      vscode.window.setStatusBarMessage(`$(copy) Copied the physical ID of ${resource.logicalId}`, 4000);
    }),

    command("awsCicd.stack.showDeleted", () => setShowDeleted(true)),
    command("awsCicd.stack.hideDeleted", () => setShowDeleted(false)),

    command("awsCicd.changeSet.show", async (context, arg) => {
      const named = namedChangeSetFromArg(arg);
      if (named) {
        // A pipeline's CloudFormation action names its change set: find it among the stack's.
        await context.withProgress(`Reading the change sets of ${named.stack}…`, () =>
          store.loadChangeSets(named.stack),
        );
        const found = store.openChangeSets(named.stack)?.find((c) => c.name === named.name);
        if (!found) {
          vscode.window.setStatusBarMessage(
            `Change set ${named.name} of ${named.stack} is not waiting any more (executed or deleted): here is the stack.`,
            8000,
          );
          return revealStack(deps, named.stack);
        }
        const uri = firstTemplate(deps.associations, named.stack);
        return deps.panels.show(found.id, named.stack, uri ? { templateUri: uri } : {});
      }
      const cs = changeSetFromArg(arg);
      if (!cs) throw new UserError("Choose a change set of a stack in the tree.");
      const uri = cs.templateUri
        ? vscode.Uri.parse(cs.templateUri)
        : firstTemplate(deps.associations, cs.stack);
      await deps.panels.show(cs.id, cs.stack, uri ? { templateUri: uri } : {});
    }),

    command("awsCicd.changeSet.execute", async (context, arg) => {
      const target = changeSetFromArg(arg);
      if (!target) throw new UserError("Open a change set to execute it.");
      await context.withProgress("Reading the change set…", () => store.loadChangeSet(target.id));
      const cs = store.changeSet(target.id);
      if (!cs) throw new UserError("The change set no longer exists.");
      const view = changeSetView(cs);
      if (!view.canExecute)
        throw new UserError(
          `Change set ${cs.name} cannot be executed: it is ${cs.status} / ${cs.executionStatus}${cs.statusReason ? ` (${cs.statusReason})` : ""}.`,
        );
      const c = view.counts;
      const replaced = view.rows.filter((r) => r.replacement === "True").map((r) => r.logicalId);
      const change = {
        verb: "Execute",
        subject: `change set ${cs.name} on stack ${cs.stackName}`,
        action: "Execute Change Set",
        destructive: true,
        detail: [
          `${c.add} to add, ${c.modify} to modify, ${c.remove} to remove.`,
          replaced.length
            ? `Replaced (new physical resources, the old ones deleted): ${replaced.join(", ")}.`
            : undefined,
        ]
          .filter(Boolean)
          .join(" "),
      };
      if (!(await context.confirm(change))) return;
      await context.withProgress(`Executing change set ${cs.name}…`, (signal) =>
        store.executeChangeSet(cs, signal),
      );
      log.info("cloudformation", `executed change set ${cs.name} on ${cs.stackName}`);
      operations.startedByUser(cs.stackName);
      deps.panels.markExecuted(cs.id);
      await deps.timelines.show(cs.stackName);
    }),

    command("awsCicd.changeSet.delete", async (context, arg) => {
      const target = changeSetFromArg(arg);
      if (!target) throw new UserError("Choose a change set to delete.");
      const stackStatus = store.stack(target.stack)?.status;
      const emptyStack =
        stackStatus === "REVIEW_IN_PROGRESS" && (store.openChangeSets(target.stack)?.length ?? 1) <= 1;
      const change = {
        verb: "Delete",
        subject: `change set ${target.name ?? target.id} of stack ${target.stack}`,
        action: "Delete Change Set",
        destructive: true,
        ...(emptyStack
          ? { detail: `Stack ${target.stack} has nothing but this change set: it is deleted too.` }
          : {}),
      };
      if (!(await context.confirm(change))) return;
      await context.withProgress("Deleting the change set…", async (signal) => {
        await store.deleteChangeSet(
          {
            id: target.id,
            name: target.name ?? "",
            stackId: "",
            stackName: target.stack,
            status: "",
            executionStatus: "",
          },
          signal,
        );
        if (emptyStack) await store.deleteStack(target.stack, signal);
      });
      deps.panels.close(target.id);
      vscode.window.setStatusBarMessage(`$(trash) Deleted change set ${target.name ?? ""}`, 5000);
    }),

    command("awsCicd.changeSet.viewTemplateDiff", async (context, arg) => {
      const target = changeSetFromArg(arg);
      const stack = target?.stack ?? (await stackFromArg(arg, store, context));
      if (!stack) return;
      let right = target?.templateUri
        ? vscode.Uri.parse(target.templateUri)
        : firstTemplate(deps.associations, stack);
      if (!right) {
        requireTrustedWorkspace("Comparing with a workspace template");
        const picked = await vscode.window.showOpenDialog({
          title: `The workspace template to compare with stack ${stack}`,
          canSelectMany: false,
          filters: { Templates: ["yaml", "yml", "json", "template"] },
        });
        right = picked?.[0];
        if (!right) return;
      }
      if (store.stack(stack)?.status === "REVIEW_IN_PROGRESS")
        throw new UserError(
          `Stack ${stack} has no deployed template yet (it is waiting for its first change set): there is nothing to compare.`,
        );
      const text = await context.withProgress(`Reading the deployed template of ${stack}…`, (signal) =>
        store.template(stack, signal),
      );
      const left = deps.deployed.set(stack, text, path.extname(right.fsPath) || ".yaml");
      await vscode.commands.executeCommand(
        "vscode.diff",
        left,
        right,
        `${stack} (deployed) ↔ ${shownPath(right)}`,
      );
    }),
  ];
}

function firstTemplate(associations: TemplateAssociations, stack: string): vscode.Uri | undefined {
  const first = associations.templatesOf(stack)[0];
  return first ? vscode.Uri.parse(first) : undefined;
}

async function setShowDeleted(show: boolean): Promise<void> {
  await vscode.workspace
    .getConfiguration("awsCicd")
    .update(CloudFormationSetting.showDeletedStacks, show, vscode.ConfigurationTarget.Global);
}

/** Shows a stack in the tree: the view, the stack selected and expanded (its Resources too, for drift). */
async function revealStack(deps: CloudFormationCommandDeps, name: string, resources = false): Promise<void> {
  const { store, section, tree } = deps;
  if (!store.stacks) await store.loadStacks();
  const stack = store.stack(name);
  if (!stack) throw new UserError(`There is no stack ${name} in this region.`);
  await vscode.commands.executeCommand("awsCicd.pipelines.focus");
  const node = section.nodes.stack(stack.name, stack.id);
  await tree.view.reveal(node, { select: true, focus: true, expand: true });
  if (resources)
    await tree.view.reveal(section.nodes.group(name, "resources"), {
      expand: true,
      select: false,
      focus: false,
    });
}
