/**
 * The name of the extension output channel an `output:` editor shows, if it is one: VS Code
 * gives such an editor the channel's id as its path, `extension-output-<extension>-#<n>-<name>`.
 */
export function outputChannelName(uri: { scheme: string; path: string }): string | undefined {
  if (uri.scheme !== "output") return undefined;
  return /^extension-output-.*?-#\d+-(.*)$/s.exec(uri.path)?.[1];
}
