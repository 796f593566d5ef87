/** Ownership: every listener, timer, stream and channel belongs to something that disposes it. */

/** Anything that can be disposed (the shape of `vscode.Disposable`). */
export interface IDisposable {
  dispose(): void;
}

export function toDisposable(dispose: () => void): IDisposable {
  let done = false;
  return {
    dispose: () => {
      if (done) return;
      done = true;
      dispose();
    },
  };
}

/**
 * The one base for a class that owns things: `register()` what it creates, and disposing it
 * disposes them, newest first, once. Something registered after disposal is disposed at once.
 */
export class Disposable implements IDisposable {
  private owned: IDisposable[] = [];
  private isDisposed = false;

  protected register<T extends IDisposable>(item: T): T {
    if (this.isDisposed) item.dispose();
    else this.owned.push(item);
    return item;
  }

  /** Whether `dispose()` has run. */
  protected get disposed(): boolean {
    return this.isDisposed;
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    const owned = this.owned.reverse();
    this.owned = [];
    for (const item of owned) {
      try {
        item.dispose();
      } catch {
        // One failing disposal must not keep the rest alive.
      }
    }
  }
}

/** A bag of disposables with a public `add()`: for a composition root that owns parts it did not write. */
export class DisposableStore extends Disposable {
  add<T extends IDisposable>(item: T): T {
    return this.register(item);
  }
}
