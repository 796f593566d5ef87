/** The pure parts of "deploy what I have here": names, the description, and S3's refusals in words. */

export type BundleType = "zip" | "tar" | "tgz";

export const BUNDLE_EXTENSIONS: Record<BundleType, string> = { zip: ".zip", tar: ".tar", tgz: ".tar.gz" };

/** A key for a new bundle: `<application>/<application>-<commit7 or time><ext>`. */
export function defaultBundleKey(
  application: string,
  bundleType: BundleType,
  commit: string | undefined,
  now: Date,
): string {
  const stamp = commit ? commit.slice(0, 7) : now.toISOString().replace(/[-:]/g, "").replace(/\..*$/, "");
  return `${application}/${application}-${stamp}${BUNDLE_EXTENSIONS[bundleType]}`;
}

/** A remembered key for the next push: the same folder, this bundle's name. */
export function nextBundleKey(
  remembered: string | undefined,
  application: string,
  bundleType: BundleType,
  commit: string | undefined,
  now: Date,
): string {
  const fresh = defaultBundleKey(application, bundleType, commit, now);
  if (!remembered) return fresh;
  const slash = remembered.lastIndexOf("/");
  const folder = slash >= 0 ? remembered.slice(0, slash + 1) : "";
  return `${folder}${fresh.slice(fresh.lastIndexOf("/") + 1)}`;
}

/** What a deployment says about where it came from: the branch and commit (CodeDeploy keeps ≤ 100 characters). */
export function deploymentDescription(
  branch: string | undefined,
  commit: string | undefined,
  subject: string | undefined,
): string {
  const parts = [branch, commit?.slice(0, 7), subject].filter((p): p is string => !!p && p.trim() !== "");
  const text = parts.length > 0 ? parts.join(" ") : "Deployed from VS Code";
  return text.length > 100 ? `${text.slice(0, 99)}…` : text;
}

/** Why a bucket name cannot be one (S3's rules), or undefined. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return "A bucket name has 3 to 63 characters.";
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name))
    return "A bucket name has lower-case letters, digits, dots and hyphens, and starts and ends with a letter or digit.";
  if (/\.\./.test(name)) return "A bucket name has no two dots in a row.";
  return undefined;
}

export function keyProblem(key: string): string | undefined {
  if (key.trim() === "") return "Give the object key, e.g. api-service/api-service.zip.";
  if (key.startsWith("/")) return "An S3 key does not start with '/'.";
  if (Buffer.byteLength(key, "utf8") > 1024) return "An S3 key has at most 1024 bytes.";
  return undefined;
}

interface S3ErrorLike {
  name?: unknown;
  Code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string | undefined> };
}

/**
 * S3's refusal of the upload (or of a HeadObject) in words that name what to fix, or undefined
 * for an error that is not about the bucket or key (credentials, network…: the wrapper words those).
 */
export function s3Problem(error: unknown, bucket: string, key: string, region: string): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as S3ErrorLike;
  const name = typeof e.name === "string" ? e.name : typeof e.Code === "string" ? e.Code : "";
  const status = e.$metadata?.httpStatusCode;
  const bucketRegion = e.$response?.headers?.["x-amz-bucket-region"];
  if (name === "NoSuchBucket")
    return `The S3 bucket ${bucket} does not exist. Create it in ${region} (or pick another bucket); nothing was uploaded.`;
  if (bucketRegion && bucketRegion !== region)
    return `The S3 bucket ${bucket} is in ${bucketRegion}, not ${region}: CodeDeploy reads revisions from a bucket in the deployment's region. Pick a bucket in ${region}; nothing was uploaded.`;
  if (name === "PermanentRedirect" || name === "AuthorizationHeaderMalformed" || status === 301)
    return `The S3 bucket ${bucket} is in another region than ${region}: CodeDeploy reads revisions from a bucket in the deployment's region. Pick a bucket in ${region}; nothing was uploaded.`;
  if (name === "AccessDenied" || status === 403)
    return `Access to s3://${bucket}/${key} was denied: the profile needs s3:PutObject (and s3:GetObject) on it. Nothing was uploaded.`;
  if (name === "InvalidBucketName") return `${bucket} is not a valid bucket name.`;
  return undefined;
}

/** `owner/name` of a GitHub remote URL (https, ssh or scp form), as written; undefined for another host. */
export function githubRepository(remoteUrl: string | undefined): string | undefined {
  if (!remoteUrl) return undefined;
  const m =
    /^(?:https?|ssh|git):\/\/(?:[^@/]+@)?github\.com(?::\d+)?\/([^/\s]+)\/([^/\s]+?)(?:\.git)?\/?$/i.exec(
      remoteUrl.trim(),
    ) ?? /^[\w.-]+@github\.com:([^/\s]+)\/([^/\s]+?)(?:\.git)?$/i.exec(remoteUrl.trim());
  return m ? `${m[1]}/${m[2]}` : undefined;
}
