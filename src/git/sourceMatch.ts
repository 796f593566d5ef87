/**
 * Which CodeBuild projects (and later pipelines) build this repository: a git remote URL and a
 * project's source location are reduced to the same key, "host/owner/name" or
 * "codecommit/region/name".
 */
export function repositoryKey(location: string | undefined): string | undefined {
  if (!location) return undefined;
  const url = location
    .trim()
    .replace(/\.git$/, "")
    .replace(/\/+$/, "");
  // CodeCommit: https://git-codecommit.us-east-1.amazonaws.com/v1/repos/NAME, ssh://…, codecommit::us-east-1://NAME, codecommit://NAME
  const cc =
    /git-codecommit\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/v1\/repos\/([^/?#]+)/i.exec(url) ??
    /^codecommit::([a-z0-9-]+):\/\/(?:[^@/]+@)?([^/?#]+)$/i.exec(url);
  if (cc) return `codecommit/${cc[1]!.toLowerCase()}/${cc[2]!.toLowerCase()}`;
  const ccDefault = /^codecommit:\/\/(?:[^@/]+@)?([^/?#]+)$/i.exec(url);
  if (ccDefault) return `codecommit/*/${ccDefault[1]!.toLowerCase()}`;
  // git@github.com:org/name, ssh://git@host/org/name, https://host/org/name
  const scp = /^[\w.-]+@([\w.-]+):(.+)$/.exec(url);
  if (scp) return `${sshHost(scp[1]!)}/${scp[2]!.toLowerCase()}`;
  const http = /^(https?|ssh|git):\/\/(?:[^@/]+@)?([\w.-]+)(?::\d+)?\/(.+)$/i.exec(url);
  if (http) {
    const host = http[1]!.toLowerCase() === "ssh" ? sshHost(http[2]!) : http[2]!.toLowerCase();
    return `${host}/${http[3]!.toLowerCase()}`;
  }
  // CodeStar connection FullRepositoryId: "org/name"
  if (/^[\w.-]+\/[\w.-]+$/.test(url)) return `*/${url.toLowerCase()}`;
  return undefined;
}

/**
 * An SSH remote's host; "*" (any) for a host alias of ~/.ssh/config (`git@github-work:org/x`, a
 * name without a dot), which stands for a real host this cannot know.
 */
function sshHost(host: string): string {
  const lower = host.toLowerCase();
  return lower.includes(".") || lower === "localhost" ? lower : "*";
}

/** A repository's remotes: every one (origin first) when known, else the one it names. */
export function remoteUrlsOf(head: {
  readonly remoteUrl?: string;
  readonly remoteUrls?: readonly string[];
}): readonly string[] {
  return head.remoteUrls ?? (head.remoteUrl ? [head.remoteUrl] : []);
}

/** Whether a project's or pipeline's source location is one of a repository's remotes. */
export function isOneOfRemotes(location: string | undefined, remoteUrls: readonly string[]): boolean {
  return remoteUrls.some((url) => sameRepository(location, url));
}

/** Whether two locations name the same repository ("*" matches any host or region). */
export function sameRepository(a: string | undefined, b: string | undefined): boolean {
  const ka = repositoryKey(a);
  const kb = repositoryKey(b);
  if (!ka || !kb) return false;
  const pa = ka.split("/");
  const pb = kb.split("/");
  if (pa.length !== pb.length) {
    // "*/org/name" against "github.com/org/name"
    const tail = (p: string[]) => p.slice(-2).join("/");
    return (pa[0] === "*" || pb[0] === "*") && tail(pa) === tail(pb);
  }
  return pa.every((part, i) => part === pb[i] || part === "*" || pb[i] === "*");
}
