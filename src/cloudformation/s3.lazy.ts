// Loaded on first use (a separate file in dist/), only to deploy a template over 51,200 bytes:
// the S3 client that lists buckets and uploads the template.
export { ListBucketsCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
