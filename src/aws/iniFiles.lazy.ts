// Loaded on first use (in a file of dist/lazy/: scripts/build.mjs): the SDK's reader of ~/.aws/config and credentials.
export { loadSharedConfigFiles } from "@smithy/shared-ini-file-loader";
