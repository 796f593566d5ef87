import { accountOf, consoleBase, regionOf } from "../../aws/consoleLinks";
import type { Build } from "./types";

export function projectConsoleUrl(projectArn: string, projectName: string, fallbackRegion: string): string {
  const region = regionOf(projectArn) ?? fallbackRegion;
  const account = accountOf(projectArn) ?? "";
  return `${consoleBase(region)}/codesuite/codebuild/${account}/projects/${encodeURIComponent(projectName)}?region=${region}`;
}

export function buildConsoleUrl(build: Build, fallbackRegion: string): string {
  const region = regionOf(build.arn) ?? fallbackRegion;
  const account = accountOf(build.arn) ?? "";
  return (
    `${consoleBase(region)}/codesuite/codebuild/${account}/projects/${encodeURIComponent(build.projectName)}` +
    `/build/${encodeURIComponent(build.id)}/?region=${region}`
  );
}
