// Loaded on first use (in a file of dist/lazy/: scripts/build.mjs): simple-git.
export { simpleGit } from "simple-git";
