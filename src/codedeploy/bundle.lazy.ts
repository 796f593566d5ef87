// Loaded on first use (a separate file in dist/, with archiver): bundling a folder for a push.
export { bundleEntries, bundleFolder } from "./bundler";
