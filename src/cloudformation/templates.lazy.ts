// Loaded on first use (a separate file in dist/, with the yaml parser): template parsing and checks.
export { checkTemplate } from "./model/template/checks";
export { errorPosition } from "./model/template/errorPosition";
export { templateInfo } from "./model/template/info";
export { parseTemplate } from "./model/template/parse";
