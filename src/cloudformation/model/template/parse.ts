import { parseJsonTree } from "./jsonTree";
import type { ParsedTemplate } from "./tree";
import { parseYamlTree } from "./yamlTree";

/** Whether a template's text is JSON (it starts with `{`) rather than YAML. */
export function isJsonText(text: string): boolean {
  return /^\s*\{/.test(text.slice(0, 1024));
}

/** Parses a template, JSON or YAML (with CloudFormation's short-form tags). */
export function parseTemplate(text: string): ParsedTemplate {
  return isJsonText(text) ? parseJsonTree(text) : parseYamlTree(text);
}
