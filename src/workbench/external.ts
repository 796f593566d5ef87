import * as vscode from "vscode";
import { isSafeLink } from "../core/links";
import { UserError } from "./commands";

/** Opens a link from AWS data in the browser: https only, anything else is refused with a message. */
export async function openAwsLink(link: string | undefined, what: string): Promise<void> {
  if (!isSafeLink(link)) {
    throw new UserError(`The ${what} is not an https link, so it was not opened: ${link ?? "(none)"}`);
  }
  await vscode.env.openExternal(vscode.Uri.parse(link, true));
}
