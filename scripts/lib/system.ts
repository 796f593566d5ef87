// Debian packages that code-server's install and the browser tests need. Missing ones are
// named with the apt-get line that installs them, and installed when running as root.
import { existsSync } from "node:fs";
import { onPath, run } from "./proc";

interface SystemRequirement {
  /** The Debian package that provides it. */
  readonly debian: string;
  readonly why: string;
  readonly present: () => boolean;
}

const requirements: Record<string, SystemRequirement> = {
  chromium: {
    debian: "chromium",
    why: "the browser Playwright drives",
    present: () => existsSync("/usr/bin/chromium"),
  },
  ripgrep: {
    debian: "ripgrep",
    why: "seeds @vscode/ripgrep (its install script would download from GitHub)",
    present: () => existsSync("/usr/bin/rg"),
  },
  krb5: {
    debian: "libkrb5-dev",
    why: "gssapi headers for code-server's kerberos module",
    present: () => existsSync("/usr/include/gssapi/gssapi.h") || existsSync("/usr/include/krb5.h"),
  },
  git: { debian: "git", why: "the sample workspace is a git repository", present: () => onPath("git") },
  compiler: {
    debian: "build-essential",
    why: "node-gyp builds code-server's native modules",
    present: () => onPath("make") && onPath("g++"),
  },
  python: { debian: "python3", why: "node-gyp", present: () => onPath("python3") },
};

export type RequirementName = keyof typeof requirements;

/** Names the missing packages; installs them with apt-get when root, else throws with the line to run. */
export function ensureSystemPackages(names: readonly RequirementName[], log: (line: string) => void): void {
  const missing = names
    .map((name) => requirements[name])
    .filter((r): r is SystemRequirement => !!r && !r.present());
  if (missing.length === 0) {
    return;
  }
  const packages = [...new Set(missing.map((r) => r.debian))];
  const line = `apt-get update && apt-get install -y --no-install-recommends ${packages.join(" ")}`;
  for (const r of missing) {
    log(`missing Debian package ${r.debian}: ${r.why}`);
  }
  if (process.getuid?.() !== 0) {
    throw new Error(`Install the missing packages first (as root): ${line}`);
  }
  log(`installing: ${line}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  run("apt-get", ["update"], { env });
  run("apt-get", ["install", "-y", "--no-install-recommends", ...packages], { env });
  const stillMissing = missing.filter((r) => !r.present()).map((r) => r.debian);
  if (stillMissing.length > 0) {
    throw new Error(`apt-get did not provide: ${stillMissing.join(", ")}`);
  }
}
