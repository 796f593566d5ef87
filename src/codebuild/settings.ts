import { config } from "../workbench/settings";

export const CodeBuildSetting = {
  recentBuilds: "codebuild.recentBuilds",
  notifyBuildFinished: "notifications.buildFinished",
} as const;

export type NotifyWhen = "followed" | "all" | "off";

export function recentBuilds(): number {
  return Math.min(100, Math.max(1, config().get<number>(CodeBuildSetting.recentBuilds, 10)));
}

export function notifyBuildFinished(): NotifyWhen {
  return config().get<NotifyWhen>(CodeBuildSetting.notifyBuildFinished, "followed");
}
