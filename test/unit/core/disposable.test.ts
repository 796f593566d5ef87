import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Disposable, DisposableStore, toDisposable } from "../../../src/core/disposable";

class Owner extends Disposable {
  own(dispose: () => void): void {
    this.register(toDisposable(dispose));
  }
}

describe("the Disposable base", () => {
  it("disposes what it registered, newest first, once", () => {
    const order: string[] = [];
    const owner = new Owner();
    owner.own(() => order.push("first"));
    owner.own(() => order.push("second"));
    owner.dispose();
    owner.dispose();
    assert.deepEqual(order, ["second", "first"]);
  });

  it("disposes at once what is registered after it was disposed", () => {
    const owner = new Owner();
    owner.dispose();
    let disposed = false;
    owner.own(() => (disposed = true));
    assert.ok(disposed);
  });

  it("goes on disposing when one of its parts throws", () => {
    const store = new DisposableStore();
    let last = false;
    store.add(toDisposable(() => (last = true)));
    store.add(
      toDisposable(() => {
        throw new Error("broken");
      }),
    );
    store.dispose();
    assert.ok(last);
  });
});
