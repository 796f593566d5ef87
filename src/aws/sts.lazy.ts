// Loaded on first use (in a file of dist/lazy/: scripts/build.mjs): STS, for the account a confirmation names.
export { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
