import { config } from "../workbench/settings";

export const CodeDeploySetting = {
  recentDeployments: "codedeploy.recentDeployments",
} as const;

export function recentDeployments(): number {
  return Math.min(100, Math.max(1, config().get<number>(CodeDeploySetting.recentDeployments, 10)));
}
