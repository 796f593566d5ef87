import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { BUNDLE_EXTENSIONS, type BundleType } from "./model/push";

export interface BundleFile {
  /** The bundle in the temporary folder: upload it, then `dispose()` it. */
  readonly file: string;
  readonly size: number;
  /** Paths in the bundle, with forward slashes. */
  readonly entries: readonly string[];
  dispose(): Promise<void>;
}

/** Folders never put in a bundle (what `aws deploy push` leaves out too: version control). */
const SKIPPED = new Set([".git", ".hg", ".svn"]);

/** The files under `folder` (relative, forward slashes), without version-control folders. */
export async function bundleEntries(folder: string, signal?: AbortSignal): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    if (signal?.aborted) throw abortError();
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const entry of entries) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name)) await walk(path.join(dir, entry.name), rel);
      } else if (entry.isFile()) out.push(rel);
    }
  };
  await walk(folder, "");
  return out;
}

function abortError(): Error {
  const error = new Error("The request was aborted");
  error.name = "AbortError";
  return error;
}

/**
 * Bundles a folder the way `aws deploy push` does — a zip (or a tar, or a gzipped tar) of
 * everything in it but version control, the appspec at its root — into a temporary file,
 * with archiver. Aborting stops it and removes the file.
 */
export async function bundleFolder(
  folder: string,
  type: BundleType,
  signal: AbortSignal,
): Promise<BundleFile> {
  const { ZipArchive, TarArchive } = await import("archiver");
  const entries = await bundleEntries(folder, signal);
  const file = path.join(tmpdir(), `aws-cicd-${randomBytes(6).toString("hex")}${BUNDLE_EXTENSIONS[type]}`);
  const archive =
    type === "zip" ? new ZipArchive({ zlib: { level: 9 } }) : new TarArchive({ gzip: type === "tgz" });
  const output = createWriteStream(file);
  const dispose = () => rm(file, { force: true });
  const onAbort = () => archive.abort();
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    await new Promise<void>((resolve, reject) => {
      output.on("close", () => resolve());
      output.on("error", reject);
      archive.on("error", reject);
      archive.on("warning", reject);
      archive.pipe(output);
      for (const entry of entries) archive.file(path.join(folder, ...entry.split("/")), { name: entry });
      archive.finalize().catch(reject);
      signal.addEventListener("abort", () => reject(abortError()), { once: true });
    });
  } catch (error) {
    output.destroy();
    await dispose();
    throw error;
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
  const { size } = await stat(file);
  return { file, size, entries, dispose };
}
