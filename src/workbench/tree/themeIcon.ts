import * as vscode from "vscode";
import type { StatusLook } from "../../core/statusLook";

/** A codicon in a theme colour. */
export function icon(name: string, color?: string): vscode.ThemeIcon {
  return new vscode.ThemeIcon(name, color ? new vscode.ThemeColor(color) : undefined);
}

export function lookIcon(look: StatusLook): vscode.ThemeIcon {
  return icon(look.icon, look.color);
}
