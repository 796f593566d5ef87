// The `s3` part of a scenario: buckets and the objects in them, for every service that reads S3
// (CodeDeploy's revision bundles and appspecs, CloudFormation's templates named by a TemplateURL
// or a nested stack). Seeded before the services that read them. Format in README.md.
import { makeZip } from "./codedeploy-bundle";
import type { World } from "./state";

/** An object's content: text, lines of text (joined, a newline after each), or the files of a
 *  zip bundle (path → text). */
export type ObjectSpec = string | string[] | Record<string, string>;

export interface BucketSpec {
  name: string;
  /** Default: the region being seeded. */
  region?: string;
  versioning?: boolean;
  /** Objects to put, by key. */
  objects?: Record<string, ObjectSpec>;
}

export interface S3Spec {
  buckets?: BucketSpec[];
}

const DAY_MS = 86_400_000;

function fail(where: string, what: string): never {
  throw new Error(`invalid scenario ${where}: s3: ${what}`);
}

function isObjectSpec(v: unknown): v is ObjectSpec {
  if (typeof v === "string") return true;
  if (Array.isArray(v)) return v.every((line) => typeof line === "string");
  return typeof v === "object" && v !== null && Object.values(v).every((f) => typeof f === "string");
}

export function validateS3(spec: unknown, where: string): void {
  if (spec === undefined) return;
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) fail(where, "not an object");
  const s = spec as S3Spec;
  if (s.buckets !== undefined && !Array.isArray(s.buckets)) fail(where, "buckets must be a list");
  for (const b of s.buckets ?? []) {
    if (typeof b?.name !== "string" || !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(b.name))
      fail(where, `every bucket needs a valid name (${JSON.stringify(b?.name)})`);
    for (const [key, content] of Object.entries(b.objects ?? {}))
      if (!isObjectSpec(content))
        fail(where, `${b.name}/${key}: an object is text, lines of text or files (path → text)`);
  }
}

function contentTypeOf(key: string, content: ObjectSpec): string {
  if (typeof content === "object" && !Array.isArray(content)) return "application/zip";
  if (/\.json$/i.test(key)) return "application/json";
  if (/\.ya?ml$/i.test(key)) return "text/yaml";
  return "text/plain";
}

function bodyOf(content: ObjectSpec): Buffer {
  if (typeof content === "string") return Buffer.from(content);
  if (Array.isArray(content)) return Buffer.from(content.join("\n") + "\n");
  return makeZip(content);
}

/** Loads the `s3` part of a scenario: its buckets (in `regionName` unless they say), and their
 *  objects. A bucket seeded before (another region's seeding, an earlier sim.seed) is kept and
 *  gets the objects. */
export function seedS3(world: World, regionName: string, spec: S3Spec | undefined, now: number): void {
  for (const b of spec?.buckets ?? []) {
    const bucket =
      world.s3.buckets.get(b.name) ??
      world.s3.createBucket(b.name, b.region ?? regionName, b.versioning ?? false, now - 200 * DAY_MS);
    for (const [key, content] of Object.entries(b.objects ?? {}))
      world.s3.put(bucket, key, bodyOf(content), contentTypeOf(key, content), {}, {}, now - DAY_MS);
  }
}
