import { Disposable, toDisposable } from "./disposable";

/** Something that loads what it shows first (a section of the pipeline tree). */
export interface Loadable {
  load(): Promise<void>;
}

/**
 * The order in which a view's parts load. The first time, the first part loads alone: the
 * others' modules and first requests would share the extension host's one thread with it, and
 * the first part is what the user looks at first. The others start when its rows have been
 * given to VS Code (`startOthers`) or it failed, at the latest after `maxWaitMs`: started when it
 * had merely loaded, they kept the thread busy while VS Code's ask for its rows waited (first
 * rows in code-server, 5 windows each: click → rows 1.82 → 1.32 s median). Later rounds (a
 * refresh) start every part at once.
 */
export class FirstLoads<T extends Loadable> extends Disposable {
  private readonly settledOnce = new Set<T>();
  private waiting: { readonly start: () => void; readonly timer: NodeJS.Timeout } | undefined;

  constructor(
    private readonly maxWaitMs: number,
    /** A part's load settled (loaded or failed), for tracing. */
    private readonly onSettled: (part: T) => void = () => undefined,
  ) {
    super();
    this.register(toDisposable(() => clearTimeout(this.waiting?.timer)));
  }

  /** Whether the part's load has settled at least once (its rows can be answered at once). */
  hasSettled(part: T): boolean {
    return this.settledOnce.has(part);
  }

  /** One part's load, now. */
  load(part: T): Promise<void> {
    const load = part.load();
    const settle = () => {
      this.settledOnce.add(part);
      this.onSettled(part);
    };
    load.then(settle, settle);
    return load;
  }

  /** Every part's load, in this round's order (see the class). */
  round(parts: readonly T[]): Promise<void>[] {
    const [first, ...others] = parts;
    if (!first) return [];
    const firstLoad = this.load(first);
    let othersMayStart = Promise.resolve();
    if (this.settledOnce.size === 0 && !this.waiting) {
      othersMayStart = new Promise<void>((resolve) => {
        const start = () => {
          if (this.waiting?.start === start) {
            clearTimeout(this.waiting.timer);
            this.waiting = undefined;
          }
          resolve();
        };
        this.waiting = { start, timer: setTimeout(start, this.maxWaitMs) };
        firstLoad.catch(start);
      });
    }
    return [firstLoad, ...others.map((part) => othersMayStart.then(() => this.load(part)))];
  }

  /** Lets the parts after the first start now (the first part's rows were given to VS Code). */
  startOthers(): void {
    this.waiting?.start();
  }
}
