/** How long an echo of a selection the extension set is awaited. */
export const ECHO_MS = 500;

const keyOf = (groups: readonly string[]): string => [...groups].sort().join("\n");

/**
 * The groups chosen in a multi-select quick pick whose list the extension changes while the user
 * checks items, told apart from the quick pick's echoes of what the extension set.
 *
 * VS Code reports a selection the extension set as if the user had made it: replacing the items
 * reports none checked, then the selection set with them. And a user's check is computed against
 * the list on screen: when the extension sends a new list and selection before that check reaches
 * it, the screen then shows the extension's selection without the check, and the next report is
 * that stale echo. So every report is matched against the echoes still expected; one that matches
 * none is the user's; and once no echo is expected, a screen that differs from what is chosen is
 * set again (the user's check shows again rather than being undone).
 */
export class PickedGroups {
  private chosenNow: Set<string>;
  private echoes: { key: string; until: number }[] = [];

  constructor(
    preselected: readonly string[],
    private readonly now: () => number = Date.now,
  ) {
    this.chosenNow = new Set(preselected);
  }

  get chosen(): ReadonlySet<string> {
    return this.chosenNow;
  }

  /** The groups to check in a new list of `groups`; its echoes (none checked, then these) are expected. */
  listed(groups: readonly string[]): string[] {
    const selected = groups.filter((g) => this.chosenNow.has(g));
    const until = this.now() + ECHO_MS;
    this.echoes.push({ key: "", until });
    if (selected.length > 0) this.echoes.push({ key: keyOf(selected), until });
    return selected;
  }

  /**
   * The quick pick reports `selected` checked in a list of `groups` (every group it holds, shown or
   * hidden by what is typed). Returns the groups to check again when the screen is not what is
   * chosen and no echo is still coming, else undefined.
   */
  reported(selected: readonly string[], groups: readonly string[]): string[] | undefined {
    const now = this.now();
    this.echoes = this.echoes.filter((e) => e.until > now);
    const key = keyOf(selected);
    const echo = this.echoes.findIndex((e) => e.key === key);
    if (echo >= 0) {
      // Reports come in order: the echoes before this one came or are not coming.
      this.echoes.splice(0, echo + 1);
    } else {
      const held = new Set(groups);
      this.chosenNow = new Set([...[...this.chosenNow].filter((g) => !held.has(g)), ...selected]);
    }
    if (this.echoes.length > 0) return undefined;
    const expected = groups.filter((g) => this.chosenNow.has(g));
    if (keyOf(expected) === key) return undefined;
    this.echoes.push({ key: keyOf(expected), until: now + ECHO_MS });
    return expected;
  }
}
