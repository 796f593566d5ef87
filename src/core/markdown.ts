/** Text from AWS (names, summaries, commit messages, error messages) shown as text, never as Markdown. */

const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-.!|<>~&$:]/g;

/**
 * Escapes every character Markdown, HTML or a codicon (`$(name)`) could read, so AWS text in
 * a MarkdownString renders as the text it is: no links, images, HTML or icons.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(MARKDOWN_SPECIAL, (c) => `\\${c}`).replace(/\r?\n/g, "  \n");
}

/** Inline code with a fence longer than any run of backticks inside. */
export function markdownCode(text: string): string {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === "`" ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text.replace(/\r?\n/g, " ")}${pad}${fence}`;
}

/** A Markdown link to an https URL from AWS data (the caller checked it with isSafeLink). */
export function markdownLink(text: string, url: string): string {
  const target = new URL(url).href.replace(/[()<> ]/g, (c) => encodeURIComponent(c));
  return `[${escapeMarkdown(text)}](${target})`;
}
