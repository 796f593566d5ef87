// Loaded on first use (a separate file in dist/, with the yaml parser): the buildspec validator.
export { keyPathAt, validateBuildspec } from "./validate";
