// Loaded on first use (dist/lazy/bundle.js, with archiver): bundling a folder for a push.
export { bundleEntries, bundleFolder } from "./bundler";
