/** The argument a tree node, the status bar, a notification or the graph passes to a command. */
export interface NodeArg {
  readonly kind?: unknown;
  readonly name?: unknown;
  readonly id?: unknown;
  readonly pipeline?: unknown;
  readonly stage?: unknown;
  readonly action?: unknown;
}

export function nodeArg(arg: unknown): NodeArg {
  return typeof arg === "object" && arg !== null ? arg : {};
}

export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
