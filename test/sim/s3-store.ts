// The simulator's S3: buckets (bucket names are global, each bucket lives in one region) and
// their objects, as much as a CodeDeploy push and CloudFormation's templates (TemplateURL, nested
// stacks) need, and the URL forms S3 objects are named by. One store per simulator (World.s3).
import { createHash, randomBytes } from "node:crypto";

export interface S3Object {
  key: string;
  body: Buffer;
  etag: string;
  lastModified: number;
  contentType: string;
  versionId?: string;
  checksums: Record<string, string>;
  metadata: Record<string, string>;
}

export interface Bucket {
  name: string;
  region: string;
  created: number;
  versioning: boolean;
  /** Newest version of each key. */
  objects: Map<string, S3Object>;
  /** Every version, for versioned buckets ("key\nversionId"). */
  versions: Map<string, S3Object>;
}

export class S3Store {
  readonly buckets = new Map<string, Bucket>();

  createBucket(name: string, region: string, versioning = false, created = Date.now()): Bucket {
    const bucket: Bucket = { name, region, created, versioning, objects: new Map(), versions: new Map() };
    this.buckets.set(name, bucket);
    return bucket;
  }

  put(
    bucket: Bucket,
    key: string,
    body: Buffer,
    contentType: string,
    checksums: Record<string, string>,
    metadata: Record<string, string>,
    lastModified = Date.now(),
  ): S3Object {
    const object: S3Object = {
      key,
      body,
      etag: `"${createHash("md5").update(body).digest("hex")}"`,
      lastModified,
      contentType,
      checksums,
      metadata,
      ...(bucket.versioning ? { versionId: randomBytes(24).toString("base64url").slice(0, 32) } : {}),
    };
    bucket.objects.set(key, object);
    if (object.versionId) bucket.versions.set(`${key}\n${object.versionId}`, object);
    return object;
  }

  /** The object at bucket/key (a given version, or the newest), if any. */
  get(bucketName: string, key: string, versionId?: string): S3Object | undefined {
    const bucket = this.buckets.get(bucketName);
    if (!bucket) return undefined;
    return versionId ? bucket.versions.get(`${key}\n${versionId}`) : bucket.objects.get(key);
  }

  /** The object an S3 object URL names (https, path style or virtual-hosted style), if any. */
  at(url: string): S3Object | undefined {
    const where = parseS3Url(url);
    return where ? this.get(where.bucket, where.key, where.versionId) : undefined;
  }
}

/** Bucket, key (and versionId) of an S3 object URL, path style or virtual-hosted style, if it is one. */
export function parseS3Url(url: string): { bucket: string; key: string; versionId?: string } | undefined {
  let parsed: URL;
  let path: string;
  try {
    parsed = new URL(url);
    path = decodeURIComponent(parsed.pathname.slice(1));
  } catch {
    return undefined;
  }
  const host = parsed.hostname;
  const versionId = parsed.searchParams.get("versionId") ?? undefined;
  const version = versionId ? { versionId } : {};
  // s3.amazonaws.com, s3.us-east-1.amazonaws.com, s3-us-west-2.amazonaws.com: path style.
  if (/^s3([.-][a-z0-9-]+)?\.amazonaws\.com$/.test(host)) {
    const slash = path.indexOf("/");
    return slash > 0 ? { bucket: path.slice(0, slash), key: path.slice(slash + 1), ...version } : undefined;
  }
  const hosted = /^(.+)\.s3([.-][a-z0-9-]+)?\.amazonaws\.com$/.exec(host);
  if (hosted && path) return { bucket: hosted[1]!, key: path, ...version };
  return undefined;
}
