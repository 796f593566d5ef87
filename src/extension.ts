import type * as vscode from "vscode";
import { activateCloudWatch } from "./cloudwatch";
import { activateCloudFormation } from "./cloudformation";
import { activateCodeBuild } from "./codebuild";
import { activateCodeDeploy } from "./codedeploy";
import { activateCodePipeline } from "./codepipeline";
import { epochMs, markOnce } from "./core/marks";
import { log } from "./workbench/logger";
import { SharedParts, type ServiceModule } from "./workbench/workbench";

/** When the bundle's code had run (its last module is this one), for the trace. */
const bundleLoadedAt = epochMs();

/** The services, in the order their sections appear in the tree. A new service is one more line. */
const SERVICES: readonly ServiceModule[] = [
  activateCodeBuild,
  activateCodePipeline,
  activateCodeDeploy,
  activateCloudFormation,
  activateCloudWatch,
];

/**
 * Wires the parts together and returns. Nothing here makes a network call or loads an SDK
 * client: the tree loads when it is shown, the pollers start after activation returns.
 */
export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const calledAt = epochMs();
  const shared = new SharedParts(context);
  markOnce("bundle loaded", undefined, bundleLoadedAt);
  markOnce("activate called", undefined, calledAt);
  context.subscriptions.push(shared);
  for (const service of SERVICES) context.subscriptions.push(service(shared));
  shared.startAfterActivation();
  markOnce("activate returned");
  log.info("activate", `activated in ${(performance.now() - started).toFixed(1)} ms`);
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions and disposed by VS Code.
}
