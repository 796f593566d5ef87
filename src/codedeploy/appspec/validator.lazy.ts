// Loaded on first use (in dist/lazy/documents.js, with the yaml parser): the appspec validator.
export { appSpecPlatform, docAt, keyPathAt, validateAppSpec } from "./validate";
