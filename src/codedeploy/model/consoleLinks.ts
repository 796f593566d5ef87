import { consoleBase } from "../../aws/consoleLinks";

export function deploymentConsoleUrl(id: string, region: string): string {
  return `${consoleBase(region)}/codesuite/codedeploy/deployments/${encodeURIComponent(id)}?region=${region}`;
}

export function applicationConsoleUrl(application: string, region: string): string {
  return `${consoleBase(region)}/codesuite/codedeploy/applications/${encodeURIComponent(application)}?region=${region}`;
}

export function groupConsoleUrl(application: string, group: string, region: string): string {
  return `${consoleBase(region)}/codesuite/codedeploy/applications/${encodeURIComponent(application)}/deployment-groups/${encodeURIComponent(group)}?region=${region}`;
}
