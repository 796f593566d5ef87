import type * as vscode from "vscode";
import { activateCloudFormation } from "./cloudformation";
import { activateCodeBuild } from "./codebuild";
import { activateCodeDeploy } from "./codedeploy";
import { activateCodePipeline } from "./codepipeline";
import { log } from "./workbench/logger";
import { SharedParts, type ServiceModule } from "./workbench/workbench";

/** The services, in the order their sections appear in the tree. A new service is one more line. */
const SERVICES: readonly ServiceModule[] = [
  activateCodeBuild,
  activateCodePipeline,
  activateCodeDeploy,
  activateCloudFormation,
];

/**
 * Wires the parts together and returns. Nothing here makes a network call or loads an SDK
 * client: the tree loads when it is shown, the pollers start after activation returns.
 */
export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const shared = new SharedParts(context);
  context.subscriptions.push(shared);
  for (const service of SERVICES) context.subscriptions.push(service(shared));
  shared.startAfterActivation();
  log.info("activate", `activated in ${(performance.now() - started).toFixed(1)} ms`);
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions and disposed by VS Code.
}
