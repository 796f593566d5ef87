// Loaded on first use (a separate file in dist/): the SDK's credential providers.
export { fromNodeProviderChain } from "@aws-sdk/credential-providers";
