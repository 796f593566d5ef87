import type { SharedConfig } from "./connection";

/** Reads ~/.aws/config and ~/.aws/credentials (or AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE). */
export async function loadSharedConfig(): Promise<SharedConfig> {
  const { loadSharedConfigFiles } = await import("./iniFiles.lazy.js");
  try {
    const files = await loadSharedConfigFiles({ ignoreCache: true });
    return { configFile: files.configFile, credentialsFile: files.credentialsFile };
  } catch {
    return { configFile: {}, credentialsFile: {} };
  }
}
