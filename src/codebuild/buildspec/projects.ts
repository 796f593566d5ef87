import { isOneOfRemotes } from "../../git/sourceMatch";
import type { Project } from "../model/types";

const MAX = 5;

/**
 * The projects that build with this buildspec: those whose buildspec path is this file's path
 * in the repository (an empty one means `buildspec.yml` at the root), narrowed to the projects
 * whose source is this repository when one of its remotes matches any of them.
 */
export function projectsForBuildspec(
  projects: readonly Project[],
  pathInRepository: string,
  remoteUrls: readonly string[],
): Project[] {
  const path = pathInRepository.replace(/\\/g, "/").replace(/^\.\//, "");
  const byPath = projects.filter((p) => {
    const spec = p.buildspec?.trim();
    if (!spec) return path === "buildspec.yml";
    if (spec.includes("\n") || spec.startsWith("arn:")) return false;
    return spec.replace(/^\.\//, "") === path;
  });
  const sameRepo = byPath.filter((p) => isOneOfRemotes(p.sourceLocation, remoteUrls));
  return (sameRepo.length > 0 ? sameRepo : byPath).slice(0, MAX);
}
