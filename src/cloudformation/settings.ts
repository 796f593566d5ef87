import { config } from "../workbench/settings";

/** CloudFormation's settings (`awsCicd.cloudformation.*`). */
export const CloudFormationSetting = {
  showDeletedStacks: "cloudformation.showDeletedStacks",
  validateOnSave: "cloudformation.validateOnSave",
  recentEvents: "cloudformation.recentEvents",
  templateBucket: "cloudformation.templateBucket",
} as const;

export function showDeletedStacks(): boolean {
  return config().get<boolean>(CloudFormationSetting.showDeletedStacks, false);
}

export function validateOnSave(): boolean {
  return config().get<boolean>(CloudFormationSetting.validateOnSave, true);
}

export function recentEvents(): number {
  return Math.min(100, Math.max(1, config().get<number>(CloudFormationSetting.recentEvents, 25)));
}

export function templateBucket(): string {
  return config().get<string>(CloudFormationSetting.templateBucket, "").trim();
}
