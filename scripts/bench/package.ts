import { execFileSync } from "node:child_process";
import { join } from "node:path";

export const root = join(__dirname, "..", "..");
let packaged = false;

/** A fresh production build and VSIX, once per bench run: the figures are of what is shipped now. */
export function ensurePackaged(): void {
  if (packaged) return;
  execFileSync("npm", ["run", "--silent", "package"], { cwd: root, stdio: "ignore" });
  packaged = true;
}
