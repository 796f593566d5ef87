// Loaded on first use (a separate file in dist/), only to upload: a CodeDeploy bundle, or a
// CloudFormation template over 51,200 bytes (and the bucket list to pick where).
export { HeadObjectCommand, ListBucketsCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
