import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { deferred } from "../../../src/core/deferred";

describe("an API used before its connection is resolved", () => {
  it("forwards calls once the target is ready, and is not itself a promise", async () => {
    let resolve!: (api: { twice(n: number): Promise<number> }) => void;
    const ready = new Promise<{ twice(n: number): Promise<number> }>((r) => (resolve = r));
    const api = deferred(() => ready);
    const answer = api.twice(21);
    resolve({ twice: (n) => Promise.resolve(n * 2) });
    assert.equal(await answer, 42);
    assert.equal((api as unknown as { then?: unknown }).then, undefined);
  });
});
