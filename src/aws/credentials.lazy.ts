// Loaded on first use (in a file of dist/lazy/: scripts/build.mjs): the SDK's credential providers.
export { fromNodeProviderChain } from "@aws-sdk/credential-providers";
