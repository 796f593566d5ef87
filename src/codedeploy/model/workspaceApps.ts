/** A repository's name from a remote URL: `git@github.com:acme/web-app.git` → `web-app`. */
export function repositoryName(remoteUrl: string): string | undefined {
  return (
    remoteUrl
      .trim()
      .replace(/\.git$/, "")
      .replace(/\/+$/, "")
      .split(/[/:]/)
      .pop() || undefined
  );
}

/**
 * The CodeDeploy applications of this workspace: those named as one of `names` (a workspace
 * folder, the folder holding the appspec, a repository of its remotes), or all of them when none
 * is, since an application's name need not be its repository's.
 */
export function workspaceApplications<A extends { readonly name: string }>(
  apps: readonly A[],
  names: Iterable<string>,
): A[] {
  const wanted = new Set(names);
  const named = apps.filter((a) => wanted.has(a.name));
  return named.length > 0 ? named : [...apps];
}
