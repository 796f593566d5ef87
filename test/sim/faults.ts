// Injected failures: the next N calls of an operation answer an error instead.
import { SimError } from "./errors";

export interface Faults {
  /** Next `times` calls of `target` answer 400 ThrottlingException "Rate exceeded". */
  throttle(target: string, times: number): void;
  /** Next `times` calls of `target` answer the given error code with the given HTTP status. */
  fail(target: string, times: number, code: string, status: number): void;
  /** Forget every pending fault. */
  clear(): void;
}

interface Pending {
  times: number;
  make: () => SimError;
}

export class FaultTable implements Faults {
  private readonly pending = new Map<string, Pending[]>();

  throttle(target: string, times: number): void {
    this.add(target, times, () => new SimError("ThrottlingException", "Rate exceeded", 400));
  }

  fail(target: string, times: number, code: string, status: number): void {
    this.add(
      target,
      times,
      () => new SimError(code, `Simulated ${code} (fault injected by the test)`, status),
    );
  }

  clear(): void {
    this.pending.clear();
  }

  private add(target: string, times: number, make: () => SimError): void {
    if (!(times > 0)) return;
    const list = this.pending.get(target) ?? [];
    list.push({ times, make });
    this.pending.set(target, list);
  }

  /** `target` may be registered as "Prefix.Op" or just "Op". Consumes one occurrence. */
  take(fullTarget: string): SimError | undefined {
    const op = fullTarget.slice(fullTarget.indexOf(".") + 1);
    for (const key of [fullTarget, op]) {
      const list = this.pending.get(key);
      const first = list?.[0];
      if (!list || !first) continue;
      first.times--;
      if (first.times <= 0) list.shift();
      if (list.length === 0) this.pending.delete(key);
      return first.make();
    }
    return undefined;
  }
}
