// Loaded on first use (in dist/lazy/documents.js, with the yaml parser): the buildspec validator.
export { keyPathAt, validateBuildspec } from "./validate";
