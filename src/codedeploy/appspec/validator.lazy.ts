// Loaded on first use (a separate file in dist/, with the yaml parser): the appspec validator.
export { appSpecPlatform, docAt, keyPathAt, validateAppSpec } from "./validate";
