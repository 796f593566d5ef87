// S3 operations the simulator serves, enough to hold what CloudFormation reads from S3 (large
// templates, nested stacks' templates): buckets, and objects put and read whole.
import { SIM_ACCOUNT_ID, SIM_USER } from "./constants";
import { SimError } from "./errors";
import type { Handler } from "./op-context";
import { escapeXml } from "./query-protocol";
import type { S3Answer } from "./s3-protocol";
import { bucketsOf, createBucket, putObject, type S3Bucket } from "./s3-store";
import type { Json, RegionState } from "./state";

const NS = "http://s3.amazonaws.com/doc/2006-03-01/";
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function str(input: Json, name: string): string {
  const v = input[name];
  return typeof v === "string" ? v : "";
}

function bucketOf(region: RegionState, name: string): S3Bucket {
  const bucket = bucketsOf(region).get(name);
  if (!bucket) throw new SimError("NoSuchBucket", "The specified bucket does not exist", 404);
  return bucket;
}

const iso = (ms: number) => new Date(ms).toISOString();
const answer = (a: S3Answer): Json => a as Json;

const listBuckets: Handler = ({ region }) => {
  const buckets = [...bucketsOf(region).values()]
    .map(
      (b) =>
        `<Bucket><Name>${escapeXml(b.name)}</Name><CreationDate>${iso(b.created)}</CreationDate></Bucket>`,
    )
    .join("");
  return answer({
    xml:
      `<ListAllMyBucketsResult xmlns="${NS}"><Owner><ID>${SIM_ACCOUNT_ID}</ID><DisplayName>${SIM_USER}</DisplayName></Owner>` +
      `<Buckets>${buckets}</Buckets></ListAllMyBucketsResult>`,
  });
};

const createBucketOp: Handler = ({ region, input, clock }) => {
  const name = str(input.body, "Bucket");
  if (!BUCKET_NAME.test(name)) throw new SimError("InvalidBucketName", "The specified bucket is not valid.");
  if (bucketsOf(region).has(name))
    throw new SimError(
      "BucketAlreadyOwnedByYou",
      "Your previous request to create the named bucket succeeded and you already own it.",
      409,
    );
  createBucket(region, name, clock.now());
  return answer({ headers: { Location: `/${name}` } });
};

const headBucket: Handler = ({ region, input }) => {
  bucketOf(region, str(input.body, "Bucket"));
  return answer({ headers: { "x-amz-bucket-region": region.region } });
};

const deleteBucket: Handler = ({ region, input }) => {
  const bucket = bucketOf(region, str(input.body, "Bucket"));
  if (bucket.objects.size > 0)
    throw new SimError("BucketNotEmpty", "The bucket you tried to delete is not empty", 409);
  bucketsOf(region).delete(bucket.name);
  return answer({ status: 204 });
};

const listObjects: Handler = ({ region, input }) => {
  const bucket = bucketOf(region, str(input.body, "Bucket"));
  const prefix = str(input.body.Query as Json, "prefix");
  const contents = [...bucket.objects]
    .filter(([key]) => key.startsWith(prefix))
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .slice(0, 1000)
    .map(
      ([key, o]) =>
        `<Contents><Key>${escapeXml(key)}</Key><LastModified>${iso(o.lastModified)}</LastModified><ETag>${escapeXml(o.etag)}</ETag>` +
        `<Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
    )
    .join("");
  return answer({
    xml:
      `<ListBucketResult xmlns="${NS}"><Name>${escapeXml(bucket.name)}</Name><Prefix>${escapeXml(prefix)}</Prefix>` +
      `<KeyCount>${contents.split("<Contents>").length - 1}</KeyCount><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${contents}</ListBucketResult>`,
  });
};

const putObjectOp: Handler = ({ region, input, clock }) => {
  const bucket = bucketOf(region, str(input.body, "Bucket"));
  const body = Buffer.from(str(input.body, "Body"), "base64");
  const object = putObject(
    bucket,
    str(input.body, "Key"),
    body,
    clock.now(),
    str(input.body, "ContentType") || undefined,
  );
  return answer({ headers: { ETag: object.etag } });
};

function objectOf(region: RegionState, input: Json) {
  const object = bucketOf(region, str(input, "Bucket")).objects.get(str(input, "Key"));
  if (!object) throw new SimError("NoSuchKey", "The specified key does not exist.", 404);
  return object;
}

const getObject: Handler = ({ region, input }) => {
  const object = objectOf(region, input.body);
  return answer({
    headers: {
      ETag: object.etag,
      "Last-Modified": new Date(object.lastModified).toUTCString(),
      "Content-Type": object.contentType ?? "binary/octet-stream",
    },
    base64: object.body.toString("base64"),
  });
};

const headObject: Handler = ({ region, input }) => {
  const object = objectOf(region, input.body);
  return answer({
    headers: {
      ETag: object.etag,
      "Last-Modified": new Date(object.lastModified).toUTCString(),
      "Content-Type": object.contentType ?? "binary/octet-stream",
      "x-amz-meta-size": String(object.body.length),
    },
  });
};

const deleteObject: Handler = ({ region, input }) => {
  bucketOf(region, str(input.body, "Bucket")).objects.delete(str(input.body, "Key"));
  return answer({ status: 204 });
};

export const s3Ops: Record<string, Handler> = {
  ListBuckets: listBuckets,
  CreateBucket: createBucketOp,
  HeadBucket: headBucket,
  DeleteBucket: deleteBucket,
  ListObjects: listObjects,
  ListObjectsV2: listObjects,
  PutObject: putObjectOp,
  GetObject: getObject,
  HeadObject: headObject,
  DeleteObject: deleteObject,
};
