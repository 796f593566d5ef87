import * as vscode from "vscode";
import { looksLikeTemplate } from "../model/template/recognize";

/** The documents a template can be in: YAML and JSON files (and the `cloudformation` language some extensions add). */
export const TEMPLATE_SELECTOR: vscode.DocumentSelector = [
  { language: "yaml" },
  { language: "json" },
  { language: "cloudformation" },
  { pattern: "**/*.{template,cfn.yaml,cfn.yml,cfn.json}" },
];

/** Whether a document is a CloudFormation template (checked on its first 64 KiB, linear). */
export function isTemplate(document: vscode.TextDocument): boolean {
  if (vscode.languages.match(TEMPLATE_SELECTOR, document) === 0) return false;
  if (
    document.uri.scheme !== "file" &&
    document.uri.scheme !== "untitled" &&
    document.uri.scheme !== "vscode-remote"
  )
    return false;
  return looksLikeTemplate(document.getText());
}

/** The workspace-relative path of a document, for messages. */
export function shownPath(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}
