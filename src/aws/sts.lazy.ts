// Loaded on first use (a separate file in dist/): STS, for the account a confirmation names.
export { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
