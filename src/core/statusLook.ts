/** What a status looks like: a codicon, its theme colour and a word. */
export interface StatusLook {
  readonly icon: string;
  readonly color?: string;
  readonly word: string;
}
