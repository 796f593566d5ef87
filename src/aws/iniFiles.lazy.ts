// Loaded on first use (a separate file in dist/): the SDK's reader of ~/.aws/config and credentials.
export { loadSharedConfigFiles } from "@smithy/shared-ini-file-loader";
