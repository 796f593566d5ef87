/** The characters of a build's log kept for the problem matchers (the start of the log). */
const MAX_KEPT_CHARS = 16_000_000;

/**
 * The start of a build's log, kept for the problem matchers. Each delivered batch is kept as one
 * string: a string per line (each a slice of its event's message) cost about three times the
 * log's characters.
 */
export class KeptLog {
  private readonly chunks: string[] = [];
  private chars = 0;
  private full = false;

  constructor(private readonly maxChars = MAX_KEPT_CHARS) {}

  add(lines: readonly string[]): void {
    if (this.full) return;
    let count = 0;
    let size = 0;
    for (const line of lines) {
      if (this.chars + size + line.length > this.maxChars) {
        this.full = true;
        break;
      }
      size += line.length;
      count++;
    }
    if (count === 0) return;
    this.chunks.push(lines.slice(0, count).join("\n"));
    this.chars += size;
  }

  /** The lines kept (none of them holds a line break: they were split at them). */
  lines(): string[] {
    return this.chunks.length === 0 ? [] : this.chunks.join("\n").split("\n");
  }
}
