// The few DOM members the page-side callbacks of the helpers use. The project compiles without
// the "dom" lib (extension code must not see browser globals), so callbacks that run in the
// page declare their parameters with these instead.
export interface DomElement {
  readonly id: string;
  readonly textContent: string | null;
  /** Absent on text nodes. */
  readonly classList?: ArrayLike<string> & { contains(name: string): boolean };
  readonly childNodes: ArrayLike<DomElement>;
  readonly style?: { readonly top: string; readonly height: string };
  readonly clientHeight?: number;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
  querySelectorAll(selector: string): ArrayLike<DomElement>;
}

export interface DomSelect extends DomElement {
  readonly selectedIndex: number;
  readonly options: ArrayLike<{ readonly text: string }>;
}
