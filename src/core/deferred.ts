/**
 * An object whose async methods forward to the target `get()` resolves to, so a caller can
 * hold an API before it is ready (the connection is resolved after activation returns).
 */
export function deferred<T extends object>(get: () => Promise<T>): T {
  return new Proxy({} as T, {
    get(_target, property) {
      // Not a thenable: awaiting the proxy itself must not call into the target.
      if (property === "then") return undefined;
      return async (...args: unknown[]) => {
        const target = await get();
        const method = (target as Record<PropertyKey, unknown>)[property];
        if (typeof method !== "function") throw new TypeError(`${String(property)} is not a method`);
        return (method as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
