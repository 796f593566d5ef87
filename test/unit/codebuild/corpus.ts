import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The real-world corpus (../shared/corpus beside the repository; see its README): files from
 * public repositories, taken unchanged.
 */
export const corpusDir = join(__dirname, "..", "..", "..", "..", "shared", "corpus");

/** The files of one corpus folder whose names match, sorted; fails when the folder is missing. */
export function corpusFiles(folder: string, pattern: RegExp): { name: string; path: string }[] {
  const dir = join(corpusDir, folder);
  if (!existsSync(dir))
    throw new Error(`The corpus folder ${dir} is missing (it sits beside the repository).`);
  return readdirSync(dir)
    .filter((name) => pattern.test(name))
    .sort()
    .map((name) => ({ name, path: join(dir, name) }));
}

export function readCorpusFile(path: string): string {
  return readFileSync(path, "utf8");
}
