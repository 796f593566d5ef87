import { abortError } from "./abort";
import type { IDisposable } from "./disposable";
import { Emitter } from "./events";

/** What waits on the gate: the scheduler's jobs and the log followers, before each request. */
export interface Gate {
  readonly isOpen: boolean;
  /** Resolves at once while the gate is open, else when it opens; rejects when `signal` aborts. */
  whenOpen(signal?: AbortSignal): Promise<void>;
}

export interface ActivityGateOptions {
  /** How long the window may be unfocused before background work pauses. */
  readonly idleAfterMs?: number;
  readonly setTimeout?: (fn: () => void, ms: number) => unknown;
  readonly clearTimeout?: (handle: unknown) => void;
}

/**
 * Whether background work may run. It is held while something says so (the extension has not
 * finished activating) and when the window has been unfocused for a minute; it opens again on
 * focus, and `onDidOpen` lets the pollers refresh at once.
 */
export class ActivityGate implements Gate, IDisposable {
  private readonly holds = new Set<string>();
  private readonly waiters = new Set<() => void>();
  private idleTimer: unknown;
  private readonly onDidOpenEmitter = new Emitter<void>();
  private readonly onDidHoldEmitter = new Emitter<string>();
  /** The gate closed (the reason it holds for). */
  readonly onDidHold = this.onDidHoldEmitter.event;
  /** The gate opened after being held: refresh what is shown. */
  readonly onDidOpen = this.onDidOpenEmitter.event;
  private readonly idleAfterMs: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;

  constructor(options: ActivityGateOptions = {}) {
    this.idleAfterMs = options.idleAfterMs ?? 60_000;
    this.setTimer = options.setTimeout ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimeout ?? ((h) => clearTimeout(h as NodeJS.Timeout));
  }

  get isOpen(): boolean {
    return this.holds.size === 0;
  }

  whenOpen(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError());
    if (this.isOpen) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        this.waiters.delete(go);
        reject(abortError());
      };
      const go = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      this.waiters.add(go);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  hold(reason: string): void {
    const wasOpen = this.isOpen;
    this.holds.add(reason);
    if (wasOpen) this.onDidHoldEmitter.fire(reason);
  }

  release(reason: string): void {
    if (!this.holds.delete(reason) || !this.isOpen) return;
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const go of waiters) go();
    this.onDidOpenEmitter.fire();
  }

  /**
   * The window's focus: unfocused for `idleAfterMs` holds the gate (at once when `now`: a window
   * that starts unfocused has nobody looking at it); focus releases it.
   */
  setFocused(focused: boolean, now = false): void {
    this.clearTimer(this.idleTimer);
    this.idleTimer = undefined;
    if (focused) this.release("unfocused");
    else if (now) this.hold("unfocused");
    else this.idleTimer = this.setTimer(() => this.hold("unfocused"), this.idleAfterMs);
  }

  dispose(): void {
    this.clearTimer(this.idleTimer);
    this.onDidOpenEmitter.dispose();
    this.onDidHoldEmitter.dispose();
  }
}
