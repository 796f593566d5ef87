// CSI sequences (colours, cursor moves), OSC sequences (titles, links) and lone escapes.
const ANSI =
  // eslint-disable-next-line no-control-regex
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]|\u009b[0-?]*[ -/]*[@-~]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/** A CloudWatch event message as output lines: ANSI stripped, trailing newline dropped, CRLF normalised. */
export function messageLines(message: string): string[] {
  const clean = stripAnsi(message).replace(/\r\n?/g, "\n");
  const trimmed = clean.endsWith("\n") ? clean.slice(0, -1) : clean;
  return trimmed.split("\n");
}
