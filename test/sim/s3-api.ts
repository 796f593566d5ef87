// S3 operations (REST, see s3-protocol.ts): PutObject, HeadObject, GetObject, HeadBucket,
// CreateBucket and ListBuckets (every bucket of the account, whatever its region, as S3 lists them). A bucket is reached from its own region only: from another, S3 answers 301
// PermanentRedirect with the bucket's region in `x-amz-bucket-region`, as a regional endpoint does.
import { SIM_USER } from "./constants";
import type { Handler, OpContext } from "./op-context";
import { escapeXml } from "./query-protocol";
import { S3Error, type S3Answer } from "./s3-protocol";
import type { Bucket, S3Object } from "./s3-store";
import type { Json } from "./state";

/** A member the S3 front-end parsed (strings only). */
function text(value: unknown, fallback = ""): string {
  return typeof value === "string" ? value : fallback;
}

function bucketOf(ctx: OpContext): Bucket {
  const name = text(ctx.input.body.Bucket);
  const bucket = ctx.world.s3.buckets.get(name);
  if (!bucket)
    throw new S3Error("NoSuchBucket", "The specified bucket does not exist", 404, { BucketName: name });
  if (bucket.region !== ctx.region.region)
    throw new S3Error(
      "PermanentRedirect",
      "The bucket you are attempting to access must be addressed using the specified endpoint. Please send all future requests to this endpoint.",
      301,
      { Bucket: name, Endpoint: `s3.${bucket.region}.amazonaws.com` },
      { "x-amz-bucket-region": bucket.region },
    );
  return bucket;
}

function objectHeaders(o: S3Object, withChecksums: boolean): Record<string, string> {
  return {
    "Content-Type": o.contentType,
    "Last-Modified": new Date(o.lastModified).toUTCString(),
    ETag: o.etag,
    "Accept-Ranges": "bytes",
    ...(o.versionId ? { "x-amz-version-id": o.versionId } : {}),
    "x-amz-server-side-encryption": "AES256",
    ...(withChecksums ? o.checksums : {}),
    ...Object.fromEntries(Object.entries(o.metadata).map(([k, v]) => [`x-amz-meta-${k}`, v])),
  };
}

function objectOf(ctx: OpContext): S3Object {
  const bucket = bucketOf(ctx);
  const key = text(ctx.input.body.Key);
  const version = ctx.input.body.VersionId as string | undefined;
  const object = version ? bucket.versions.get(`${key}\n${version}`) : bucket.objects.get(key);
  if (!object) throw new S3Error("NoSuchKey", "The specified key does not exist.", 404, { Key: key });
  return object;
}

const answer = (a: S3Answer): Json => a as unknown as Json;

const NS = "http://s3.amazonaws.com/doc/2006-03-01/";

/** ListBuckets: by name; `prefix` and `bucket-region` filter, `max-buckets` pages (the token is
 *  the last name listed). */
const listBuckets: Handler = (ctx) => {
  const query = (ctx.input.body.Query ?? {}) as Record<string, string>;
  const prefix = query.prefix ?? "";
  const inRegion = query["bucket-region"];
  const after = query["continuation-token"]
    ? Buffer.from(query["continuation-token"], "base64url").toString("utf8")
    : "";
  const max = query["max-buckets"] !== undefined ? Number(query["max-buckets"]) : undefined;
  if (max !== undefined && !(Number.isInteger(max) && max >= 1 && max <= 10_000))
    throw new S3Error("InvalidArgument", "max-buckets must be an integer from 1 to 10000.", 400, {
      ArgumentName: "max-buckets",
    });
  const all = [...ctx.world.s3.buckets.values()]
    .filter((b) => b.name.startsWith(prefix) && (!inRegion || b.region === inRegion) && b.name > after)
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const page = max !== undefined ? all.slice(0, max) : all;
  const more = page.length < all.length;
  const buckets = page
    .map(
      (b) =>
        `<Bucket><Name>${escapeXml(b.name)}</Name><CreationDate>${new Date(b.created).toISOString()}</CreationDate>` +
        `<BucketRegion>${escapeXml(b.region)}</BucketRegion></Bucket>`,
    )
    .join("");
  const token = more
    ? `<ContinuationToken>${Buffer.from(page[page.length - 1]!.name).toString("base64url")}</ContinuationToken>`
    : "";
  return answer({
    headers: { "Content-Type": "application/xml" },
    body:
      `<?xml version="1.0" encoding="UTF-8"?>\n<ListAllMyBucketsResult xmlns="${NS}">` +
      `<Owner><ID>${ctx.region.accountId}</ID><DisplayName>${SIM_USER}</DisplayName></Owner>` +
      `<Buckets>${buckets}</Buckets>${token}${prefix ? `<Prefix>${escapeXml(prefix)}</Prefix>` : ""}</ListAllMyBucketsResult>`,
  });
};

export const s3Ops: Record<string, Handler> = {
  ListBuckets: listBuckets,

  PutObject(ctx) {
    const bucket = bucketOf(ctx);
    const body = ctx.input.body;
    const object = ctx.world.s3.put(
      bucket,
      text(body.Key),
      body.Body as Buffer,
      text(body.ContentType, "binary/octet-stream"),
      body.Checksums as Record<string, string>,
      body.Metadata as Record<string, string>,
    );
    return answer({
      headers: {
        ETag: object.etag,
        "x-amz-server-side-encryption": "AES256",
        ...(object.versionId ? { "x-amz-version-id": object.versionId } : {}),
        ...object.checksums,
      },
    });
  },

  HeadObject(ctx) {
    const o = objectOf(ctx);
    // Node sends no body for HEAD, but its length is the object's, as S3 answers.
    return answer({ headers: objectHeaders(o, ctx.input.body.ChecksumMode === "ENABLED"), body: o.body });
  },

  GetObject(ctx) {
    const o = objectOf(ctx);
    return answer({ headers: objectHeaders(o, ctx.input.body.ChecksumMode === "ENABLED"), body: o.body });
  },

  HeadBucket(ctx) {
    const bucket = bucketOf(ctx);
    return answer({ headers: { "x-amz-bucket-region": bucket.region } });
  },

  CreateBucket(ctx) {
    const name = text(ctx.input.body.Bucket);
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name))
      throw new S3Error("InvalidBucketName", "The specified bucket is not valid.", 400, { BucketName: name });
    const known = ctx.world.s3.buckets.get(name);
    if (known)
      throw new S3Error(
        "BucketAlreadyOwnedByYou",
        "Your previous request to create the named bucket succeeded and you already own it.",
        409,
        {
          BucketName: name,
        },
      );
    const xml = Buffer.isBuffer(ctx.input.body.Body) ? ctx.input.body.Body.toString("utf8") : "";
    const region = /<LocationConstraint>([^<]+)<\/LocationConstraint>/.exec(xml)?.[1] ?? "us-east-1";
    if (region !== ctx.region.region)
      throw new S3Error(
        "IllegalLocationConstraintException",
        `The ${region} location constraint is incompatible for the region specific endpoint this request was sent to.`,
        400,
      );
    ctx.world.s3.createBucket(name, region, false, ctx.clock.now());
    return answer({ headers: { Location: `/${name}` } });
  },
};
