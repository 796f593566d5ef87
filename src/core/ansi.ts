/**
 * Escape sequences, in the order they are tried: CSI (colours, cursor moves: ESC [ params
 * final, or the one-byte C1 CSI), OSC (titles, links: ESC ] text, ended by BEL or ESC \),
 * nF escapes (character sets: ESC ( B, which `tput sgr0` prints) and two-byte escapes.
 *
 * Linear: every alternative starts with ESC or C1 CSI, and each repeated class is followed by
 * a class it does not overlap (parameters 0-?, intermediates space-/, final @-~; OSC text stops
 * at BEL and ESC), so a failed attempt costs one scan up to the next escape.
 */
const ANSI =
  // eslint-disable-next-line no-control-regex
  /\u001b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[ -/]+[0-~]|\u001b[0-~]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/** A CloudWatch event message as output lines: ANSI stripped, trailing newline dropped, CRLF normalised. */
export function messageLines(message: string): string[] {
  const clean = stripAnsi(message).replace(/\r\n?/g, "\n");
  const trimmed = clean.endsWith("\n") ? clean.slice(0, -1) : clean;
  return trimmed.split("\n");
}
