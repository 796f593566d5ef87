// Loaded on first use (in dist/lazy/documents.js, with the yaml parser): template parsing and checks.
export { checkTemplate } from "./model/template/checks";
export { errorPosition } from "./model/template/errorPosition";
export { templateInfo } from "./model/template/info";
export { parseTemplate } from "./model/template/parse";
