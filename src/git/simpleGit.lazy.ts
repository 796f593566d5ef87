// Loaded on first use (a separate file in dist/): simple-git.
export { simpleGit } from "simple-git";
