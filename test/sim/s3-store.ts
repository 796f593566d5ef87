// S3 as far as the simulator needs it: buckets and objects per region (templates CloudFormation
// reads from a TemplateURL, nested stacks' templates), and the URL forms S3 objects are named by.
import { createHash } from "node:crypto";
import type { RegionState } from "./state";

export interface S3Object {
  readonly body: Buffer;
  readonly etag: string;
  readonly lastModified: number;
  readonly contentType?: string;
}

export interface S3Bucket {
  readonly name: string;
  readonly created: number;
  readonly objects: Map<string, S3Object>;
}

const stores = new WeakMap<RegionState, Map<string, S3Bucket>>();

/** The buckets of a simulated region, by name. */
export function bucketsOf(region: RegionState): Map<string, S3Bucket> {
  let buckets = stores.get(region);
  if (!buckets) {
    buckets = new Map();
    stores.set(region, buckets);
  }
  return buckets;
}

export function createBucket(region: RegionState, name: string, now: number): S3Bucket {
  const buckets = bucketsOf(region);
  let bucket = buckets.get(name);
  if (!bucket) {
    bucket = { name, created: now, objects: new Map() };
    buckets.set(name, bucket);
  }
  return bucket;
}

export function putObject(
  bucket: S3Bucket,
  key: string,
  body: Buffer,
  now: number,
  contentType?: string,
): S3Object {
  const object = {
    body,
    etag: `"${createHash("md5").update(body).digest("hex")}"`,
    lastModified: now,
    ...(contentType ? { contentType } : {}),
  };
  bucket.objects.set(key, object);
  return object;
}

/** Bucket and key of an S3 object URL (path style or virtual-hosted style), if it is one. */
export function parseS3Url(url: string): { bucket: string; key: string } | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const host = parsed.hostname;
  const path = decodeURIComponent(parsed.pathname.slice(1));
  // s3.amazonaws.com, s3.us-east-1.amazonaws.com, s3-us-west-2.amazonaws.com: path style.
  if (/^s3([.-][a-z0-9-]+)?\.amazonaws\.com$/.test(host)) {
    const slash = path.indexOf("/");
    return slash > 0 ? { bucket: path.slice(0, slash), key: path.slice(slash + 1) } : undefined;
  }
  const hosted = /^(.+)\.s3([.-][a-z0-9-]+)?\.amazonaws\.com$/.exec(host);
  if (hosted && path) return { bucket: hosted[1]!, key: path };
  return undefined;
}

/** The object an S3 URL names in this region, if the simulator holds it. */
export function objectAt(region: RegionState, url: string): S3Object | undefined {
  const where = parseS3Url(url);
  return where ? bucketsOf(region).get(where.bucket)?.objects.get(where.key) : undefined;
}
